package skdn

import (
	"errors"
	"fmt"
	"time"
)

// Month is a calendar month, the period of one SKDN report.
type Month struct {
	Year  int
	Month time.Month
}

// ErrBadMonth means a month is not written YYYY-MM.
var ErrBadMonth = errors.New("month must be YYYY-MM")

// ParseMonth reads a month written YYYY-MM, e.g. "2026-11".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("%q: %w", s, ErrBadMonth)
	}
	return MonthOf(t), nil
}

// MonthOf returns the month of a day.
func MonthOf(t time.Time) Month { return Month{Year: t.Year(), Month: t.Month()} }

// First returns the first day of the month (midnight UTC, as every date in
// the program).
func (m Month) First() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// Last returns the last day of the month: the day S and K are counted on.
func (m Month) Last() time.Time { return m.First().AddDate(0, 1, -1) }

// Prev returns the month before.
func (m Month) Prev() Month { return MonthOf(m.First().AddDate(0, -1, 0)) }

// String writes the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }
