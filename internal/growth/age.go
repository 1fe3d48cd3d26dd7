package growth

import (
	"math"
	"time"
)

// DaysPerMonth is WHO's conversion between days and months of age.
const DaysPerMonth = 30.4375

// Age is a child's age on the day of a measurement. The zero Age is unknown;
// so is an age built from a negative, NaN or infinite value, or from dates
// where the visit is before the birth.
type Age struct {
	days   float64 // unrounded days
	months float64 // unrounded months
	known  bool
}

// AgeInDays returns the age of d days; a fractional d is kept for the month
// conversion and rounded half up where WHO wants whole days.
func AgeInDays(d float64) Age {
	if !(d >= 0) || math.IsInf(d, 1) {
		return Age{}
	}
	return Age{days: d, months: d / DaysPerMonth, known: true}
}

// AgeInMonths returns the age of m months (not rounded), converted to days
// with WHO's 30.4375 days a month.
func AgeInMonths(m float64) Age {
	if !(m >= 0) || math.IsInf(m, 1) {
		return Age{}
	}
	return Age{days: m * DaysPerMonth, months: m, known: true}
}

// AgeFromDates returns the age in whole calendar days from birth to visit.
// Only the calendar dates count: the clock time and time zone of each value
// are ignored. A zero date, or a visit before the birth, gives an unknown Age.
func AgeFromDates(birth, visit time.Time) Age {
	if birth.IsZero() || visit.IsZero() {
		return Age{}
	}
	return AgeInDays(float64(DaysBetween(birth, visit)))
}

// DaysBetween returns the number of calendar days from a to b (negative when b
// is before a), using each value's own calendar date.
func DaysBetween(a, b time.Time) int {
	return int(civilDay(b) - civilDay(a))
}

func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Known reports whether the age is known.
func (a Age) Known() bool { return a.known }

// Days returns the age in whole days, rounded half up as WHO does, and
// whether the age is known.
func (a Age) Days() (int, bool) {
	if !a.known {
		return 0, false
	}
	return int(math.Floor(a.days + 0.5)), true
}

// Months returns the unrounded age in months and whether the age is known.
func (a Age) Months() (float64, bool) {
	return a.months, a.known
}

// CompletedMonths returns the whole months of age between two calendar
// dates ("umur dalam bulan penuh": 2 months 29 days is 2 months), or -1 when
// visit is before birth.
func CompletedMonths(birth, visit time.Time) int {
	by, bm, bd := birth.Date()
	vy, vm, vd := visit.Date()
	n := (vy-by)*12 + int(vm-bm)
	if vd < bd {
		n--
	}
	if n < 0 || DaysBetween(birth, visit) < 0 {
		return -1
	}
	return n
}
