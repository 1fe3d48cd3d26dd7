package survey

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

var errNotNumber = errors.New("not a number")

// RowError is a row that could not be read: it gets empty scores.
type RowError struct {
	Line   int    // line number in the file, 1-based (the header is line 1)
	Reason string // what is wrong, e.g. `unreadable weight "8.x"`
}

// Error implements error.
func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// parseSex reads 1/2, m/f, l/p (laki-laki/perempuan) and the full words.
func parseSex(s string) (growth.Sex, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "m", "male", "l", "laki-laki", "laki":
		return growth.Male, true
	case "2", "f", "female", "p", "perempuan":
		return growth.Female, true
	}
	return growth.SexUnknown, false
}

// parsePosition reads l/h (and pb/tb, the Indonesian panjang/tinggi badan);
// anything else is an unknown position, as in WHO's software.
func parsePosition(s string) growth.Position {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "l", "pb":
		return growth.Lying
	case "h", "tb":
		return growth.Standing
	}
	return growth.PositionUnknown
}

// parseOedema reads y/ya/yes/1 as present; everything else is absent.
func parseOedema(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "ya", "yes", "1":
		return true
	}
	return false
}

// parseNumber reads a decimal number with a point or a decimal comma; an
// empty cell is 0 ("not measured").
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.IndexByte(s, ',') >= 0 {
		if strings.IndexByte(s, '.') >= 0 || strings.Count(s, ",") > 1 {
			return 0, errNotNumber
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return 0, errNotNumber
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, errNotNumber
	}
	return x, nil
}
