package chart_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// TestSeriesGolden checks the drawn data against testdata/*.golden;
// go test -run TestSeriesGolden -update rewrites them. Values are written
// with 4 decimals, so that a last-bit difference between machines does not
// fail the test.
func TestSeriesGolden(t *testing.T) {
	tcs := []struct {
		name  string
		child chart.Child
	}{
		{"boy", boy()},
		{"girl", girl()},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got := dump(chart.Series(tc.child))
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// dump writes a chart's data as text, one sample a line.
func dump(c chart.Chart) string {
	var b strings.Builder
	edge := func(i int, p chart.Panel, inf string) string {
		if i < 0 {
			return inf
		}
		return fmt.Sprint(p.Curves[i].Z)
	}
	for _, p := range []struct {
		name string
		chart.Panel
	}{{"weight", c.Weight}, {"length", c.Length}} {
		fmt.Fprintf(&b, "%s x %v..%v step %v minor %v, y %v..%v step %v minor %v\n",
			p.name, p.XMin, p.XMax, p.XStep, p.XMinor, p.YMin, p.YMax, p.YStep, p.YMinor)
		for _, bd := range p.Bands {
			fmt.Fprintf(&b, "%s band %s..%s level %d\n", p.name, edge(bd.Lo, p.Panel, "bottom"), edge(bd.Hi, p.Panel, "top"), bd.Level)
		}
		for _, cv := range p.Curves {
			for i, r := range cv.Runs {
				fmt.Fprintf(&b, "%s curve %v line %v run %d\n", p.name, cv.Z, cv.Line, i)
				for _, v := range r {
					fmt.Fprintf(&b, "  %.4f %.4f\n", v.Months, v.Value)
				}
			}
		}
		fmt.Fprintf(&b, "%s child\n", p.name)
		for _, v := range p.Child {
			fmt.Fprintf(&b, "  %.4f %.4f\n", v.Months, v.Value)
		}
	}
	return b.String()
}

// TestSeriesReference checks the curves against WHO's published values,
// independently of the golden files.
func TestSeriesReference(t *testing.T) {
	w := chart.Series(boy()).Weight
	median := curve(t, w, 0)
	require.Len(t, median.Runs, 1)
	first := median.Runs[0][0]
	assert.Equal(t, chart.XY{Months: 0, Value: 3.3464}, first, "WHO boys' median weight at birth")
	assert.InDelta(t, 9.6, valueNear(median, 12), 0.1, "boys' median weight at 12 months")

	g := chart.Series(girl()).Length
	assert.InDelta(t, 49.1477, curve(t, g, 0).Runs[0][0].Value, 1e-4, "WHO girls' median length at birth")
}

// TestSeriesCurvesOrdered checks every panel's curves: rising z at every
// age, the SD lines drawn and the ±1 curves not, and one sample grid.
func TestSeriesCurvesOrdered(t *testing.T) {
	for _, c := range []chart.Child{boy(), girl()} {
		ch := chart.Series(c)
		for _, p := range []chart.Panel{ch.Weight, ch.Length} {
			require.Len(t, p.Curves, 7)
			var drawn []float64
			for i, cv := range p.Curves {
				if cv.Line {
					drawn = append(drawn, cv.Z)
				}
				if i == 0 {
					continue
				}
				below := p.Curves[i-1]
				assert.Greater(t, cv.Z, below.Z)
				require.Equal(t, len(below.Runs), len(cv.Runs))
				for r := range cv.Runs {
					require.Equal(t, len(below.Runs[r]), len(cv.Runs[r]))
					for k := range cv.Runs[r] {
						assert.Equal(t, below.Runs[r][k].Months, cv.Runs[r][k].Months)
						assert.Less(t, below.Runs[r][k].Value, cv.Runs[r][k].Value, "z %v under z %v", below.Z, cv.Z)
					}
				}
			}
			assert.Equal(t, []float64{-3, -2, 0, 2, 3}, drawn)
			last := p.Curves[0].Runs[len(p.Curves[0].Runs)-1]
			assert.Equal(t, p.XMax, last[len(last)-1].Months, "the curves reach the right edge")
			assert.Equal(t, 0.0, p.Curves[0].Runs[0][0].Months)
		}
	}
}

// TestSeriesLengthStep checks the switch from length to height at 24 months.
func TestSeriesLengthStep(t *testing.T) {
	p := chart.Series(girl()).Length
	med := curve(t, p, 0)
	require.Len(t, med.Runs, 2, "length, then height")
	lying, standing := med.Runs[0], med.Runs[1]
	end, start := lying[len(lying)-1], standing[0]
	assert.InDelta(t, 730/growth.DaysPerMonth, end.Months, 1e-9)
	assert.InDelta(t, 731/growth.DaysPerMonth, start.Months, 1e-9)
	assert.InDelta(t, 86.4008, end.Value, 1e-4, "WHO girls' median length at 730 days")
	assert.InDelta(t, 85.7299, start.Value, 1e-4, "WHO girls' median height at 731 days")

	assert.Len(t, curve(t, chart.Series(girl()).Weight, 0).Runs, 1, "weight has no step")
	assert.Len(t, curve(t, chart.Series(boy()).Length, 0).Runs, 1, "a 0–24 month window ends before the step")
}

func TestSeriesChildPoints(t *testing.T) {
	ch := chart.Series(boy())
	for _, s := range [][]chart.XY{ch.Weight.Child, ch.Length.Child} {
		assert.True(t, sort.SliceIsSorted(s, func(i, j int) bool { return s[i].Months < s[j].Months }), "sorted by age")
	}
	assert.Len(t, ch.Weight.Child, 11, "the visit with no weight is left out")
	assert.Len(t, ch.Length.Child, 11, "the visit with no length is left out")
	assert.NotContains(t, ch.Weight.Child, chart.XY{Months: 335 / growth.DaysPerMonth, Value: 0})
	for _, v := range ch.Weight.Child {
		assert.Positive(t, v.Value)
	}
	assert.Equal(t, chart.XY{Months: 0, Value: 3.2}, ch.Weight.Child[0])
	assert.Equal(t, chart.XY{Months: 396 / growth.DaysPerMonth, Value: 8.3}, ch.Weight.Child[10])

	c := boy()
	c.Points = append(c.Points, chart.Point{AgeDays: -1, Weight: 3}, chart.Point{AgeDays: growth.MaxAgeDays + 1, Weight: 20})
	assert.Equal(t, ch, chart.Series(c), "ages outside 0–1856 days are left out")
}

func TestSeriesWindow(t *testing.T) {
	at := func(days ...int) chart.Child {
		c := chart.Child{Sex: growth.Female}
		for _, d := range days {
			c.Points = append(c.Points, chart.Point{AgeDays: d, Weight: 10})
		}
		return c
	}
	tcs := []struct {
		name  string
		child chart.Child
		xmax  float64
	}{
		{"no visits", at(), 24},
		{"newborn", at(0), 24},
		{"17 months", at(10, 520), 24},
		{"19 months", at(580), 36},
		{"36 months", at(1096), 48},
		{"55 months", at(1675), 60},
		{"61st month", at(1850), 1850 / growth.DaysPerMonth},
		{"order does not matter", at(1096, 10), 48},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			ch := chart.Series(tc.child)
			for _, p := range []chart.Panel{ch.Weight, ch.Length} {
				assert.Equal(t, 0.0, p.XMin)
				assert.InDelta(t, tc.xmax, p.XMax, 1e-9)
				assert.Equal(t, 6.0, p.XStep)
				checkValueAxis(t, p)
			}
		})
	}
}

