package chart

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatNumber(t *testing.T) {
	tcs := []struct {
		v     float64
		comma bool
		want  string
	}{
		{8.5, true, "8,5"},
		{8.5, false, "8.5"},
		{12, true, "12"},
		{9.25, true, "9,25"},
		{9.256, true, "9,26"},
		{-2, false, "\u22122"},
		{-0.001, true, "0"},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, formatNumber(tc.v, tc.comma), "%v %v", tc.v, tc.comma)
	}
	assert.Equal(t, "+3", formatZ(3))
	assert.Equal(t, "0", formatZ(0))
	assert.Equal(t, "\u22123", formatZ(-3))
}
