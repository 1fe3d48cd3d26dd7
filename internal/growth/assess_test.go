package growth_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func TestAgeFromDates(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tcs := []struct {
		name         string
		birth, visit time.Time
		days         int
		known        bool
	}{
		{"same day", day("2024-02-29"), day("2024-02-29"), 0, true},
		{"leap year", day("2024-02-28"), day("2024-03-01"), 2, true},
		{"two years", day("2023-01-01"), day("2025-01-01"), 731, true},
		{"clock time and zone ignored", time.Date(2025, 1, 1, 23, 59, 0, 0, wib), time.Date(2025, 1, 2, 0, 1, 0, 0, time.UTC), 1, true},
		{"visit before birth", day("2025-01-02"), day("2025-01-01"), 0, false},
		{"no birth date", time.Time{}, day("2025-01-01"), 0, false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := growth.AgeFromDates(tc.birth, tc.visit).Days()
			assert.Equal(t, tc.known, ok)
			assert.Equal(t, tc.days, d)
		})
	}
	d, ok := growth.AgeInMonths(24).Days()
	assert.True(t, ok)
	assert.Equal(t, 731, d, "730.5 rounds half up")
	_, ok = growth.AgeInDays(-1).Days()
	assert.False(t, ok, "negative age is unknown")
	_, ok = growth.AgeInDays(math.NaN()).Days()
	assert.False(t, ok)
	assert.Equal(t, 2, growth.CompletedMonths(day("2025-01-15"), day("2025-04-14")), "2 months 30 days is 2 months")
	assert.Equal(t, 3, growth.CompletedMonths(day("2025-01-15"), day("2025-04-15")))
}

func TestAssessConventions(t *testing.T) {
	girl := func(days float64) growth.Input { return growth.Input{Sex: growth.Female, Age: growth.AgeInDays(days)} }
	t.Run("0-5 standard scores up to 1856 days, not after", func(t *testing.T) {
		in := withWL(girl(1856), 17, 108, growth.Standing)
		r := growth.Assess(in)
		for _, i := range []growth.Indicator{growth.LengthForAge, growth.WeightForAge, growth.WeightForLength, growth.BMIForAge} {
			assert.True(t, r.Score(i).Valid, i.Name())
		}
		assert.True(t, r.Under5())
		assert.Equal(t, growth.HFANormal, r.Categories.HeightForAge)
		in.Age = growth.AgeInDays(1857)
		r = growth.Assess(in)
		for _, i := range []growth.Indicator{growth.LengthForAge, growth.WeightForAge, growth.WeightForLength, growth.BMIForAge} {
			assert.False(t, r.Score(i).Valid, i.Name())
		}
		assert.True(t, r.Score(growth.HeightForAge5to19).Valid)
		assert.Equal(t, growth.BFA518Normal, r.Categories.BMIForAge)
	})
	t.Run("2007 reference from 60 months, both in the overlap", func(t *testing.T) {
		r := growth.Assess(withWL(girl(60*growth.DaysPerMonth), 18, 110, growth.Standing))
		assert.True(t, r.Score(growth.HeightForAge5to19).Valid)
		assert.True(t, r.Score(growth.LengthForAge).Valid)
		r = growth.Assess(withWL(girl(59.9*growth.DaysPerMonth), 18, 110, growth.Standing))
		assert.False(t, r.Score(growth.HeightForAge5to19).Valid)
	})
	t.Run("2007 limits: height below 229 months, weight below 121", func(t *testing.T) {
		in := growth.Input{Sex: growth.Male, Age: growth.AgeInMonths(228.99), Weight: 60, LenHei: 175}
		assert.True(t, growth.Assess(in).Score(growth.HeightForAge5to19).Valid)
		in.Age = growth.AgeInMonths(229)
		assert.False(t, growth.Assess(in).Score(growth.HeightForAge5to19).Valid)
		in.Age, in.Weight, in.LenHei = growth.AgeInMonths(120.99), 30, 138
		assert.True(t, growth.Assess(in).Score(growth.WeightForAge5to19).Valid)
		in.Age = growth.AgeInMonths(121)
		assert.False(t, growth.Assess(in).Score(growth.WeightForAge5to19).Valid)
	})
	t.Run("standing under 9 months: no 0.7 cm, c9mo", func(t *testing.T) {
		r := growth.Assess(withWL(girl(8*growth.DaysPerMonth), 7.5, 68, growth.Standing))
		assert.True(t, r.Standing9mo)
		assert.InDelta(t, 68, r.CLenHei, 1e-12)
		r = growth.Assess(withWL(girl(9*growth.DaysPerMonth), 7.5, 68, growth.Standing))
		assert.False(t, r.Standing9mo)
		assert.InDelta(t, 68.7, r.CLenHei, 1e-12)
	})
	t.Run("lying after 730 days: minus 0.7 cm", func(t *testing.T) {
		assert.InDelta(t, 85.3, growth.Assess(withWL(girl(731), 11, 86, growth.Lying)).CLenHei, 1e-12)
		assert.InDelta(t, 86, growth.Assess(withWL(girl(730), 11, 86, growth.Lying)).CLenHei, 1e-12)
	})
	t.Run("oedema blanks the weight-based scores only", func(t *testing.T) {
		in := withWL(girl(400), 9, 75, growth.Lying)
		in.Oedema, in.HeadC, in.ArmC = true, 45, 14
		r := growth.Assess(in)
		for _, i := range []growth.Indicator{growth.WeightForAge, growth.WeightForLength, growth.BMIForAge} {
			assert.False(t, r.Score(i).Valid, i.Name())
		}
		for _, i := range []growth.Indicator{growth.LengthForAge, growth.HeadForAge, growth.ArmForAge} {
			assert.True(t, r.Score(i).Valid, i.Name())
		}
	})
	t.Run("no age: weight-for-length by position, else by 87 cm", func(t *testing.T) {
		lying := growth.Assess(growth.Input{Sex: growth.Male, Weight: 12, LenHei: 88, Position: growth.Lying}).Score(growth.WeightForLength)
		standing := growth.Assess(growth.Input{Sex: growth.Male, Weight: 12, LenHei: 88, Position: growth.Standing}).Score(growth.WeightForLength)
		unknown := growth.Assess(growth.Input{Sex: growth.Male, Weight: 12, LenHei: 88}).Score(growth.WeightForLength)
		require.True(t, lying.Valid && standing.Valid && unknown.Valid)
		assert.NotEqual(t, lying.Raw, standing.Raw)
		assert.Equal(t, standing.Raw, unknown.Raw)
	})
	t.Run("arm and skinfolds from 91 days", func(t *testing.T) {
		in := girl(90)
		in.ArmC, in.TriSkin, in.SubSkin = 13, 9, 7
		r := growth.Assess(in)
		assert.False(t, r.Score(growth.ArmForAge).Valid)
		in.Age = growth.AgeInDays(91)
		r = growth.Assess(in)
		assert.True(t, r.Score(growth.ArmForAge).Valid && r.Score(growth.TricepsForAge).Valid && r.Score(growth.SubscapularForAge).Valid)
	})
	t.Run("flag on the rounded z, strict", func(t *testing.T) {
		p, ok := growth.Params(growth.LengthForAge, growth.Male, 987)
		require.True(t, ok)
		in := growth.Input{Sex: growth.Male, Age: growth.AgeInDays(987), LenHei: p.At(-6.004)}
		s := growth.Assess(in).Score(growth.LengthForAge)
		assert.Equal(t, -6.0, s.Z)
		assert.False(t, s.Flag, "-6.00 is not beyond -6")
		in.LenHei = p.At(-6.006)
		s = growth.Assess(in).Score(growth.LengthForAge)
		assert.Equal(t, -6.01, s.Z)
		assert.True(t, s.Flag)
	})
}