// checkValueAxis checks that the value axis holds every curve and point, on
// whole steps, with few enough labels to read.
func checkValueAxis(t *testing.T, p chart.Panel) {
	t.Helper()
	assert.Zero(t, math.Mod(p.YMin, p.YStep))
	assert.Zero(t, math.Mod(p.YMax, p.YStep))
	assert.LessOrEqual(t, (p.YMax-p.YMin)/p.YStep, 10.0)
	assert.Zero(t, math.Mod(p.YStep, p.YMinor))
	for _, cv := range p.Curves {
		for _, r := range cv.Runs {
			for _, v := range r {
				assert.True(t, v.Value > p.YMin && v.Value < p.YMax, "curve %v at %v: %v outside %v–%v", cv.Z, v.Months, v.Value, p.YMin, p.YMax)
				assert.True(t, v.Months >= p.XMin && v.Months <= p.XMax)
			}
		}
	}
	for _, v := range p.Child {
		assert.True(t, v.Value > p.YMin && v.Value < p.YMax)
	}
}

func TestSeriesOutlierWidensAxis(t *testing.T) {
	c := boy()
	c.Points = append(c.Points, chart.Point{AgeDays: 400, Weight: 31, LenHei: 40})
	ch := chart.Series(c)
	checkValueAxis(t, ch.Weight)
	checkValueAxis(t, ch.Length)
}

func TestSeriesUnknownSex(t *testing.T) {
	c := boy()
	c.Sex = growth.SexUnknown
	ch := chart.Series(c)
	for _, p := range []chart.Panel{ch.Weight, ch.Length} {
		assert.Empty(t, p.Curves)
		assert.Empty(t, p.Bands)
		assert.NotEmpty(t, p.Child)
	}
}

func curve(t *testing.T, p chart.Panel, z float64) chart.Curve {
	t.Helper()
	for _, c := range p.Curves {
		if c.Z == z {
			return c
		}
	}
	t.Fatalf("no curve at z %v", z)
	return chart.Curve{}
}

// valueNear returns the value of c at the sample closest to m months.
func valueNear(c chart.Curve, m float64) float64 {
	best, v := math.Inf(1), 0.0
	for _, r := range c.Runs {
		for _, s := range r {
			if d := math.Abs(s.Months - m); d < best {
				best, v = d, s.Value
			}
		}
	}
	return v
}
