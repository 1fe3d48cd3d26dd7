package growth

import "math"

// Input is one measurement of one child, as taken at the posyandu or at home.
// A measurement that was not taken is 0 (or negative); it then gives no
// z-score.
type Input struct {
	Sex      Sex
	Age      Age      // age on the day of the measurement; see AgeFromDates
	Weight   float64  // kg
	LenHei   float64  // length or height in cm, as measured
	Position Position // how LenHei was measured
	Oedema   bool     // bilateral pitting oedema
	HeadC    float64  // head circumference, cm
	ArmC     float64  // mid-upper arm circumference, cm
	TriSkin  float64  // triceps skinfold, mm
	SubSkin  float64  // subscapular skinfold, mm
}

// Result is everything computed from one Input.
type Result struct {
	// AgeDays is the age in whole days (rounded half up); valid when AgeKnown.
	AgeDays  int
	AgeKnown bool
	// CLenHei is the length/height after the 0.7 cm rule, in cm; 0 when no
	// length/height was given.
	CLenHei float64
	// BMI is Weight / (CLenHei/100)², in kg/m²; 0 when either is missing.
	BMI float64
	// Standing9mo is WHO's c9mo flag: the child is under 9 months yet was
	// measured standing, so the position is treated as unknown and no 0.7 cm
	// is added.
	Standing9mo bool
	// Oedema repeats Input.Oedema: weight-based z-scores are then invalid and
	// their categories count as below −3 SD.
	Oedema bool
	// Scores holds every z-score, indexed by Indicator.
	Scores [NumIndicators]Score
	// Categories holds the Indonesian (Permenkes 2/2020) categories.
	Categories Categories
}

// Score is one z-score.
type Score struct {
	// Z is the z-score rounded to 2 decimals, half away from zero, as WHO
	// reports it.
	Z float64
	// Raw is the unrounded z-score.
	Raw float64
	// Valid is false when the z-score cannot be computed (missing or
	// out-of-range input, unknown sex, oedema for weight-based indicators);
	// Z and Raw are then 0.
	Valid bool
	// Flag marks an implausible value by WHO's rule (ALGORITHM.md §6), judged on
	// Z; a flagged score is still reported but left out of prevalence.
	Flag bool
}

// Score returns the z-score of indicator i.
func (r Result) Score(i Indicator) Score {
	if int(i) >= NumIndicators {
		return Score{}
	}
	return r.Scores[i]
}

// Under5 reports whether the child is scored with the 0–5 year standard
// (age known and at most MaxAgeDays). Under5 decides which Indonesian
// categories apply.
func (r Result) Under5() bool { return r.AgeKnown && r.AgeDays <= MaxAgeDays }

// Assess computes every z-score, flag and Indonesian category of one
// measurement, following ALGORITHM.md and INDONESIA.md. It never fails: what
// cannot be computed is left invalid. It does not allocate.
func Assess(in Input) Result {
	ts := tables()
	var r Result
	days, ageKnown := in.Age.Days()
	months, _ := in.Age.Months()
	r.AgeDays, r.AgeKnown, r.Oedema = days, ageKnown, in.Oedema
	sex := in.Sex
	if sex != Male && sex != Female {
		return r
	}
	under5 := ageKnown && days <= MaxAgeDays

	in.Weight, in.LenHei, in.HeadC = measured(in.Weight), measured(in.LenHei), measured(in.HeadC)
	in.ArmC, in.TriSkin, in.SubSkin = measured(in.ArmC), measured(in.TriSkin), measured(in.SubSkin)

	// The 0.7 cm rule (ALGORITHM.md §3.1), with anthro ≥ 1.1's treatment of a
	// standing measurement under 9 months as an unknown position.
	pos := in.Position
	if ageKnown && pos == Standing && months < 9 {
		pos, r.Standing9mo = PositionUnknown, true
	}
	clh := 0.0
	if in.LenHei > 0 {
		clh = in.LenHei
		switch {
		case ageKnown && days <= LengthTableMaxDays && pos == Standing:
			clh += 0.7
		case ageKnown && days > LengthTableMaxDays && pos == Lying:
			clh -= 0.7
		}
	}
	if clh > 0 {
		r.CLenHei = clh
	}
	weight := in.Weight
	if in.Oedema {
		weight = 0
	}
	if in.Weight > 0 && r.CLenHei > 0 {
		m := r.CLenHei / 100
		r.BMI = measured(in.Weight / (m * m))
	}
	bmi := r.BMI
	if in.Oedema {
		bmi = 0
	}

	if under5 {
		r.ageScore(ts, LengthForAge, sex, days, r.CLenHei, false)
		r.ageScore(ts, WeightForAge, sex, days, weight, true)
		r.ageScore(ts, BMIForAge, sex, days, bmi, true)
		r.ageScore(ts, HeadForAge, sex, days, in.HeadC, false)
		r.ageScore(ts, ArmForAge, sex, days, in.ArmC, true)
		r.ageScore(ts, TricepsForAge, sex, days, in.TriSkin, true)
		r.ageScore(ts, SubscapularForAge, sex, days, in.SubSkin, true)
	}
	if (under5 || !ageKnown) && weight > 0 && r.CLenHei > 0 {
		var height bool
		switch {
		case ageKnown:
			height = days > LengthTableMaxDays
		case pos != PositionUnknown:
			height = pos == Standing
		default:
			height = r.CLenHei >= wflHeightSwitch
		}
		if p, ok := lengthParams(ts, sex, r.CLenHei, height); ok {
			r.Scores[WeightForLength] = score(WeightForLength, p.ZRestricted(weight))
		}
	}

	if ageKnown && months >= MinAgeMonths5to19 {
		bmi07 := 0.0
		if weight > 0 && in.LenHei > 0 {
			m := in.LenHei / 100
			bmi07 = measured(weight / (m * m))
		}
		r.monthScore(ts, HeightForAge5to19, sex, months, in.LenHei, MaxAgeMonths5to19, false)
		r.monthScore(ts, WeightForAge5to19, sex, months, weight, MaxAgeMonthsWFA5to19, true)
		r.monthScore(ts, BMIForAge5to19, sex, months, bmi07, MaxAgeMonths5to19, true)
	}
	r.Categories = categorize(&r, in.Oedema)
	return r
}

// ageScore fills the z-score of a 0–5 year age-based indicator.
func (r *Result) ageScore(ts *tableSet, i Indicator, sex Sex, days int, y float64, restricted bool) {
	if !(y > 0) {
		return
	}
	p, ok := ageParams(ts.ageTable(i), sex, days)
	if !ok {
		return
	}
	r.Scores[i] = score(i, lmsZ(p, y, restricted))
}

// monthScore fills the z-score of a 5–19 year indicator for ages below limit.
func (r *Result) monthScore(ts *tableSet, i Indicator, sex Sex, months, y, limit float64, restricted bool) {
	if !(y > 0) || !(months < limit) {
		return
	}
	p, ok := monthParams(ts.ageTable(i), sex, months)
	if !ok {
		return
	}
	r.Scores[i] = score(i, lmsZ(p, y, restricted))
}

func lmsZ(p LMS, y float64, restricted bool) float64 {
	if restricted {
		return p.ZRestricted(y)
	}
	return p.Z(y)
}

// measured returns x when it is a usable measurement (positive and finite),
// else 0 for "not measured".
func measured(x float64) float64 {
	if x > 0 && x <= math.MaxFloat64 {
		return x
	}
	return 0
}
