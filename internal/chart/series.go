package chart

import (
	"math"
	"slices"
	"sort"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Point is one visit: the child's age and what was measured. A value of 0 (or
// less) was not measured and is not drawn.
type Point struct {
	AgeDays int     // age in whole days on the day of the visit
	Weight  float64 // kg
	LenHei  float64 // length or height in cm, as measured (see the package doc)
}

// Child is the child whose chart is drawn. Points may come in any order.
type Child struct {
	Name   string
	Sex    growth.Sex
	Points []Point
}

// XY is one point of a drawn series: age in months and a value in kg or cm.
type XY struct {
	Months float64
	Value  float64
}

// Curve is the line at z-score Z of a panel's WHO reference over the panel's
// age window, sampled weekly for the first 13 weeks and every half month
// after. It has two runs in the length panel
// when the window passes 24 months: length-for-age up to 730 days, then
// height-for-age from 731 days.
type Curve struct {
	Z float64
	// Line is true for the SD lines drawn (−3, −2, 0, +2, +3); the ±1 curves
	// only bound the deeper green band around the median.
	Line bool
	Runs [][]XY
}

// Level is how a band of the chart reads: its colour.
type Level uint8

// The levels, from the median outwards.
const (
	LevelBest    Level = iota // deep green, −1 to +1 SD
	LevelGood                 // green
	LevelWarning              // yellow
	LevelDanger               // red
)

// Band is the area between two curves of a panel. Lo and Hi index
// Panel.Curves; −1 stands for the panel's bottom (Lo) or top (Hi) edge.
type Band struct {
	Lo, Hi int
	Level  Level
}

// Panel is everything one panel draws.
type Panel struct {
	// Indicator is growth.WeightForAge or growth.LengthForAge.
	Indicator growth.Indicator
	// XMin and XMax bound the age axis, in months; XStep is the spacing of
	// its labelled ticks and XMinor of its grid lines.
	XMin, XMax, XStep, XMinor float64
	// YMin and YMax bound the value axis (kg or cm); YStep and YMinor as for X.
	YMin, YMax, YStep, YMinor float64
	// Curves holds the reference curves by rising Z; none for an unknown sex.
	Curves []Curve
	// Bands colours the areas between the curves, bottom to top.
	Bands []Band
	// Child holds the child's measurements, sorted by age (ties keep their
	// order); unmeasured values and ages outside 0–1856 days are left out.
	Child []XY
}

// Chart is the data of a whole chart.
type Chart struct {
	Weight, Length Panel
}

// curveZ are the z-scores of Panel.Curves, with whether each is drawn.
var curveZ = []struct {
	z    float64
	line bool
}{{-3, true}, {-2, true}, {-1, false}, {0, true}, {1, false}, {2, true}, {3, true}}

// Indexes into curveZ.
const (
	zM3, zM2, zM1, z0, zP1, zP2, zP3 = 0, 1, 2, 3, 4, 5, 6
	edge                             = -1
)

// The bands, after the categories of Permenkes 2/2020: below −3 SD is severe
// (red), −3 to −2 moderate (yellow), −2 to +2 normal (green, deeper within
// ±1). Above +2 SD weight-for-age is yellow (a risk of overweight to check
// by weight-for-length), while a tall child is no worry: length stays green.
var (
	weightBands = []Band{
		{edge, zM3, LevelDanger}, {zM3, zM2, LevelWarning}, {zM2, zM1, LevelGood},
		{zM1, zP1, LevelBest}, {zP1, zP2, LevelGood}, {zP2, edge, LevelWarning},
	}
	lengthBands = []Band{
		{edge, zM3, LevelDanger}, {zM3, zM2, LevelWarning}, {zM2, zM1, LevelGood},
		{zM1, zP1, LevelBest}, {zP1, edge, LevelGood},
	}
)

const (
	minWindowMonths = 24 // the age axis shows at least 0–24 months
	marginMonths    = 6  // and at least this far past the last visit
	windowStep      = 12 // rounded up to whole years
	maxWindowMonths = 60
)

// Series returns the data drawn for c: for each panel the age window, the
// axis ranges, the WHO curves and the child's measurements. The age window
// runs from birth to at least 24 months and 6 months past the last visit,
// rounded up to a whole year, at most 60 months (a visit in the 61st month,
// up to 1856 days, stretches it to there).
func Series(c Child) Chart {
	pts := make([]Point, 0, len(c.Points))
	for _, p := range c.Points {
		if p.AgeDays >= 0 && p.AgeDays <= growth.MaxAgeDays {
			pts = append(pts, p)
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].AgeDays < pts[j].AgeDays })

	xmax := float64(minWindowMonths)
	if n := len(pts); n > 0 {
		last := months(pts[n-1].AgeDays)
		xmax = math.Max(xmax, math.Ceil((last+marginMonths)/windowStep)*windowStep)
		xmax = math.Max(math.Min(xmax, maxWindowMonths), last)
	}

	var weight, length []XY
	for _, p := range pts {
		m := months(p.AgeDays)
		if p.Weight > 0 {
			weight = append(weight, XY{m, p.Weight})
		}
		if p.LenHei > 0 {
			length = append(length, XY{m, p.LenHei})
		}
	}
	return Chart{
		Weight: panel(growth.WeightForAge, c.Sex, xmax, weight, weightBands),
		Length: panel(growth.LengthForAge, c.Sex, xmax, length, lengthBands),
	}
}

