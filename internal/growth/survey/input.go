package survey

import (
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// InputColumns are the input columns InputRow fills, as Score reads them.
var InputColumns = []string{"sex", "birth_date", "visit_date", "weight", "lenhei", "measure", "oedema", "headc", "armc"}

// InputRow writes one measurement as Score's input: sex 1 or 2, ISO dates,
// values with a dot and as many decimals as they have, an empty cell for
// what was not measured, measure l or h, oedema y or n.
func InputRow(sex growth.Sex, birth, visit time.Time, weight, lenhei float64, pos growth.Position, oedema bool,
	headc, armc float64) []string {
	num := func(v float64) string {
		if v <= 0 {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := ""
	switch sex {
	case growth.Male:
		s = "1"
	case growth.Female:
		s = "2"
	}
	measure := ""
	switch pos {
	case growth.Lying:
		measure = "l"
	case growth.Standing:
		measure = "h"
	}
	o := "n"
	if oedema {
		o = "y"
	}
	return []string{s, birth.Format(time.DateOnly), visit.Format(time.DateOnly), num(weight), num(lenhei), measure, o,
		num(headc), num(armc)}
}
