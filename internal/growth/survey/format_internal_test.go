package survey

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestAppendFixed2(t *testing.T) {
	tcs := []struct {
		x    float64
		want string
	}{
		{0, "0.00"}, {-0.57, "-0.57"}, {1.625000013, "1.63"}, {-6.09, "-6.09"}, {84.8000030517578, "84.80"},
		{-0.004, "0.00"}, {12345.678, "12345.68"}, {1e300, strconv.FormatFloat(1e300, 'f', 2, 64)},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, string(appendFixed2(nil, tc.x, '.')), "%v", tc.x)
	}
	assert.Equal(t, "-2,50", string(appendFixed2(nil, -2.5, ',')))
}

func TestParseISODate(t *testing.T) {
	for _, s := range []string{"1970-01-01", "2024-02-29", "2000-02-29", "1899-12-31", "2026-11-28", " 2025-01-01 "} {
		want, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		assert.NoError(t, err)
		got, ok := parseISODate(s)
		assert.True(t, ok, s)
		assert.Equal(t, want.Unix()/86400, got, s)
	}
	for _, s := range []string{"2023-02-29", "1900-02-29", "2025-13-01", "2025-04-31", "2025-1-01", "20250101", "2025-01-0x", ""} {
		_, ok := parseISODate(s)
		assert.False(t, ok, s)
	}
}
