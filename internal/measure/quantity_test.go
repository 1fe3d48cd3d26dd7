package measure_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// qcase is one typed value and what it must read as: want, or an error (a
// *RangeError for rng).
type qcase struct {
	in   string
	want float64
	err  error
}

var (
	notNumber = measure.ErrNotNumber
	rng       = measure.ErrOutOfRange
)

func runQuantity(t *testing.T, parse func(string) (float64, error), lim measure.RangeError, tcs []qcase) {
	t.Helper()
	for _, tc := range tcs {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parse(tc.in)
			if tc.err == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got, "exactly the decimal typed")
				return
			}
			require.ErrorIs(t, err, tc.err)
			assert.Zero(t, got)
			var re *measure.RangeError
			if assert.Equal(t, tc.err == rng, errors.As(err, &re)) && re != nil {
				assert.Equal(t, lim, *re)
			}
		})
	}
}

func TestWeight(t *testing.T) {
	runQuantity(t, measure.Weight, measure.RangeError{Min: 0, Max: 60, Unit: "kg"}, []qcase{
		{"8,5", 8.5, nil},
		{"8.5", 8.5, nil},
		{"8.5 kg", 8.5, nil},
		{"8,5kg", 8.5, nil},
		{"8,5 Kg", 8.5, nil},
		{"  8.5  KG ", 8.5, nil},
		{"8kg", 8, nil},
		{"8 kilo", 8, nil},
		{"3,25 kg.", 3.25, nil},
		{"10,35", 10.35, nil},
		{"8500 g", 8.5, nil},
		{"8500 gr", 8.5, nil},
		{"8500 gram", 8.5, nil},
		{"3250gr", 3.25, nil},
		{"8.500 g", 8.5, nil},  // Indonesian thousands dot
		{"8,500 gr", 8.5, nil}, // a comma grouping three digits of grams too
		{"85 ons", 8.5, nil},
		{"8500", 8.5, nil},  // a bare number above 500 is grams
		{"501", 0.501, nil}, // the smallest bare gram count
		{"8.500", 8.5, nil}, // bare with a dot: 8.5 kg, as 8.500 g would be
		{"8 kg 500 g", 8.5, nil},
		{"8kg 500gr", 8.5, nil},
		{"8 kg 500", 8.5, nil},
		{"8 kg 050", 8.05, nil},
		{"8 kg 5 ons", 8.5, nil},
		{"8 koma 5", 8.5, nil},
		{"60", 60, nil},
		{"60000 g", 60, nil},
		{"85 kg", 0, rng},
		{"85", 0, rng},
		{"500", 0, rng}, // 500 is still kilograms
		{"0", 0, rng},
		{"0,0 kg", 0, rng},
		{"-3", 0, rng},
		{"-8 kg 500 g", 0, rng},
		{"60,01", 0, rng},
		{"8,5 g", 0, notNumber},  // nobody weighs tenths of a gram
		{"8 kg 5", 0, notNumber}, // 5 g or 5 ons?
		{"8 kg 1500 g", 0, notNumber},
		{"8,5 kg 500 g", 0, notNumber},
		{"8 g 500 kg", 0, notNumber},
		{"8,5 lbs", 0, notNumber},
		{"8,5,5", 0, notNumber},
		{"1.250,5", 0, notNumber},
		{"delapan", 0, notNumber},
		{"abc", 0, notNumber},
		{"👶", 0, notNumber},
		{"?", 0, notNumber},
		{"", 0, notNumber},
		{"kg", 0, notNumber},
		{"8-9 kg", 0, notNumber},
		{"berat 8 kg", 0, notNumber},
		{"8,5 kg 👶", 0, notNumber},
	})
}

func TestLength(t *testing.T) {
	runQuantity(t, measure.Length, measure.RangeError{Min: 38, Max: 150, Unit: "cm"}, []qcase{
		{"72", 72, nil},
		{"72 cm", 72, nil},
		{"72cm", 72, nil},
		{"72,5cm", 72.5, nil},
		{"72.5 CM", 72.5, nil},
		{" 72,5 ", 72.5, nil},
		{"103,1", 103.1, nil},
		{"72 senti", 72, nil},
		{"0,72 m", 72, nil},
		{"0.72m", 72, nil},
		{"0,725 meter", 72.5, nil},
		{"0,72", 72, nil}, // a bare decimal below 3 is metres
		{"1,02", 102, nil},
		{"1.5", 150, nil},
		{"720 mm", 72, nil},
		{"725mm", 72.5, nil},
		{"1 m 2 cm", 102, nil},
		{"1m 20cm", 120, nil},
		{"72 cm 5 mm", 72.5, nil},
		{"72 koma 5", 72.5, nil},
		{"38", 38, nil},
		{"150 cm", 150, nil},
		{"37,9", 0, rng},
		{"150,1", 0, rng},
		{"2", 0, rng},   // no separator: 2 cm, not 2 m
		{"720", 0, rng}, // bare numbers are never millimetres
		{"0", 0, rng},
		{"-72", 0, rng},
		{"1,6 m", 0, rng},
		{"1 m 2", 0, notNumber},
		{"1 m 120 cm", 0, notNumber},
		{"72 inch", 0, notNumber},
		{"72,5,5", 0, notNumber},
		{"tujuh puluh", 0, notNumber},
		{"👶", 0, notNumber},
		{"", 0, notNumber},
		{"72 cm?", 0, notNumber},
	})
}

func TestHeadCircumference(t *testing.T) {
	runQuantity(t, measure.HeadCircumference, measure.RangeError{Min: 25, Max: 60, Unit: "cm"}, []qcase{
		{"45", 45, nil},
		{"45,5 cm", 45.5, nil},
		{"455 mm", 45.5, nil},
		{"0,45 m", 45, nil},
		{"0,45", 0, rng}, // only Length reads bare metres
		{"24,9", 0, rng},
		{"61", 0, rng},
		{"lingkar 45", 0, notNumber},
	})
}

func TestArmCircumference(t *testing.T) {
	runQuantity(t, measure.ArmCircumference, measure.RangeError{Min: 5, Max: 40, Unit: "cm"}, []qcase{
		{"13,5", 13.5, nil},
		{"13.5 cm", 13.5, nil},
		{"135 mm", 13.5, nil},
		{"5", 5, nil},
		{"40", 40, nil},
		{"4,9", 0, rng},
		{"135", 0, rng},
		{"lila 13,5", 0, notNumber},
	})
}

func TestRangeError(t *testing.T) {
	_, err := measure.Weight("85")
	var re *measure.RangeError
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, measure.ErrOutOfRange)
	assert.NotErrorIs(t, err, measure.ErrNotNumber)
	assert.Equal(t, "measure: outside 0–60 kg", err.Error(), "says the limits, never the value")
}