func months(days int) float64 { return float64(days) / growth.DaysPerMonth }

func panel(ind growth.Indicator, sex growth.Sex, xmax float64, child []XY, bands []Band) Panel {
	p := Panel{
		Indicator: ind,
		XMax:      xmax,
		XStep:     6,
		XMinor:    1,
		Child:     child,
	}
	for _, cz := range curveZ {
		runs := curveRuns(ind, sex, cz.z, xmax)
		if runs == nil {
			p.Curves = nil
			break
		}
		p.Curves = append(p.Curves, Curve{Z: cz.z, Line: cz.line, Runs: runs})
	}
	if p.Curves != nil {
		p.Bands = bands
	}

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range p.Curves {
		if c.Z != curveZ[zM3].z && c.Z != curveZ[zP3].z {
			continue
		}
		for _, r := range c.Runs {
			for _, v := range r {
				lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
			}
		}
	}
	for _, v := range child {
		lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
	}
	if math.IsInf(lo, 1) { // unknown sex and nothing measured
		lo, hi = 0, 10
	}
	p.YMin, p.YMax, p.YStep, p.YMinor = valueAxis(lo, hi)
	return p
}

// weeklyUntil is the age in days up to which the curves are sampled weekly:
// they bend most in the first weeks.
const weeklyUntil = 91

// curveRuns samples the z line of ind weekly for the first 13 weeks, then
// every half month, up to xmax months, splitting the length/height curve
// where WHO switches tables. The last sample sits on xmax. It returns nil
// when there is no reference (an unknown sex).
func curveRuns(ind growth.Indicator, sex growth.Sex, z, xmax float64) [][]XY {
	end := min(int(math.Floor(xmax*growth.DaysPerMonth)), growth.MaxAgeDays)
	days := make([]int, 0, 2*int(xmax)+20)
	for d := 0; d < min(end, weeklyUntil); d += 7 {
		days = append(days, d)
	}
	for k := 0; ; k++ {
		d := int(math.Floor(float64(k)*growth.DaysPerMonth/2 + 0.5))
		if d >= end {
			break
		}
		if d >= weeklyUntil {
			days = append(days, d)
		}
	}
	days = append(days, end)
	switchover := ind == growth.LengthForAge
	if switchover {
		// Each table's run ends on its own last day.
		for _, d := range []int{growth.LengthTableMaxDays, growth.LengthTableMaxDays + 1} {
			if i, found := slices.BinarySearch(days, d); !found && d < end {
				days = slices.Insert(days, i, d)
			}
		}
	}

	var runs [][]XY
	var run []XY
	for i, d := range days {
		lms, ok := growth.Params(ind, sex, float64(d))
		if !ok {
			return nil
		}
		m := months(d)
		if i == len(days)-1 {
			m = xmax
		}
		if switchover && i > 0 && days[i-1] <= growth.LengthTableMaxDays && d > growth.LengthTableMaxDays {
			runs = append(runs, run)
			run = nil
		}
		run = append(run, XY{m, lms.At(z)})
	}
	return append(runs, run)
}

// valueAxis returns a value axis holding lo..hi with a little room, on a
// step that gives at most 10 labelled ticks.
func valueAxis(lo, hi float64) (ymin, ymax, step, minor float64) {
	steps := []struct{ step, minor float64 }{{1, 0.5}, {2, 1}, {5, 1}, {10, 2}, {20, 5}, {50, 10}, {100, 20}}
	pad := (hi - lo) * 0.03
	lo, hi = lo-pad, hi+pad
	s := steps[len(steps)-1]
	for _, c := range steps {
		if (math.Ceil(hi/c.step) - math.Floor(lo/c.step)) <= 10 {
			s = c
			break
		}
	}
	return math.Floor(lo/s.step) * s.step, math.Ceil(hi/s.step) * s.step, s.step, s.minor
}
