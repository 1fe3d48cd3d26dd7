package survey_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
)

// writeSurvey writes n plausible rows of children 0–19 years, with every
// input column, to a file and returns its path.
func writeSurvey(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "survey.csv")
	f, err := os.Create(path)
	require.NoError(tb, err)
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id,sex,birth_date,visit_date,weight,lenhei,measure,oedema,headc,armc,triskin,subskin")
	rng := rand.New(rand.NewPCG(1, 2))
	visit := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		days := rng.IntN(1857)
		if i%10 == 0 {
			days = 1857 + rng.IntN(5000)
		}
		birth := visit.AddDate(0, 0, -days)
		ht := 50 + 60*float64(days)/1856*(0.9+0.2*rng.Float64())
		wt := 3.3 + 14*float64(days)/1856*(0.8+0.4*rng.Float64())
		pos := "l"
		if days > 730 {
			pos = "h"
		}
		fmt.Fprintf(w, "%d,%d,%s,%s,%.1f,%.1f,%s,n,%.1f,%.1f,%.1f,%.1f\n", i, 1+i%2,
			birth.Format(time.DateOnly), visit.Format(time.DateOnly), wt, ht, pos,
			35+15*rng.Float64(), 12+5*rng.Float64(), 5+6*rng.Float64(), 4+5*rng.Float64())
	}
	require.NoError(tb, w.Flush())
	require.NoError(tb, f.Close())
	return path
}

// BenchmarkScoreMillionRows is `tumbuh zscore` on a 1,000,000-row file.
func BenchmarkScoreMillionRows(b *testing.B) {
	const rows = 1_000_000
	path := writeSurvey(b, b.TempDir(), rows)
	var n survey.Counts
	start := time.Now()
	for b.Loop() {
		f, err := os.Open(path)
		require.NoError(b, err)
		n, err = survey.Score(f, io.Discard, nil)
		require.NoError(b, err)
		f.Close()
	}
	require.Equal(b, rows, n.Rows)
	b.ReportMetric(float64(rows)*float64(b.N)/time.Since(start).Seconds(), "rows/s")
}
