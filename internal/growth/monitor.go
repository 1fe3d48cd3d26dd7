package growth

import (
	"math"
	"time"
)

// Weighing is one weight of a child on one day.
type Weighing struct {
	Date   time.Time // the calendar day of the weighing
	Weight float64   // kg; a weighing with Weight ≤ 0 is ignored
}

// Trend is the monthly growth status written on the KMS / SKDN register.
type Trend string

// The trends of INDONESIA.md §2.
const (
	TrendN Trend = "N" // naik: gained at least the KBM since last month
	TrendT Trend = "T" // tidak naik: gained less than the KBM, or lost weight
	TrendO Trend = "O" // not weighed last month, so N/T cannot be judged
	TrendB Trend = "B" // baru: first weighing
)

// Status codes that are not a Trend but share its label namespace.
const (
	StatusTwoT = "2T"  // T twice in a row
	StatusBGM  = "BGM" // bawah garis merah: weight-for-age below −3 SD
)

// LabelKey returns the locale key of the trend's label, e.g. "growth.status.N".
func (t Trend) LabelKey() string { return "growth.status." + string(t) }

// Status is the growth-monitoring verdict for one weighing.
type Status struct {
	Trend Trend
	// TwoT is true when this weighing and the one of the month before are both T.
	TwoT bool
	// BGM is true when weight-for-age is below −3 SD (the red line); false
	// when it cannot be computed (unknown sex or birth date, age over 60 months).
	BGM bool
	// GainGrams is the weight change since last month's weighing, in grams;
	// valid for N and T only.
	GainGrams int
	// KBMGrams is the minimum gain for N at this age; valid for N and T only.
	KBMGrams int
	// AgeMonths is the age in completed months at the weighing; -1 when the
	// birth date is unknown or after the weighing.
	AgeMonths int
}

// KBM returns the kenaikan berat badan minimal, the minimum monthly weight
// gain in grams for a child of ageMonths completed months (INDONESIA.md §2.1):
// 800 g at 1 month, 900 g at 2, 800 g at 3, 600 g at 4, 500 g at 5, 400 g at
// 6, 300 g from 7 to 11 and 200 g from 12 months on. A child under 1 month is
// judged as at 1 month.
func KBM(ageMonths int) int {
	switch {
	case ageMonths <= 1:
		return 800
	case ageMonths == 2:
		return 900
	case ageMonths == 3:
		return 800
	case ageMonths == 4:
		return 600
	case ageMonths == 5:
		return 500
	case ageMonths == 6:
		return 400
	case ageMonths <= 11:
		return 300
	}
	return 200
}

// Monitor returns the status of the latest weighing in history (by date; of
// two on the same day, the later in the slice). history need not be sorted.
// Months are calendar months, as at the monthly posyandu: the latest weighing
// of the month before is "last month's". With no valid weighing it returns
// a zero Status.
func Monitor(sex Sex, birth time.Time, history []Weighing) Status {
	i := latest(history, math.MaxInt64)
	if i < 0 {
		return Status{AgeMonths: -1}
	}
	return statusOf(sex, birth, history, i)
}

// MonitorEach returns the status of every weighing in history, in the order
// given; an ignored weighing (Weight ≤ 0) gets a zero Status.
func MonitorEach(sex Sex, birth time.Time, history []Weighing) []Status {
	out := make([]Status, len(history))
	for i, w := range history {
		if w.Weight > 0 {
			out[i] = statusOf(sex, birth, history, i)
		}
	}
	return out
}

func statusOf(sex Sex, birth time.Time, history []Weighing, i int) Status {
	cur := history[i]
	s := Status{AgeMonths: -1}
	if !birth.IsZero() {
		s.AgeMonths = CompletedMonths(birth, cur.Date)
		in := Input{Sex: sex, Age: AgeFromDates(birth, cur.Date), Weight: cur.Weight}
		if sc := weightForAge(in); sc.Valid {
			s.BGM = sc.Z < -3
		}
	}
	s.Trend, s.GainGrams, s.KBMGrams = trend(history, i, s.AgeMonths)
	if s.Trend == TrendT {
		p := previousMonth(history, i)
		prevAge := -1
		if !birth.IsZero() {
			prevAge = CompletedMonths(birth, history[p].Date)
		}
		if t, _, _ := trend(history, p, prevAge); t == TrendT {
			s.TwoT = true
		}
	}
	return s
}

// trend judges weighing i against the latest weighing of the calendar month
// before it.
func trend(history []Weighing, i, ageMonths int) (Trend, int, int) {
	cur := history[i]
	if latest(history, monthOf(cur.Date)) < 0 {
		return TrendB, 0, 0
	}
	p := previousMonth(history, i)
	if p < 0 {
		return TrendO, 0, 0
	}
	gain := int(math.Round((cur.Weight - history[p].Weight) * 1000))
	kbm := KBM(ageMonths)
	if gain >= kbm {
		return TrendN, gain, kbm
	}
	return TrendT, gain, kbm
}

// previousMonth returns the index of the latest weighing in the calendar month
// before weighing i's month, or -1.
func previousMonth(history []Weighing, i int) int {
	m := monthOf(history[i].Date)
	j := latest(history, m)
	if j < 0 || monthOf(history[j].Date) != m-1 {
		return -1
	}
	return j
}

// latest returns the index of the latest valid weighing in a month before
// month number before (monthOf), or -1.
func latest(history []Weighing, before int64) int {
	best := -1
	for j, w := range history {
		if !(w.Weight > 0) || monthOf(w.Date) >= before {
			continue
		}
		if best < 0 || !w.Date.Before(history[best].Date) {
			best = j
		}
	}
	return best
}

// monthOf numbers calendar months consecutively.
func monthOf(t time.Time) int64 {
	y, m, _ := t.Date()
	return int64(y)*12 + int64(m) - 1
}

// weightForAge scores only weight-for-age, for the red line.
func weightForAge(in Input) Score {
	days, ok := in.Age.Days()
	if !ok || days > MaxAgeDays || !(in.Weight > 0) {
		return Score{}
	}
	p, ok := ageParams(&tables().wfa, in.Sex, days)
	if !ok {
		return Score{}
	}
	return score(WeightForAge, p.ZRestricted(in.Weight))
}
