package survey_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
)

// table is a parsed CSV: header and rows keyed by column name.
type table struct {
	header []string
	rows   []map[string]string
}

func parseCSV(tb testing.TB, data string, comma rune) table {
	tb.Helper()
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = comma
	recs, err := r.ReadAll()
	require.NoError(tb, err)
	require.NotEmpty(tb, recs)
	t := table{header: recs[0]}
	for _, rec := range recs[1:] {
		require.Len(tb, rec, len(t.header))
		m := map[string]string{}
		for i, h := range t.header {
			m[h] = rec[i]
		}
		t.rows = append(t.rows, m)
	}
	return t
}

func score(tb testing.TB, input string) (table, []survey.RowError, survey.Counts) {
	tb.Helper()
	var out bytes.Buffer
	var bad []survey.RowError
	n, err := survey.Score(strings.NewReader(input), &out, func(e survey.RowError) { bad = append(bad, e) })
	require.NoError(tb, err)
	return parseCSV(tb, out.String(), ','), bad, n
}

// TestScoreReferenceThroughCSV runs WHO's under-5 reference cases through the
// CSV path, with WHO Anthro's column names, and compares every z and flag.
func TestScoreReferenceThroughCSV(t *testing.T) {
	raw, err := os.ReadFile("../testdata/reference/who_under5_cases.csv")
	require.NoError(t, err)
	ref := parseCSV(t, string(raw), ',')
	var in strings.Builder
	in.WriteString("case,SEX,Age_Days,weight,lenhei,measure,oedema,headc,armc,triskin,subskin\n")
	for _, r := range ref.rows {
		in.WriteString(strings.Join([]string{r["source"] + "/" + r["case_id"], r["sex"], r["age_days"], r["weight_kg"],
			r["length_cm"], r["measure"], r["oedema"], r["headc_cm"], r["armc_cm"], r["triskin_mm"], r["subskin_mm"]}, ","))
		in.WriteByte('\n')
	}
	got, bad, n := score(t, in.String())
	require.Empty(t, bad)
	require.Equal(t, len(ref.rows), n.Rows)
	require.Len(t, got.rows, len(ref.rows))
	compared := 0
	for i, want := range ref.rows {
		g := got.rows[i]
		require.Equal(t, want["source"]+"/"+want["case_id"], g["case"])
		for _, z := range []string{"zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss"} {
			if want[z] == "" {
				continue
			}
			w, err := strconv.ParseFloat(want[z], 64)
			require.NoError(t, err)
			v, err := strconv.ParseFloat(g[z], 64)
			require.NoError(t, err, "%s %s", g["case"], z)
			assert.InDelta(t, w, v, 0.01+1e-9, "%s %s", g["case"], z)
			if f := "f" + z[1:]; want[f] != "" {
				assert.Equal(t, want[f], g[f], "%s %s", g["case"], f)
			}
			compared++
		}
	}
	assert.Greater(t, compared, 20000)
}

func TestScoreColumnsAndFormats(t *testing.T) {
	tcs := []struct {
		name  string
		input string
		comma rune
		check func(t *testing.T, got table)
	}{
		{
			name:  "any order, any case, extra columns kept, quoted fields",
			input: "Note,LENHEI,Weight,AGE_MONTHS,Sex,Measure\n\"a, \"\"b\"\"\",84.8,10.4,22.45,f,L\n",
			comma: ',',
			check: func(t *testing.T, got table) {
				assert.Equal(t, []string{"Note", "LENHEI", "Weight", "AGE_MONTHS", "Sex", "Measure"}, got.header[:6])
				assert.Equal(t, survey.OutputColumns, got.header[6:])
				r := got.rows[0]
				assert.Equal(t, `a, "b"`, r["Note"])
				assert.Equal(t, "683", r["age_days"])
				assert.Equal(t, "-0.07", r["zlen"])
				assert.Equal(t, "-0.57", r["zwei"])
				assert.Equal(t, "0", r["flen"])
				assert.Equal(t, "hfa_normal", r["cat_hfa"])
				assert.Empty(t, r["zhc"], "no head circumference given")
				assert.Empty(t, r["fhc"])
			},
		},
		{
			name:  "semicolons and decimal commas, written back with decimal commas",
			input: "sex;age_days;weight;lenhei\n2;683;10,4;84,8\n",
			comma: ';',
			check: func(t *testing.T, got table) {
				assert.Equal(t, "-0,57", got.rows[0]["zwei"])
				assert.Equal(t, "84,80", got.rows[0]["clenhei"])
			},
		},
		{
			name:  "birth and visit dates",
			input: "sex,birth_date,visit_date,weight\nl,2024-01-01,2025-12-31,10\n",
			comma: ',',
			check: func(t *testing.T, got table) {
				assert.Equal(t, "730", got.rows[0]["age_days"])
				assert.NotEmpty(t, got.rows[0]["zwei"])
			},
		},
		{
			name:  "an output column in the input is overwritten in place",
			input: "sex,age_days,weight,zwei\nm,365.5,9.6,old\n",
			comma: ',',
			check: func(t *testing.T, got table) {
				assert.Equal(t, 1, strings.Count(strings.Join(got.header, ","), "zwei"))
				assert.Equal(t, "366", got.rows[0]["age_days"])
				assert.NotEqual(t, "old", got.rows[0]["zwei"])
				assert.Equal(t, "zwei", got.header[3])
			},
		},
		{
			name:  "5 to 19 years",
			input: "sex,age_months,weight,lenhei,oedema\n2,60.32,18.7,113.8,n\n1,150,40,150,y\n",
			comma: ',',
			check: func(t *testing.T, got table) {
				assert.Equal(t, "0.96", got.rows[0]["zhfa"])
				assert.Equal(t, "0.21", got.rows[0]["zwfa"])
				assert.Equal(t, "-0.58", got.rows[0]["zbfa"])
				assert.NotEmpty(t, got.rows[1]["zhfa"])
				assert.Empty(t, got.rows[1]["zbfa"], "oedema")
				assert.Equal(t, "bfa518_severely_thin", got.rows[1]["cat_bmi"])
			},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := survey.Score(strings.NewReader(tc.input), &out, nil)
			require.NoError(t, err)
			tc.check(t, parseCSV(t, out.String(), tc.comma))
		})
	}
}

