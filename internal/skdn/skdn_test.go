package skdn_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

func TestBandOf(t *testing.T) {
	tcs := []struct {
		months int
		want   string
		ok     bool
	}{{-1, "", false}, {0, "0-5", true}, {5, "0-5", true}, {6, "6-11", true}, {11, "6-11", true},
		{12, "12-23", true}, {23, "12-23", true}, {24, "24-35", true}, {35, "24-35", true}, {36, "36-59", true},
		{59, "36-59", true}, {60, "", false}}
	for _, tc := range tcs {
		b, ok := skdn.BandOf(tc.months)
		assert.Equal(t, tc.ok, ok, tc.months)
		if ok {
			assert.Equal(t, tc.want, b.Code(), tc.months)
		}
	}
}

func TestMonth(t *testing.T) {
	m, err := skdn.ParseMonth("2028-02")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), m.Last())
	assert.Equal(t, "2028-01", m.Prev().String())
	assert.Equal(t, "2027-12", m.Prev().Prev().String())
	for _, bad := range []string{"2028-13", "11-2026", "2026/11", ""} {
		_, err := skdn.ParseMonth(bad)
		assert.ErrorIs(t, err, skdn.ErrBadMonth, bad)
	}
}

func TestScopeValidate(t *testing.T) {
	assert.NoError(t, skdn.ForRegion("36.74.01.1001").Validate())
	assert.NoError(t, skdn.ForRegion("36").Validate())
	assert.NoError(t, skdn.ForPosyandu(3).Validate())
	for _, bad := range []skdn.Scope{skdn.ForRegion(""), skdn.ForRegion("36.74."), skdn.ForRegion("36.7x"),
		skdn.ForRegion("36.74.01.10010"), skdn.ForPosyandu(0), skdn.ForPuskesmas(-1), {}} {
		assert.ErrorIs(t, bad.Validate(), skdn.ErrBadScope, bad)
	}
}

func TestRatio(t *testing.T) {
	assert.Equal(t, "66.7", skdn.Ratio{Num: 2, Den: 3}.String())
	assert.Equal(t, "100.0", skdn.Ratio{Num: 4, Den: 4}.String())
	assert.Equal(t, "", skdn.Ratio{Num: 0, Den: 0}.String())
}

// kelurahan is a report of two posyandu with a few known cells.
func kelurahan() *skdn.Report {
	r := &skdn.Report{Posyandu: []skdn.Posyandu{{ID: 1, Name: "Melati"}, {ID: 2, Name: "Mawar"}}}
	a, b := &r.Posyandu[0].Counts, &r.Posyandu[1].Counts
	a[skdn.S][skdn.L][skdn.Band0to5] = 4
	a[skdn.S][skdn.P][skdn.Band36to59] = 6
	a[skdn.K][skdn.P][skdn.Band36to59] = 5
	a[skdn.D][skdn.L][skdn.Band0to5] = 3
	a[skdn.DPrime][skdn.L][skdn.Band0to5] = 2
	a[skdn.N][skdn.L][skdn.Band0to5] = 1
	b[skdn.S][skdn.L][skdn.Band0to5] = 2
	b[skdn.Stunted][skdn.P][skdn.Band24to35] = 1
	return r
}

func TestWriteF2(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, skdn.WriteF2(&buf, kelurahan(), nil))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"item", "sex", "age", "Melati", "Mawar", "total"}, recs[0])
	rows := map[[3]string][]string{}
	for _, r := range recs[1:] {
		rows[[3]string{r[0], r[1], r[2]}] = r[3:]
	}
	// 14 items × 13 rows, 5 indicators, 2 posyandu counts.
	assert.Len(t, recs, 1+14*13+5+2)
	assert.Equal(t, []string{"S", "L", "0-5"}, recs[1][:3], "the first row")
	tcs := []struct {
		item, sex, age string
		want           []string
	}{
		{"S", "L", "0-5", []string{"4", "2", "6"}},
		{"S", "P", "36-59", []string{"6", "0", "6"}},
		{"S", "L", "all", []string{"4", "2", "6"}},
		{"S", "L+P", "all", []string{"10", "2", "12"}},
		{"K", "L+P", "all", []string{"5", "0", "5"}},
		{"stunted", "P", "24-35", []string{"0", "1", "1"}},
		{"K/S", "L+P", "all", []string{"50.0", "0.0", "41.7"}},
		{"N/D'", "L+P", "all", []string{"50.0", "", "50.0"}},
		{"D/K", "L+P", "all", []string{"60.0", "", "60.0"}},
		{"posyandu", "L+P", "all", []string{"1", "1", "2"}},
		{"posyandu_reporting", "L+P", "all", []string{"1", "0", "1"}},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, rows[[3]string{tc.item, tc.sex, tc.age}], "%s %s %s", tc.item, tc.sex, tc.age)
	}
}

func TestWriteF2LabelsAndSameNames(t *testing.T) {
	r := kelurahan()
	r.Posyandu[1].Name = "Melati"
	var buf bytes.Buffer
	require.NoError(t, skdn.WriteF2(&buf, r, func(i skdn.Item) string { return "<" + i.Code() + ">" }))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"item", "sex", "age", "Melati #1", "Melati #2", "total"}, recs[0])
	assert.Equal(t, "<S>", recs[1][0])
}

func TestSummary(t *testing.T) {
	s := kelurahan().Summary()
	assert.Equal(t, 2, s.Posyandu)
	assert.Equal(t, 1, s.Reporting)
	require.Len(t, s.Lines, int(skdn.NumItems))
	assert.Equal(t, skdn.Line{Item: skdn.S, Count: 12}, s.Lines[0])
	k := s.Lines[skdn.K]
	assert.True(t, k.HasRatio)
	assert.Equal(t, skdn.KS, k.Kind)
	assert.Equal(t, "41.7", k.Ratio.String())
	assert.Equal(t, "skdn.item.2T", skdn.TwoT.LabelKey())
}

func TestBandEdges(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, v := range []string{"2026-11-30", "2026-03-31", "2028-02-29", "2027-02-28", "2026-01-01", "2026-12-31"} {
		on := day(v)
		edges := skdn.BandEdges(on)
		first := skdn.FirstBirth(on)
		// Every birth date of the last six years lands in the band BandOf gives.
		for b := on.AddDate(-6, 0, 0); !b.After(on); b = b.AddDate(0, 0, 1) {
			months := growth.CompletedMonths(b, on)
			want, ok := skdn.BandOf(months)
			assert.Equal(t, ok, !b.Before(first), "%s born %s", v, b.Format(time.DateOnly))
			if !ok {
				continue
			}
			bucket := 0
			for _, e := range edges {
				if !b.Before(e) {
					bucket++
				}
			}
			require.Equal(t, want, skdn.BandOfBucket(bucket), "%s born %s (%d months)", v, b.Format(time.DateOnly), months)
		}
	}
}
