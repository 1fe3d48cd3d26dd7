package growth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func TestPosGiziTarget(t *testing.T) {
	tcs := []struct {
		months, days, want int
	}{
		{24, 14, 94}, {12, 14, 94}, {6, 14, 187}, {9, 14, 140}, {24, 30, 200}, {24, 0, 7},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, growth.PosGiziTarget(tc.months, tc.days), "%d months, %d days", tc.months, tc.days)
	}
	assert.True(t, growth.PosGiziPassed(94, 24, 14))
	assert.False(t, growth.PosGiziPassed(93, 24, 14))
	assert.False(t, growth.PosGiziPassed(-50, 24, 14))
}
