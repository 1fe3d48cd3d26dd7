package survey

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTQuantile(t *testing.T) {
	// Values of R's qt(0.975, df).
	tcs := []struct {
		df, want float64
	}{
		{1, 12.7062047}, {2, 4.3026527}, {5, 2.5705818}, {10, 2.2281389},
		{30, 2.0422725}, {100, 1.9839715}, {1000, 1.9623391}, {1e6, 1.9599663},
	}
	for _, tc := range tcs {
		assert.InDelta(t, tc.want, tQuantile(0.975, tc.df), 1e-6, "df %v", tc.df)
	}
}
