// Package child holds the rules about a child the program follows: who a
// child is (name, sex, birth date), how old they are in words people use,
// which days a measurement may be dated, and how length is measured at each
// age. It has no I/O.
package child

import (
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Sex is a child's sex as stored: "m" or "f".
type Sex string

// The sexes.
const (
	Boy  Sex = "m"
	Girl Sex = "f"
)

// Valid reports whether s is a known sex.
func (s Sex) Valid() bool { return s == Boy || s == Girl }

// Growth returns the sex as internal/growth codes it.
func (s Sex) Growth() growth.Sex {
	switch s {
	case Boy:
		return growth.Male
	case Girl:
		return growth.Female
	}
	return growth.SexUnknown
}

// Relation is how a guardian is related to a child.
type Relation string

// The relations a guardian may give.
const (
	Mother Relation = "ibu"
	Father Relation = "ayah"
	Ward   Relation = "wali"
	Other  Relation = "lainnya"
)

// Relations lists the relations in the order they are offered.
var Relations = []Relation{Mother, Father, Ward, Other}

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool {
	switch r {
	case Mother, Father, Ward, Other:
		return true
	}
	return false
}

// Child is a child as the program knows them.
type Child struct {
	ID            int64
	Name          string
	Sex           Sex
	BirthDate     time.Time // a calendar day (midnight UTC)
	BirthWeightKg float64   // 0 when not known
	BirthLengthCm float64   // 0 when not known
	PosyanduID    int64     // 0 when none
}

// MaxAgeYears is the age from which the program no longer follows a child:
// growth monitoring at the posyandu is for children under five.
const MaxAgeYears = 5

// Errors about dates; flows turn them into kind messages.
var (
	ErrBirthInFuture = errors.New("birth date is in the future")
	ErrTooOld        = errors.New("child is five years or older")
	ErrDateInFuture  = errors.New("date is in the future")
	ErrBeforeBirth   = errors.New("date is before the birth")
	// ErrAfterMeasurement: a corrected birth date falls after a day the
	// child was already measured.
	ErrAfterMeasurement = errors.New("birth date is after a measurement")
)

// CheckBirthDate accepts a birth date that is not after today and makes the
// child younger than MaxAgeYears today.
func CheckBirthDate(birth, today time.Time) error {
	switch {
	case day(birth).After(day(today)):
		return ErrBirthInFuture
	case !day(birth).AddDate(MaxAgeYears, 0, 0).After(day(today)):
		return ErrTooOld
	}
	return nil
}

// CheckMeasureDate accepts the day of a measurement: not after today and
// not before the child's birth.
func CheckMeasureDate(on, birth, today time.Time) error {
	switch {
	case day(on).After(day(today)):
		return ErrDateInFuture
	case day(on).Before(day(birth)):
		return ErrBeforeBirth
	}
	return nil
}

// Age is an age in whole years, months and days, as people say it.
type Age struct {
	Years, Months, Days int
}

// TotalMonths is the age in completed months.
func (a Age) TotalMonths() int { return a.Years*12 + a.Months }

// AgeOn returns the child's age on a day; the zero Age when on is before
// birth.
func AgeOn(birth, on time.Time) Age {
	m := growth.CompletedMonths(birth, on)
	if m < 0 {
		return Age{}
	}
	anniversary := monthsLater(day(birth), m)
	return Age{Years: m / 12, Months: m % 12, Days: growth.DaysBetween(anniversary, day(on))}
}

// monthsLater is the day n whole months after t are complete, as
// growth.CompletedMonths counts them: the same day of the month, or, when
// that month is too short (31 January + 1 month), the first of the next.
func monthsLater(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		return first.AddDate(0, 1, 0)
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// LyingUntilMonths is the age in months up to which length is measured
// lying down (panjang badan); from then on, standing (tinggi badan).
const LyingUntilMonths = 24

// DefaultPosition is how a child of this age is usually measured: lying
// under two years, standing from two years (WHO, Buku KIA).
func DefaultPosition(birth, on time.Time) growth.Position {
	if growth.CompletedMonths(birth, on) < LyingUntilMonths {
		return growth.Lying
	}
	return growth.Standing
}

// day drops the clock time and zone: the calendar day of t, at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Day returns the calendar day of t (its own date) at midnight UTC, the
// form every date in this program takes.
func Day(t time.Time) time.Time { return day(t) }

// ErrNotFound means there is no such child, or none the asker may see:
// the two are never told apart, so a forged id reveals nothing.
var ErrNotFound = errors.New("child not found")
