package growth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestKBM(t *testing.T) {
	tcs := []struct {
		months, want int
	}{
		{0, 800}, {1, 800}, {2, 900}, {3, 800}, {4, 600}, {5, 500}, {6, 400},
		{7, 300}, {11, 300}, {12, 200}, {24, 200}, {60, 200}, {72, 200},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, growth.KBM(tc.months), "%d months", tc.months)
	}
}

func TestMonitor(t *testing.T) {
	birth := day("2025-01-15") // 7 completed months on 2025-08-15
	w := func(date string, kg float64) growth.Weighing { return growth.Weighing{Date: day(date), Weight: kg} }
	tcs := []struct {
		name    string
		history []growth.Weighing
		want    growth.Status
	}{
		{"no weighing", nil, growth.Status{AgeMonths: -1}},
		{"first weighing is B", []growth.Weighing{w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendB, AgeMonths: 7}},
		{"gain equal to KBM is N", []growth.Weighing{w("2025-07-20", 7.2), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendN, GainGrams: 300, KBMGrams: 300, AgeMonths: 7}},
		{"gain below KBM is T", []growth.Weighing{w("2025-07-20", 7.3), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendT, GainGrams: 200, KBMGrams: 300, AgeMonths: 7}},
		{"weight loss is T", []growth.Weighing{w("2025-07-20", 7.6), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendT, GainGrams: -100, KBMGrams: 300, AgeMonths: 7}},
		{"no weighing last month is O", []growth.Weighing{w("2025-06-20", 6.0), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendO, AgeMonths: 7}},
		{"two T in a row is 2T", []growth.Weighing{w("2025-06-20", 7.3), w("2025-07-20", 7.4), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendT, TwoT: true, GainGrams: 100, KBMGrams: 300, AgeMonths: 7}},
		{"T after O is not 2T", []growth.Weighing{w("2025-05-20", 6.5), w("2025-07-20", 7.4), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendT, GainGrams: 100, KBMGrams: 300, AgeMonths: 7}},
		{"T after N is not 2T", []growth.Weighing{w("2025-06-01", 6.0), w("2025-07-20", 7.4), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendT, GainGrams: 100, KBMGrams: 300, AgeMonths: 7}},
		{"calendar months, not 30 days: 1 Jul to 31 Aug is O", []growth.Weighing{w("2025-06-30", 6.0), w("2025-08-01", 7.5)},
			growth.Status{Trend: growth.TrendO, AgeMonths: 6}},
		{"KBM by age at the weighing: 2 months needs 900 g", []growth.Weighing{
			{Date: day("2025-02-20"), Weight: 4.0}, {Date: day("2025-03-20"), Weight: 4.85}},
			growth.Status{Trend: growth.TrendT, GainGrams: 850, KBMGrams: 900, AgeMonths: 2}},
		{"last month's latest weighing counts, order does not matter", []growth.Weighing{
			w("2025-08-20", 7.5), w("2025-07-25", 7.2), w("2025-07-02", 7.45)},
			growth.Status{Trend: growth.TrendN, GainGrams: 300, KBMGrams: 300, AgeMonths: 7}},
		{"invalid weighings are ignored", []growth.Weighing{w("2025-07-20", 0), w("2025-08-20", 7.5)},
			growth.Status{Trend: growth.TrendB, AgeMonths: 7}},
		{"below the red line is BGM", []growth.Weighing{w("2025-08-20", 5.5)},
			growth.Status{Trend: growth.TrendB, BGM: true, AgeMonths: 7}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, growth.Monitor(growth.Male, birth, tc.history))
		})
	}
}

func TestMonitorEach(t *testing.T) {
	birth := day("2024-01-10")
	hist := []growth.Weighing{
		{Date: day("2025-01-10"), Weight: 9.0},
		{Date: day("2025-02-10"), Weight: 9.1},
		{Date: day("2025-03-10"), Weight: 9.2},
		{Date: day("2025-04-10"), Weight: 9.5},
		{Date: day("2025-06-10"), Weight: 9.6},
	}
	var got []string
	for _, s := range growth.MonitorEach(growth.Female, birth, hist) {
		code := string(s.Trend)
		if s.TwoT {
			code = "2T"
		}
		got = append(got, code)
	}
	assert.Equal(t, []string{"B", "T", "2T", "N", "O"}, got)
}

func TestNeedsReferral(t *testing.T) {
	boy := growth.Input{Sex: growth.Male, Age: growth.AgeInDays(800), Position: growth.Standing}
	tcs := []struct {
		name   string
		in     growth.Input
		status growth.Status
		want   []growth.Reason
	}{
		{"healthy", withWL(boy, 12, 88, growth.Standing), growth.Status{Trend: growth.TrendN}, nil},
		{"2T only", withWL(boy, 12, 88, growth.Standing), growth.Status{Trend: growth.TrendT, TwoT: true}, []growth.Reason{growth.ReasonTwoT}},
		{"wasted and below the red line", withWL(boy, 8.5, 80, growth.Standing), growth.Status{},
			[]growth.Reason{growth.ReasonWasting, growth.ReasonBGM}},
		{"severely stunted, severely wasted, BGM", withWL(boy, 8, 79, growth.Standing), growth.Status{},
			[]growth.Reason{growth.ReasonSevereStunting, growth.ReasonSevereWasting, growth.ReasonBGM}},
		{"oedema", func() growth.Input { in := withWL(boy, 12, 88, growth.Standing); in.Oedema = true; return in }(), growth.Status{},
			[]growth.Reason{growth.ReasonOedema}},
		{"BGM from the monitoring status", growth.Input{Sex: growth.Male}, growth.Status{BGM: true}, []growth.Reason{growth.ReasonBGM}},
		{"severe thinness at 10 years", withWL(growth.Input{Sex: growth.Female, Age: growth.AgeInMonths(120)}, 19, 138, growth.Standing), growth.Status{},
			[]growth.Reason{growth.ReasonSevereWasting}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			r := growth.Assess(tc.in)
			got := growth.NeedsReferral(r, tc.status)
			assert.Equal(t, tc.want, got.Reasons())
			assert.Equal(t, len(tc.want) > 0, got.Needed())
		})
	}
}

func TestReasonCodes(t *testing.T) {
	var codes []string
	for _, r := range growth.Reasons() {
		codes = append(codes, r.Code())
	}
	assert.Equal(t, []string{"2t", "severe_stunting", "wasting", "severe_wasting", "oedema", "bgm"}, codes)
	assert.Empty(t, (growth.ReasonTwoT | growth.ReasonBGM).Code(), "a set is not one reason")
}