func TestScoreBadRows(t *testing.T) {
	input := "sex,age_months,weight,lenhei,note\n" +
		"f,12,9,75,\"two\nlines\"\n" + // lines 2-3
		"x,12,9,75,\n" + // 4
		"m,-1,9,75,\n" + // 5
		"m,12,9.x,75,\n" + // 6
		"m,12,9,75,\n" + // 7: good
		",12,9,75,\n" // 8: empty sex
	got, bad, n := score(t, input)
	assert.Equal(t, survey.Counts{Rows: 6, Bad: 4}, n)
	assert.Equal(t, []survey.RowError{
		{Line: 4, Reason: `unknown sex "x"`},
		{Line: 5, Reason: `negative age: age_months "-1"`},
		{Line: 6, Reason: `unreadable weight "9.x"`},
		{Line: 8, Reason: `unknown sex ""`},
	}, bad)
	require.Len(t, got.rows, 6)
	assert.NotEmpty(t, got.rows[0]["zwei"])
	assert.Equal(t, "two\nlines", got.rows[0]["note"])
	for _, i := range []int{1, 2, 3, 5} {
		for _, c := range survey.OutputColumns {
			assert.Empty(t, got.rows[i][c], "row %d %s", i, c)
		}
	}
	assert.NotEmpty(t, got.rows[4]["zwei"])
}

func TestScoreFileErrors(t *testing.T) {
	tcs := []struct {
		name, input, want string
	}{
		{"empty", "", "the file is empty"},
		{"no sex column", "age,weight\n1,2\n", "no sex column"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := survey.Score(strings.NewReader(tc.input), &bytes.Buffer{}, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := survey.Score(strings.NewReader("age\n1\n"), &bytes.Buffer{}, nil)
	assert.ErrorIs(t, err, survey.ErrNoSex)
}

// FuzzScore feeds arbitrary bytes: the reader must never panic, and
// Summarize must accept whatever Score accepts.
func FuzzScore(f *testing.F) {
	f.Add([]byte("sex,age_days,weight,lenhei,measure,oedema,headc,armc,triskin,subskin\n1,700,10.4,84.8,l,n,46,14.9,6.8,5.2\n"))
	f.Add([]byte("sex;birth_date;visit_date;weight;lenhei\n2;2020-01-01;2024-01-01;1e308;1e-308\n"))
	f.Add([]byte("Sex\tage_months\tweight\n\"m\t12\tNaN\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := survey.Score(bytes.NewReader(data), &bytes.Buffer{}, nil); err != nil {
			return
		}
		if _, err := survey.Summarize(bytes.NewReader(data), nil); err != nil {
			t.Fatalf("Summarize failed where Score did not: %v", err)
		}
	})
}

// FuzzScoreCells feeds arbitrary cell values under a fixed header: every
// computed cell must be empty, a finite number, a 0/1 flag or a code.
func FuzzScoreCells(f *testing.F) {
	f.Add("1", "700", "", "10.4", "84.8", "l", "n", "46", "14.9", "6.8", "5.2")
	f.Add("p", "", "60,5", "1e308", "1e-308", "h", "y", "-1", "NaN", "Inf", "0x1p3")
	f.Add("2", "1e300", "", "3", "50", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, sex, days, months, weight, lenhei, measure, oedema, headc, armc, tri, sub string) {
		var in bytes.Buffer
		w := csv.NewWriter(&in)
		require.NoError(t, w.Write([]string{"sex", "age_days", "age_months", "weight", "lenhei", "measure", "oedema", "headc", "armc", "triskin", "subskin"}))
		require.NoError(t, w.Write([]string{sex, days, months, weight, lenhei, measure, oedema, headc, armc, tri, sub}))
		w.Flush()
		var out bytes.Buffer
		_, err := survey.Score(bytes.NewReader(in.Bytes()), &out, nil)
		require.NoError(t, err)
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, 2)
		for i, name := range recs[0] {
			if i < 11 {
				continue
			}
			v := recs[1][i]
			if v == "" || strings.HasPrefix(name, "cat_") {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.ContainsAny(v, "nNiI") {
				t.Fatalf("%s = %q", name, v)
			}
		}
	})
}
