package growth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadTablesRanges(t *testing.T) {
	ts, err := loadTables()
	require.NoError(t, err)
	tcs := []struct {
		name        string
		t           *table
		first, rows int
	}{
		{"weianthro", &ts.wfa, 0, 1857},
		{"acanthro", &ts.ac, 91, 1766},
		{"wflanthro", &ts.wfl, 450, 651},
		{"wfhanthro", &ts.wfh, 650, 551},
		{"hfawho2007", &ts.hfa07, 60, 170},
		{"wfawho2007", &ts.wfa07, 60, 62},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.first, tc.t.first)
			for s := range tc.t.rows {
				require.Len(t, tc.t.rows[s], tc.rows)
				for i, p := range tc.t.rows[s] {
					assert.Positive(t, p.M, "sex %d row %d: gap", s+1, i)
				}
			}
		})
	}
}

// BenchmarkLoadTables is the one-time cost of parsing the embedded tables.
func BenchmarkLoadTables(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadTables(); err != nil {
			b.Fatal(err)
		}
	}
}
