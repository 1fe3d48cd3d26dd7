package child_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func TestAssessMatchesGrowth(t *testing.T) {
	t.Parallel()
	c := child.Child{Sex: child.Girl, BirthDate: day("2023-09-01")}
	m := child.Measurement{On: day("2024-09-10"), WeightKg: 8.1, LenHeiCm: 71.5, Position: growth.Lying, HeadCm: 44.2, ArmCm: 14.1}
	r := child.Assess(c, &m)

	want := growth.Assess(growth.Input{Sex: growth.Female, Age: growth.AgeFromDates(c.BirthDate, m.On),
		Weight: 8.1, LenHei: 71.5, Position: growth.Lying, HeadC: 44.2, ArmC: 14.1})
	assert.Equal(t, want, r)
	assert.Equal(t, want.AgeDays, m.AgeDays)
	for _, s := range []struct {
		name string
		got  child.Score
		ind  growth.Indicator
	}{
		{"zlen", m.ZLen, growth.LengthForAge}, {"zwei", m.ZWei, growth.WeightForAge},
		{"zwfl", m.ZWfl, growth.WeightForLength}, {"zbmi", m.ZBMI, growth.BMIForAge},
		{"zhc", m.ZHC, growth.HeadForAge}, {"zac", m.ZAC, growth.ArmForAge},
	} {
		w := want.Score(s.ind)
		require.True(t, w.Valid, s.name)
		assert.Equal(t, child.Score{Z: w.Z, Valid: true, Flag: w.Flag}, s.got, s.name)
	}
	assert.Equal(t, want.Categories.WeightForAge, m.CatWFA)
	assert.Equal(t, want.Categories.HeightForAge, m.CatHFA)
	assert.Equal(t, want.Categories.WeightForHeight, m.CatWFH)
	assert.Equal(t, want.Categories.BMIForAge, m.CatBMI)
	assert.Equal(t, growth.Status{}, m.Status, "Assess leaves the status alone")
}

// TestEvaluate runs a hand-made history of one boy, given out of order.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	c := child.Child{ID: 1, Sex: child.Boy, BirthDate: day("2024-01-15")}
	history := []child.Measurement{
		{ID: 4, On: day("2024-06-15"), WeightKg: 6.4},                          // 5 months, KBM 500: +200 g, T again: 2T
		{ID: 1, On: day("2024-03-15"), WeightKg: 5.0},                          // 2 months: first, B
		{ID: 5, On: day("2024-06-20"), LenHeiCm: 58.0, Position: growth.Lying}, // length only, severely stunted
		{ID: 3, On: day("2024-05-15"), WeightKg: 6.2},                          // 4 months, KBM 600: +300 g, T
		{ID: 2, On: day("2024-04-15"), WeightKg: 5.9},                          // 3 months, KBM 800: +900 g, N
	}
	child.Evaluate(c, history)

	byID := map[int64]child.Measurement{}
	for _, m := range history {
		byID[m.ID] = m
	}
	tcs := []struct {
		name     string
		id       int64
		status   growth.Status
		referral growth.Referral
	}{
		{"first weighing is B", 1, growth.Status{Trend: growth.TrendB, AgeMonths: 2}, 0},
		{"gain above the KBM is N", 2, growth.Status{Trend: growth.TrendN, GainGrams: 900, KBMGrams: 800, AgeMonths: 3}, 0},
		{"gain below the KBM is T", 3, growth.Status{Trend: growth.TrendT, GainGrams: 300, KBMGrams: 600, AgeMonths: 4}, 0},
		{"second T in a row is 2T and refers", 4, growth.Status{Trend: growth.TrendT, TwoT: true, GainGrams: 200, KBMGrams: 500, AgeMonths: 5},
			growth.Referral(growth.ReasonTwoT)},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			m := byID[tc.id]
			assert.Equal(t, tc.status, m.Status)
			assert.Equal(t, tc.referral, m.Referral)
			want := growth.Assess(m.Input(c)).Score(growth.WeightForAge)
			assert.Equal(t, child.Score{Z: want.Z, Valid: want.Valid, Flag: want.Flag}, m.ZWei)
			assert.False(t, m.ZLen.Valid, "no length measured")
		})
	}

	t.Run("length only gets no trend, and severe stunting refers", func(t *testing.T) {
		m := byID[5]
		assert.Equal(t, growth.Trend(""), m.Status.Trend)
		assert.False(t, m.Status.TwoT)
		assert.False(t, m.Status.BGM)
		assert.Zero(t, m.Status.GainGrams)
		assert.Zero(t, m.Status.KBMGrams)
		require.True(t, m.ZLen.Valid)
		assert.Less(t, m.ZLen.Z, -3.0)
		assert.Equal(t, growth.HFASeverelyStunted, m.CatHFA)
		assert.Equal(t, growth.Referral(growth.ReasonSevereStunting), m.Referral)
		assert.False(t, m.ZWei.Valid)
	})
	t.Run("order of the slice is kept", func(t *testing.T) {
		ids := make([]int64, len(history))
		for i, m := range history {
			ids[i] = m.ID
		}
		assert.Equal(t, []int64{4, 1, 5, 3, 2}, ids)
	})
}

func TestEvaluateBGMAndOedema(t *testing.T) {
	t.Parallel()
	c := child.Child{Sex: child.Girl, BirthDate: day("2024-01-10")}
	tcs := []struct {
		name string
		m    child.Measurement
		want []growth.Reason
		bgm  bool
	}{
		{"below the red line", child.Measurement{On: day("2024-08-10"), WeightKg: 4.8},
			[]growth.Reason{growth.ReasonBGM}, true},
		{"oedema refers and hides weight scores", child.Measurement{On: day("2024-08-10"), WeightKg: 7.5, Oedema: true},
			[]growth.Reason{growth.ReasonOedema}, false},
		{"healthy", child.Measurement{On: day("2024-08-10"), WeightKg: 7.5, LenHeiCm: 67, Position: growth.Lying}, nil, false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			h := []child.Measurement{tc.m}
			child.Evaluate(c, h)
			assert.Equal(t, tc.want, h[0].Referral.Reasons())
			assert.Equal(t, tc.bgm, h[0].Status.BGM)
			assert.Equal(t, growth.TrendB, h[0].Status.Trend)
		})
	}
}