func TestAssessAllocatesNothing(t *testing.T) {
	in := growth.Input{Sex: growth.Female, Age: growth.AgeInDays(700), Weight: 10.4, LenHei: 84.8, Position: growth.Lying,
		HeadC: 46, ArmC: 14.9, TriSkin: 6.8, SubSkin: 5.2}
	growth.Assess(in)
	allocs := testing.AllocsPerRun(100, func() { growth.Assess(in) })
	assert.Zero(t, allocs)
}

func BenchmarkAssessUnder5AllIndicators(b *testing.B) {
	in := growth.Input{Sex: growth.Female, Age: growth.AgeFromDates(day("2024-01-15"), day("2025-12-01")), Weight: 10.4, LenHei: 84.8,
		Position: growth.Lying, HeadC: 46, ArmC: 14.9, TriSkin: 6.8, SubSkin: 5.2}
	growth.Assess(in) // load the tables outside the measurement
	b.ReportAllocs()
	for b.Loop() {
		growth.Assess(in)
	}
}

func BenchmarkAssess5to19(b *testing.B) {
	in := growth.Input{Sex: growth.Male, Age: growth.AgeInMonths(150.3), Weight: 40, LenHei: 150}
	growth.Assess(in) // load the tables outside the measurement
	b.ReportAllocs()
	for b.Loop() {
		growth.Assess(in)
	}
}

func TestNoNegativeZero(t *testing.T) {
	p, ok := growth.Params(growth.WeightForAge, growth.Male, 400)
	require.True(t, ok)
	s := growth.Assess(growth.Input{Sex: growth.Male, Age: growth.AgeInDays(400), Weight: p.At(-0.001)}).Score(growth.WeightForAge)
	require.True(t, s.Valid)
	assert.False(t, math.Signbit(s.Z), "z %v", s.Z)
}
