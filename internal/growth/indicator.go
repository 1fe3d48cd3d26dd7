package growth

// Sex is a child's sex as WHO codes it: 1 male, 2 female. The zero Sex is
// unknown and gives no z-scores.
type Sex uint8

// The sexes.
const (
	SexUnknown Sex = 0
	Male       Sex = 1
	Female     Sex = 2
)

// Position is how length/height was measured.
type Position uint8

// The measuring positions. PositionUnknown lets the age decide (ALGORITHM.md §3.1).
const (
	PositionUnknown Position = iota
	Lying                    // recumbent length ("l", panjang badan)
	Standing                 // standing height ("h", tinggi badan)
)

// Indicator names one z-score.
type Indicator uint8

// The indicators, 0–5 years (WHO Child Growth Standards) then 5–19 years (WHO
// Reference 2007). Name gives each one's WHO column name.
const (
	LengthForAge      Indicator = iota // zlen, length/height-for-age
	WeightForAge                       // zwei
	WeightForLength                    // zwfl, weight-for-length or -height
	BMIForAge                          // zbmi
	HeadForAge                         // zhc, head circumference-for-age
	ArmForAge                          // zac, mid-upper arm circumference-for-age
	TricepsForAge                      // zts, triceps skinfold-for-age
	SubscapularForAge                  // zss, subscapular skinfold-for-age
	HeightForAge5to19                  // zhfa
	WeightForAge5to19                  // zwfa (5–10 years)
	BMIForAge5to19                     // zbfa
	NumIndicators     int       = iota // how many indicators there are
)

var indicatorNames = [NumIndicators]string{
	"zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss", "zhfa", "zwfa", "zbfa",
}

// Name returns the WHO column name of the z-score, such as "zlen"; the flag
// column is the same name with "f" for "z".
func (i Indicator) Name() string {
	if int(i) >= NumIndicators {
		return ""
	}
	return indicatorNames[i]
}

// LabelKey returns the locale key of the indicator's name, e.g.
// "growth.indicator.zlen".
func (i Indicator) LabelKey() string { return "growth.indicator." + i.Name() }

// Indicators returns every indicator in order.
func Indicators() []Indicator {
	out := make([]Indicator, NumIndicators)
	for i := range out {
		out[i] = Indicator(i)
	}
	return out
}

// flagLimit is the implausibility rule of ALGORITHM.md §6: a rounded z below
// lo or above hi is flagged.
var flagLimit = [NumIndicators]struct{ lo, hi float64 }{
	LengthForAge:      {-6, 6},
	WeightForAge:      {-6, 5},
	WeightForLength:   {-5, 5},
	BMIForAge:         {-5, 5},
	HeadForAge:        {-5, 5},
	ArmForAge:         {-5, 5},
	TricepsForAge:     {-5, 5},
	SubscapularForAge: {-5, 5},
	HeightForAge5to19: {-6, 6},
	WeightForAge5to19: {-6, 5},
	BMIForAge5to19:    {-5, 5},
}
