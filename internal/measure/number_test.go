package measure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

func TestNumber(t *testing.T) {
	tcs := []struct {
		name string
		in   string
		want float64
		err  error
	}{
		{"comma", "8,5", 8.5, nil},
		{"dot", "8.5", 8.5, nil},
		{"spaces and trailing zero", " 8,50 ", 8.5, nil},
		{"whole", "72", 72, nil},
		{"leading zero", "0,72", 0.72, nil},
		{"negative", "-3", -3, nil},
		{"unicode minus", "−3,5", -3.5, nil},
		{"plus", "+2", 2, nil},
		{"koma", "8 koma 5", 8.5, nil},
		{"sentence full stop", "8,5.", 8.5, nil},
		{"a dot is never thousands", "1.250", 1.25, nil},
		{"thousands and decimal", "1.250,5", 0, measure.ErrNotNumber},
		{"two commas", "8,5,5", 0, measure.ErrNotNumber},
		{"separator without digits", "8,", 0, measure.ErrNotNumber},
		{"leading separator", ",5", 0, measure.ErrNotNumber},
		{"empty", "", 0, measure.ErrNotNumber},
		{"word", "delapan", 0, measure.ErrNotNumber},
		{"unit", "8 kg", 0, measure.ErrNotNumber},
		{"two numbers", "8 5", 0, measure.ErrNotNumber},
		{"emoji", "👶", 0, measure.ErrNotNumber},
		{"question mark", "?", 0, measure.ErrNotNumber},
		{"sign alone", "- 3", 0, measure.ErrNotNumber},
		{"too long", "1234567890123456789012345678901234567890123456789012345678901234567890", 0, measure.ErrNotNumber},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got, err := measure.Number(tc.in)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
