package survey

import (
	"strings"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Input column names (lower case).
const (
	colSex       = "sex"
	colAgeDays   = "age_days"
	colAgeMonths = "age_months"
	colBirthDate = "birth_date"
	colVisitDate = "visit_date"
	colWeight    = "weight"
	colLenHei    = "lenhei"
	colMeasure   = "measure"
	colOedema    = "oedema"
	colHeadC     = "headc"
	colArmC      = "armc"
	colTriSkin   = "triskin"
	colSubSkin   = "subskin"
)

// inputCols are the columns read, in the order of header.in.
var inputCols = [...]string{
	colSex, colAgeDays, colAgeMonths, colBirthDate, colVisitDate, colWeight,
	colLenHei, colMeasure, colOedema, colHeadC, colArmC, colTriSkin, colSubSkin,
}

const (
	inSex = iota
	inAgeDays
	inAgeMonths
	inBirthDate
	inVisitDate
	inWeight
	inLenHei
	inMeasure
	inOedema
	inHeadC
	inArmC
	inTriSkin
	inSubSkin
	numIn
)

// OutputColumns are the columns Score adds, in order: age and adjusted
// measurements, the 0–5 year z-scores and flags (WHO Anthro names), the c9mo
// flag, the 5–19 year z-scores and flags (WHO AnthroPlus names) and the
// Indonesian category codes (BB/U, PB/U or TB/U, BB/PB or BB/TB, IMT/U). A
// column of the same name already in the input is overwritten in place.
var OutputColumns = []string{
	"age_days", "clenhei", "cbmi",
	"zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss",
	"flen", "fwei", "fwfl", "fbmi", "fhc", "fac", "fts", "fss",
	"c9mo",
	"zhfa", "zwfa", "zbfa", "fhfa", "fwfa", "fbfa",
	"cat_wfa", "cat_hfa", "cat_wfh", "cat_bmi",
}

// Indices into OutputColumns.
const (
	outAgeDays = 0
	outCLenHei = 1
	outCBMI    = 2
	outZ05     = 3  // 8 z-scores, LengthForAge … SubscapularForAge
	outF05     = 11 // their 8 flags
	outC9mo    = 19
	outZ519    = 20 // 3 z-scores, HeightForAge5to19 … BMIForAge5to19
	outF519    = 23
	outCat     = 26
)

// header maps a file's columns.
type header struct {
	in       [numIn]int // column index of each input, or -1
	inPlace  []int      // for each file column, the output column written there, or -1
	appended []int      // output columns appended after the file's columns
}

func newHeader(names []string) header {
	var h header
	for i := range h.in {
		h.in[i] = -1
	}
	out := map[string]int{}
	for i, c := range OutputColumns {
		out[c] = i
	}
	h.inPlace = make([]int, len(names))
	seen := make([]bool, len(OutputColumns))
	for j, raw := range names {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(raw, "\ufeff")))
		h.inPlace[j] = -1
		for i, c := range inputCols {
			if name == c && h.in[i] < 0 {
				h.in[i] = j
			}
		}
		if o, ok := out[name]; ok && !seen[o] {
			h.inPlace[j], seen[o] = o, true
		}
	}
	for o := range OutputColumns {
		if !seen[o] {
			h.appended = append(h.appended, o)
		}
	}
	return h
}

// field returns the cell of input column c, or "" when absent.
func (h *header) field(rec []string, c int) string {
	j := h.in[c]
	if j < 0 || j >= len(rec) {
		return ""
	}
	return rec[j]
}

var z05 = [8]growth.Indicator{
	growth.LengthForAge, growth.WeightForAge, growth.WeightForLength, growth.BMIForAge,
	growth.HeadForAge, growth.ArmForAge, growth.TricepsForAge, growth.SubscapularForAge,
}

var z519 = [3]growth.Indicator{growth.HeightForAge5to19, growth.WeightForAge5to19, growth.BMIForAge5to19}
