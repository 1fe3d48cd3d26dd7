package measure

import (
	"errors"
	"fmt"
	"strconv"
)

// Errors returned by the parsers; flows turn them into kind messages.
var (
	// ErrNotNumber: the text is not a number, or not one this package can
	// read without guessing (an unknown unit, two decimal separators, a
	// number word such as "delapan").
	ErrNotNumber = errors.New("measure: not a number")
	// ErrOutOfRange: the text is a number, but outside the limits of what it
	// measures. The error is a *RangeError.
	ErrOutOfRange = errors.New("measure: out of range")
	// ErrNotDate: the text is not a calendar date this package can read, or
	// names a day that does not exist (31-02-2024).
	ErrNotDate = errors.New("measure: not a date")
)

// RangeError reports a value outside its limits. errors.Is(err,
// ErrOutOfRange) holds for it. The value must be at least Min and at most
// Max, except that a Min of 0 excludes 0 itself: nothing is measured as 0.
type RangeError struct {
	Min, Max float64
	// Unit is the unit of Min and Max: "kg" or "cm".
	Unit string
}

// Error says the limits, not the value, which is health data.
func (e *RangeError) Error() string {
	return fmt.Sprintf("measure: outside %s–%s %s",
		strconv.FormatFloat(e.Min, 'f', -1, 64), strconv.FormatFloat(e.Max, 'f', -1, 64), e.Unit)
}

// Unwrap returns ErrOutOfRange.
func (e *RangeError) Unwrap() error { return ErrOutOfRange }
