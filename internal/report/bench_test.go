package report_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/demo"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/report"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// BenchmarkSKDNCity measures the SKDN at a city's scale: Kota Tangerang
// Selatan with 100,000 children weighed over 12 months (~1 M weighings),
// loaded once by the demo generator. Loading takes minutes, so it runs only
// with TUMBUH_BENCH_SCALE=1:
//
//	TUMBUH_BENCH_SCALE=1 go test -run '^$' -bench SKDNCity -benchtime 20x ./internal/report/
//
// TUMBUH_BENCH_CHILDREN overrides the number of children.
func BenchmarkSKDNCity(b *testing.B) {
	if os.Getenv("TUMBUH_BENCH_SCALE") != "1" {
		b.Skip("set TUMBUH_BENCH_SCALE=1 to load 100,000 children")
	}
	n := 100_000
	if s := os.Getenv("TUMBUH_BENCH_CHILDREN"); s != "" {
		var err error
		_, err = fmt.Sscan(s, &n)
		require.NoError(b, err)
	}
	ctx := context.Background()
	db := pgtest.New(b)
	_, err := app.SeedDemo(ctx, db)
	require.NoError(b, err)
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	res, err := demo.Load(ctx, db, demo.Options{Children: n, Months: 12, Seed: 1, Today: today})
	require.NoError(b, err)
	b.Logf("demo load: %d children, %d measurements, %d posyandu in %s", res.Children, res.Measurements,
		res.Posyandu, time.Since(start).Round(time.Millisecond))

	month := skdn.Month{Year: 2026, Month: time.October}
	var posyandu int64
	require.NoError(b, db.Get(&posyandu, `SELECT posyandu_id FROM children GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`))
	for _, sc := range []struct {
		name  string
		scope skdn.Scope
	}{
		{"posyandu", skdn.ForPosyandu(posyandu)},
		{"kecamatan", skdn.ForRegion("36.74.01")},
		{"city", skdn.ForRegion("36.74")},
	} {
		b.Run(sc.name, func(b *testing.B) {
			for b.Loop() {
				r, err := report.SKDN(ctx, db, sc.scope, month)
				require.NoError(b, err)
				if r.Posyandu == nil {
					b.Fatal("no posyandu")
				}
			}
		})
	}
}
