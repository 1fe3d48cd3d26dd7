package growth_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

var sdLines = []float64{-3, -2, 0, 2, 3}

// checkSDLines rebuilds the SD lines of p and scores them back.
func checkSDLines(t *testing.T, p growth.LMS, what string) {
	t.Helper()
	for _, k := range sdLines {
		y := p.At(k)
		z := p.ZRestricted(y)
		if math.Abs(z-k) > 1e-9 || math.Round(z*100)/100 != k {
			t.Fatalf("%s: SD line %v = %v scores back as %v", what, k, y, z)
		}
	}
}

func TestSDLinesRoundTrip(t *testing.T) {
	tcs := []struct {
		name     string
		i        growth.Indicator
		from, to float64
	}{
		{"length/height-for-age", growth.LengthForAge, 0, 1856},
		{"weight-for-age", growth.WeightForAge, 0, 1856},
		{"BMI-for-age", growth.BMIForAge, 0, 1856},
		{"head circumference-for-age", growth.HeadForAge, 0, 1856},
		{"arm circumference-for-age", growth.ArmForAge, 91, 1856},
		{"triceps skinfold-for-age", growth.TricepsForAge, 91, 1856},
		{"subscapular skinfold-for-age", growth.SubscapularForAge, 91, 1856},
		{"height-for-age 5-19", growth.HeightForAge5to19, 60, 229},
		{"weight-for-age 5-10", growth.WeightForAge5to19, 60, 121},
		{"BMI-for-age 5-19", growth.BMIForAge5to19, 60, 229},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, sex := range []growth.Sex{growth.Male, growth.Female} {
				for key := tc.from; key <= tc.to; key++ {
					p, ok := growth.Params(tc.i, sex, key)
					require.True(t, ok, "sex %d key %v", sex, key)
					checkSDLines(t, p, fmt.Sprintf("sex %d key %v", sex, key))
					n++
				}
				_, ok := growth.Params(tc.i, sex, tc.from-1)
				assert.False(t, ok, "below the table")
			}
			assert.Equal(t, 2*int(tc.to-tc.from+1), n)
		})
	}
	for _, pos := range []growth.Position{growth.Lying, growth.Standing} {
		t.Run(fmt.Sprintf("weight-for-length position %d", pos), func(t *testing.T) {
			lo, hi := 45.0, 110.0
			if pos == growth.Standing {
				lo, hi = 65, 120
			}
			for _, sex := range []growth.Sex{growth.Male, growth.Female} {
				for tenths := lo * 10; tenths <= hi*10; tenths += 3 { // includes interpolated points
					cm := tenths / 10
					p, ok := growth.ParamsForLength(sex, cm, pos)
					require.True(t, ok, "%v cm", cm)
					checkSDLines(t, p, fmt.Sprintf("sex %d %v cm", sex, cm))
				}
				_, ok := growth.ParamsForLength(sex, hi+0.05, pos)
				assert.False(t, ok, "above the table")
				_, ok = growth.ParamsForLength(sex, hi, pos)
				assert.True(t, ok, "the last row itself")
			}
		})
	}
}

// TestSDLinesPublished checks rebuilt SD lines against WHO's printed charts
// (SOURCE.md, verification 4).
func TestSDLinesPublished(t *testing.T) {
	p, ok := growth.Params(growth.WeightForAge, growth.Male, 0)
	require.True(t, ok)
	want := map[float64]float64{-3: 2.1, -2: 2.5, 0: 3.3, 2: 4.4, 3: 5.0}
	for k, kg := range want {
		assert.InDelta(t, kg, math.Round(p.At(k)*10)/10, 1e-9, "boys WFA birth, %v SD", k)
	}
	p, ok = growth.ParamsForLength(growth.Male, 45, growth.Lying)
	require.True(t, ok)
	for i, kg := range []float64{1.9, 2.0, 2.2, 2.4, 2.7, 3.0, 3.3} {
		assert.InDelta(t, kg, math.Round(p.At(float64(i-3))*10)/10, 1e-9, "boys WFL 45 cm, %d SD", i-3)
	}
	p, ok = growth.Params(growth.HeightForAge5to19, growth.Male, 61)
	require.True(t, ok)
	assert.InDelta(t, 96.49, math.Round(p.At(-3)*100)/100, 1e-9)
}

func TestRestrictedLMSBeyondThree(t *testing.T) {
	p := growth.LMS{L: -0.3521, M: 2.441, S: 0.09182}
	sd2, sd3 := p.At(2), p.At(3)
	// One 2–3 SD distance beyond +3 SD is exactly +4 on the straight line.
	assert.InDelta(t, 4, p.ZRestricted(sd3+(sd3-sd2)), 1e-12)
	assert.NotEqual(t, math.Round(p.Z(sd3+(sd3-sd2))*100), 400.0, "plain LMS differs there")
	sdm2, sdm3 := p.At(-2), p.At(-3)
	assert.InDelta(t, -4, p.ZRestricted(sdm3-(sdm2-sdm3)), 1e-12)
}
