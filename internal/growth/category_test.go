package growth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func TestClassifyBoundaries(t *testing.T) {
	tcs := []struct {
		name string
		ix   growth.Index
		z    float64
		want growth.Category
	}{
		{"BB/U below -3", growth.IndexWFA, -3.01, growth.WFASeverelyUnderweight},
		{"BB/U at -3", growth.IndexWFA, -3, growth.WFAUnderweight},
		{"BB/U below -2", growth.IndexWFA, -2.01, growth.WFAUnderweight},
		{"BB/U at -2", growth.IndexWFA, -2, growth.WFANormal},
		{"BB/U at +1", growth.IndexWFA, 1, growth.WFANormal},
		{"BB/U above +1", growth.IndexWFA, 1.01, growth.WFARiskOverweight},
		{"BB/U at +3", growth.IndexWFA, 3, growth.WFARiskOverweight},
		{"PB/U below -3", growth.IndexHFA, -3.01, growth.HFASeverelyStunted},
		{"PB/U at -3", growth.IndexHFA, -3, growth.HFAStunted},
		{"PB/U at -2", growth.IndexHFA, -2, growth.HFANormal},
		{"PB/U at +1", growth.IndexHFA, 1, growth.HFANormal},
		{"PB/U at +2", growth.IndexHFA, 2, growth.HFANormal},
		{"PB/U at +3", growth.IndexHFA, 3, growth.HFANormal},
		{"PB/U above +3", growth.IndexHFA, 3.01, growth.HFATall},
		{"BB/PB below -3", growth.IndexWFH, -3.01, growth.WFHSeverelyWasted},
		{"BB/PB at -3", growth.IndexWFH, -3, growth.WFHWasted},
		{"BB/PB at -2", growth.IndexWFH, -2, growth.WFHNormal},
		{"BB/PB at +1", growth.IndexWFH, 1, growth.WFHNormal},
		{"BB/PB above +1", growth.IndexWFH, 1.01, growth.WFHRiskOverweight},
		{"BB/PB at +2", growth.IndexWFH, 2, growth.WFHRiskOverweight},
		{"BB/PB above +2", growth.IndexWFH, 2.01, growth.WFHOverweight},
		{"BB/PB at +3", growth.IndexWFH, 3, growth.WFHOverweight},
		{"BB/PB above +3", growth.IndexWFH, 3.01, growth.WFHObese},
		{"IMT/U at -3", growth.IndexBMI, -3, growth.BFAWasted},
		{"IMT/U at -2", growth.IndexBMI, -2, growth.BFANormal},
		{"IMT/U at +1", growth.IndexBMI, 1, growth.BFANormal},
		{"IMT/U at +2", growth.IndexBMI, 2, growth.BFARiskOverweight},
		{"IMT/U at +3", growth.IndexBMI, 3, growth.BFAOverweight},
		{"IMT/U above +3", growth.IndexBMI, 3.01, growth.BFAObese},
		{"IMT/U 5-18 below -3", growth.IndexBMI518, -3.01, growth.BFA518SeverelyThin},
		{"IMT/U 5-18 at -3", growth.IndexBMI518, -3, growth.BFA518Thin},
		{"IMT/U 5-18 at -2", growth.IndexBMI518, -2, growth.BFA518Normal},
		{"IMT/U 5-18 at +1", growth.IndexBMI518, 1, growth.BFA518Normal},
		{"IMT/U 5-18 at +2", growth.IndexBMI518, 2, growth.BFA518Overweight},
		{"IMT/U 5-18 above +2", growth.IndexBMI518, 2.01, growth.BFA518Obese},
		{"IMT/U 5-18 at +3", growth.IndexBMI518, 3, growth.BFA518Obese},
		{"unknown index", growth.Index(99), 0, ""},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, growth.Classify(tc.ix, tc.z))
		})
	}
}

func TestAssessCategories(t *testing.T) {
	boy := func(days float64) growth.Input {
		return growth.Input{Sex: growth.Male, Age: growth.AgeInDays(days)}
	}
	tcs := []struct {
		name string
		in   growth.Input
		want growth.Categories
	}{
		{
			name: "healthy boy of one year",
			in:   withWL(boy(365), 9.6, 75.7, growth.Lying),
			want: growth.Categories{WeightForAge: growth.WFANormal, HeightForAge: growth.HFANormal, WeightForHeight: growth.WFHNormal, BMIForAge: growth.BFANormal},
		},
		{
			name: "stunted and wasted boy of two years",
			in:   withWL(boy(800), 8.5, 80, growth.Standing),
			want: growth.Categories{WeightForAge: growth.WFASeverelyUnderweight, HeightForAge: growth.HFAStunted, WeightForHeight: growth.WFHWasted, BMIForAge: growth.BFAWasted},
		},
		{
			name: "oedema counts as severe for weight-based indices",
			in:   func() growth.Input { in := withWL(boy(365), 9.6, 75.7, growth.Lying); in.Oedema = true; return in }(),
			want: growth.Categories{WeightForAge: growth.WFASeverelyUnderweight, HeightForAge: growth.HFANormal, WeightForHeight: growth.WFHSeverelyWasted, BMIForAge: growth.BFASeverelyWasted},
		},
		{
			name: "school child gets IMT/U 5-18 and TB/U only",
			in:   withWL(growth.Input{Sex: growth.Female, Age: growth.AgeInMonths(100)}, 25, 128, growth.Standing),
			want: growth.Categories{HeightForAge: growth.HFANormal, BMIForAge: growth.BFA518Normal},
		},
		{
			name: "no age: weight-for-height only",
			in:   withWL(growth.Input{Sex: growth.Female}, 10, 80, growth.Lying),
			want: growth.Categories{WeightForHeight: growth.WFHNormal},
		},
		{
			name: "unknown sex: nothing",
			in:   withWL(growth.Input{Age: growth.AgeInDays(365)}, 10, 80, growth.Lying),
			want: growth.Categories{},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, growth.Assess(tc.in).Categories)
		})
	}
}

func withWL(in growth.Input, kg, cm float64, pos growth.Position) growth.Input {
	in.Weight, in.LenHei, in.Position = kg, cm, pos
	return in
}

func TestLabelKeys(t *testing.T) {
	keys := growth.LabelKeys()
	seen := map[string]bool{}
	for _, k := range keys {
		assert.False(t, seen[k], "duplicate %s", k)
		seen[k] = true
	}
	for _, want := range []string{
		"growth.category.hfa_severely_stunted", "growth.category.bfa518_obese",
		"growth.status.N", "growth.status.2T", "growth.status.BGM",
		"growth.referral.2t", "growth.referral.bgm", "growth.indicator.zwfl", "growth.indicator.zbfa",
	} {
		assert.True(t, seen[want], want)
	}
	assert.Len(t, keys, growth.NumIndicators+len(growth.AllCategories())+6+6)
}
