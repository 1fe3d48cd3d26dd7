package survey_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
)

func TestSummarize(t *testing.T) {
	p, ok := growth.Params(growth.LengthForAge, growth.Male, 400)
	require.True(t, ok)
	var in strings.Builder
	in.WriteString("sex,age_days,lenhei,weight,oedema\n")
	for i := range 100 {
		z := 0.0
		if i < 20 {
			z = -2.5 // stunted, not severely
		}
		fmt.Fprintf(&in, "1,400,%.4f,,n\n", p.At(z))
	}
	fmt.Fprintf(&in, "1,400,%.4f,,n\n", p.At(-7)) // flagged: left out
	in.WriteString("2,100,,,y\n")                 // oedema: a wasting case
	in.WriteString("1,1900,100,15,n\n")           // 62 months: left out
	in.WriteString("x,100,60,6,n\n")              // bad row: left out

	var bad []survey.RowError
	prev, err := survey.Summarize(strings.NewReader(in.String()), func(e survey.RowError) { bad = append(bad, e) })
	require.NoError(t, err)
	require.Len(t, bad, 1)
	assert.Equal(t, 105, bad[0].Line)
	assert.Equal(t, 102, prev.Children)

	tcs := []struct {
		name    string
		m       survey.Measure
		sex, ag int
		want    survey.Cell
	}{
		// CI: logit interval, t(0.975, 101) = 1.983731, as WHO Anthro computes it.
		{"stunting, all", survey.Stunting, 0, 0, survey.Cell{N: 100, Cases: 20, Percent: 20, Low: 13.185, High: 29.154}},
		{"stunting, boys 12-23 months", survey.Stunting, 1, 3, survey.Cell{N: 100, Cases: 20, Percent: 20, Low: 13.185, High: 29.154}},
		{"stunting, girls", survey.Stunting, 2, 0, survey.Cell{}},
		{"severe stunting, all", survey.SevereStunting, 0, 0, survey.Cell{N: 100}},
		{"wasting: oedema counts", survey.Wasting, 0, 0, survey.Cell{N: 1, Cases: 1, Percent: 100, Low: 100, High: 100}},
		{"severe wasting: oedema counts, girls 0-5 months", survey.SevereWasting, 2, 1, survey.Cell{N: 1, Cases: 1, Percent: 100, Low: 100, High: 100}},
		{"underweight: oedema counts", survey.Underweight, 0, 0, survey.Cell{N: 1, Cases: 1, Percent: 100, Low: 100, High: 100}},
		{"overweight: oedema does not", survey.Overweight, 0, 0, survey.Cell{N: 1}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got := prev.Cell(tc.m, tc.sex, tc.ag)
			assert.Equal(t, tc.want.N, got.N)
			assert.Equal(t, tc.want.Cases, got.Cases)
			assert.InDelta(t, tc.want.Percent, got.Percent, 1e-9)
			assert.InDelta(t, tc.want.Low, got.Low, 1e-3)
			assert.InDelta(t, tc.want.High, got.High, 1e-3)
		})
	}

	var out bytes.Buffer
	require.NoError(t, prev.Print(&out))
	text := out.String()
	assert.Contains(t, text, "Prevalence among 102 children")
	assert.Regexp(t, `stunting\s+all\s+0-59\s+100\s+20\s+20\.0\s+13\.2-29\.2`, text)
	assert.Equal(t, 1+1+6*3*7, strings.Count(text, "\n"), "title, header, one line per measure, sex and age group")
}
