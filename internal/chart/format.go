package chart

import (
	"math"
	"strconv"
	"strings"
)

// formatNumber writes v with no more decimals than it needs (at most two),
// with a decimal comma if asked.
func formatNumber(v float64, comma bool) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "−0"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	s = strings.Replace(s, "-", "\u2212", 1)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatZ writes an SD line's z as the WHO charts do: 0, +2, −2.
func formatZ(z float64) string {
	if z > 0 {
		return "+" + formatNumber(z, false)
	}
	return formatNumber(z, false)
}
