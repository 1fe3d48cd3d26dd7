package growth

import "math"

// Age windows of the tables, in the conventions this package follows (see doc.go).
const (
	// MaxAgeDays is the oldest age, in whole days, scored with the 0–5 year
	// standard: 1856 days, the last day of the 60th completed month, as the
	// igrowup macros and WHO Anthro's survey analysis do.
	MaxAgeDays = 1856
	// MinAgeDaysSkinArm is the youngest age, in days, for arm circumference and
	// skinfold z-scores (3 months).
	MinAgeDaysSkinArm = 91
	// LengthTableMaxDays is the last age, in days, of the recumbent-length
	// tables; from 731 days the standing-height tables apply.
	LengthTableMaxDays = 730
	// MinAgeMonths5to19 is the youngest age, in months, scored with the WHO
	// Reference 2007.
	MinAgeMonths5to19 = 60
	// MaxAgeMonths5to19 is the bound, in months, below which height- and
	// BMI-for-age are scored with the WHO Reference 2007 (exclusive).
	MaxAgeMonths5to19 = 229
	// MaxAgeMonthsWFA5to19 is the bound, in months, below which weight-for-age
	// is scored with the WHO Reference 2007 (exclusive): it stops at 10 years.
	MaxAgeMonthsWFA5to19 = 121
)

// Weight-for-length/height table limits, in cm.
const (
	minLengthWFL, maxLengthWFL = 45.0, 110.0
	minHeightWFH, maxHeightWFH = 65.0, 120.0
	// wflHeightSwitch picks the height table when neither age nor position is
	// known.
	wflHeightSwitch = 87.0
)

// score builds a Score from an unrounded z, rounding it as WHO reports it and
// flagging it by the rule of its indicator.
func score(i Indicator, raw float64) Score {
	r := round2(raw)
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return Score{}
	}
	if r == 0 {
		r = 0 // no "-0.00"
	}
	lim := flagLimit[i]
	return Score{Z: r, Raw: raw, Valid: true, Flag: r < lim.lo || r > lim.hi}
}

// round2 rounds half away from zero to 2 decimals, as igrowup does.
func round2(z float64) float64 {
	return math.Round(z*100) / 100
}

// ageParams returns the row of table t for sex at whole age days.
func ageParams(t *table, sex Sex, days int) (LMS, bool) {
	return t.row(sex, days)
}

// monthParams returns the parameters of table t for sex at unrounded age
// months, interpolated linearly between the surrounding whole-month rows.
func monthParams(t *table, sex Sex, months float64) (LMS, bool) {
	lo := math.Floor(months)
	if lo < math.MinInt32 || lo > math.MaxInt32 {
		return LMS{}, false
	}
	a, ok := t.row(sex, int(lo))
	if !ok {
		return LMS{}, false
	}
	f := months - lo
	if f == 0 {
		return a, true
	}
	b, ok := t.row(sex, int(lo)+1)
	if !ok {
		return LMS{}, false
	}
	return interpolate(a, b, f), true
}

// lengthParams returns the weight-for-length (height false) or
// weight-for-height (height true) parameters for sex at cm, interpolated
// between the 0.1 cm rows; false outside the table's range.
//
// The rows are found as anthro finds them, on the double itself: lo =
// trunc(cm*10), hi = trunc(cm*10+1), f = (cm − lo/10)/0.1, interpolated only
// when f > 0. When cm*10 lands a hair below a whole number, cm*10+1 can round
// up past it, and hi is then two rows above lo (103.1 cm lying after 24
// months); anthro then interpolates almost all the way to that row, and so do
// we, or stored z-scores would differ from WHO's by 0.02. The float64
// conversions keep each operation rounded on its own, as R computes it: Go
// may otherwise fuse a multiply and an add.
func lengthParams(ts *tableSet, sex Sex, cm float64, height bool) (LMS, bool) {
	t, lo, hi := &ts.wfl, minLengthWFL, maxLengthWFL
	if height {
		t, lo, hi = &ts.wfh, minHeightWFH, maxHeightWFH
	}
	if !(cm >= lo && cm <= hi) {
		return LMS{}, false
	}
	x10 := float64(cm * 10)
	loRow, hiRow := math.Trunc(x10), math.Trunc(x10+1)
	a, ok := t.row(sex, int(loRow))
	if !ok {
		return LMS{}, false
	}
	f := (cm - loRow/10) / 0.1
	if !(f > 0) {
		return a, true
	}
	b, ok := t.row(sex, int(hiRow))
	if !ok {
		return LMS{}, false // anthro's join finds no upper row: no z-score
	}
	return interpolate(a, b, f), true
}

// ageTable returns the 0–5 year table of an age-based indicator.
func (ts *tableSet) ageTable(i Indicator) *table {
	switch i {
	case LengthForAge:
		return &ts.lhfa
	case WeightForAge:
		return &ts.wfa
	case BMIForAge:
		return &ts.bmi
	case HeadForAge:
		return &ts.hc
	case ArmForAge:
		return &ts.ac
	case TricepsForAge:
		return &ts.ts
	case SubscapularForAge:
		return &ts.ss
	case HeightForAge5to19:
		return &ts.hfa07
	case WeightForAge5to19:
		return &ts.wfa07
	case BMIForAge5to19:
		return &ts.bfa07
	}
	return nil
}

// Params returns the LMS parameters of an age-based indicator for sex at key:
// the age in whole days for the 0–5 year indicators (key is rounded half up),
// the age in months for the 5–19 year ones (interpolated between months). It
// returns false for WeightForLength (see ParamsForLength), an unknown sex or a
// key outside the table.
func Params(i Indicator, sex Sex, key float64) (LMS, bool) {
	ts := tables()
	t := ts.ageTable(i)
	if t == nil || !(key >= 0) || key > 1e6 {
		return LMS{}, false
	}
	if i >= HeightForAge5to19 {
		return monthParams(t, sex, key)
	}
	return ageParams(t, sex, int(math.Floor(key+0.5)))
}

// ParamsForLength returns the weight-for-length (pos Lying) or
// weight-for-height (pos Standing) parameters for sex at cm, interpolated
// between the 0.1 cm rows. It returns false for PositionUnknown, an unknown
// sex or a length outside 45–110 cm (length) or 65–120 cm (height).
func ParamsForLength(sex Sex, cm float64, pos Position) (LMS, bool) {
	if pos != Lying && pos != Standing {
		return LMS{}, false
	}
	return lengthParams(tables(), sex, cm, pos == Standing)
}
