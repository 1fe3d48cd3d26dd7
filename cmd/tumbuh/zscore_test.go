package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const zscoreInput = `id,sex,birth_date,visit_date,weight,lenhei,measure,oedema
1,p,2024-01-10,2025-12-01,10.4,84.8,l,n
2,l,2023-02-01,2025-12-01,"13,2",93.1,h,n
3,x,2024-01-10,2025-12-01,10.4,84.8,l,n
4,l,2025-12-02,2025-12-01,3.5,50,l,n
5,p,2024-01-10,2025-12-01,ten,84.8,l,n
6,p,,,9,75,,y
`

func runZ(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runZscore(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestZscoreEndToEnd(t *testing.T) {
	code, out, stderr := runZ(t, zscoreInput)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 7)
	assert.True(t, strings.HasPrefix(lines[0], "id,sex,birth_date,visit_date,weight,lenhei,measure,oedema,age_days,clenhei,cbmi,zlen,"))
	assert.Contains(t, lines[1], "1,p,2024-01-10,2025-12-01,10.4,84.8,l,n,691,84.80,")
	assert.Contains(t, lines[1], ",wfa_normal,hfa_normal,wfh_normal,bfa_normal")
	assert.Contains(t, lines[2], `2,l,2023-02-01,2025-12-01,"13,2",93.1,h,n,1034,93.10,`)
	for _, i := range []int{3, 4, 5} {
		assert.True(t, strings.HasSuffix(lines[i], strings.Repeat(",", 30)), "bad row %d has empty scores: %s", i, lines[i])
	}
	assert.True(t, strings.HasSuffix(lines[6], ",wfh_severely_wasted,"), lines[6])
	assert.Equal(t, `tumbuh zscore: line 4: unknown sex "x" (scores left empty)
tumbuh zscore: line 5: negative age: visit_date 2025-12-01 is before birth_date 2025-12-02 (scores left empty)
tumbuh zscore: line 6: unreadable weight "ten" (scores left empty)
`, stderr)
}

func TestZscoreFiles(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
	require.NoError(t, os.WriteFile(in, []byte(zscoreInput), 0o600))
	code, stdout, _ := runZ(t, "", "--in", in, "--out", out)
	require.Equal(t, 0, code)
	assert.Empty(t, stdout)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(got), "1,p,2024-01-10,2025-12-01,10.4,84.8,l,n,691,")

	code, stdout, _ = runZ(t, "", "--in", in, "--summary")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "Prevalence among 2 children aged 0-59 months")
}

func TestZscoreFailures(t *testing.T) {
	tcs := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"missing input file", "", []string{"--in", "/nonexistent/x.csv"}, 1, "cannot read the input"},
		{"empty input", "", nil, 1, "the file is empty"},
		{"no sex column", "weight\n1\n", nil, 1, "no sex column"},
		{"summary of an empty input", "", []string{"--summary"}, 1, "the file is empty"},
		{"unwritable output", zscoreInput, []string{"--out", "/nonexistent/out.csv"}, 1, "cannot create the output"},
		{"unknown flag", "", []string{"--bogus"}, 2, "flag provided but not defined"},
		{"stray argument", "", []string{"file.csv"}, 2, `unexpected argument "file.csv"`},
		{"help", "", []string{"-h"}, 0, "usage: tumbuh zscore"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runZ(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr, tc.stderr)
		})
	}
}

func TestZscoreInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := runZscore(ctx, nil, strings.NewReader(zscoreInput), &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "interrupted")
}
