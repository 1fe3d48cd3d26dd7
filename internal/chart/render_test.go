package chart_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func TestRender(t *testing.T) {
	one := boy()
	one.Points = one.Points[1:2]
	none := girl()
	none.Points = nil
	tcs := []struct {
		name  string
		child chart.Child
	}{
		{"boy", boy()},
		{"girl", girl()},
		{"one point", one},
		{"no points", none},
		{"five years", fiveYears()},
		{"outlier and long name", outlier()},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, chart.Render(&buf, tc.child, indonesian))
			data := buf.Bytes()
			assert.Equal(t, "\x89PNG\r\n\x1a\n", string(data[:8]), "PNG signature")
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			require.NoError(t, err)
			assert.Equal(t, chart.Width, cfg.Width)
			assert.GreaterOrEqual(t, cfg.Width, 1000)
			assert.Equal(t, chart.Height, cfg.Height)
			assert.Less(t, len(data), 200<<10, "PNG size")
			_, err = png.Decode(bytes.NewReader(data))
			require.NoError(t, err, "the PNG decodes")
			if *pngDir != "" {
				name := filepath.Join(*pngDir, "chart-"+tc.name+".png")
				require.NoError(t, os.WriteFile(name, data, 0o644))
			}
		})
	}
}

// fiveYears is a girl weighed every three months to the end of her 60th
// month.
func fiveYears() chart.Child {
	c := chart.Child{Name: "Ani", Sex: growth.Female}
	for d := 0; d <= growth.MaxAgeDays; d += 91 {
		m := float64(d) / growth.DaysPerMonth
		c.Points = append(c.Points, chart.Point{AgeDays: d, Weight: 3 + 0.25*m, LenHei: 49 + 1.1*m})
	}
	return c
}

// outlier has a long name and a mistyped weight that widens the axis.
func outlier() chart.Child {
	c := boy()
	c.Name = "Muhammad Rizky Pratama Nugroho Saputra Wijaya Kusuma Hadiningrat Putra"
	c.Points = append(c.Points, chart.Point{AgeDays: 420, Weight: 38})
	return c
}

func TestRenderUnknownSex(t *testing.T) {
	c := boy()
	c.Sex = growth.SexUnknown
	var buf bytes.Buffer
	assert.ErrorIs(t, chart.Render(&buf, c, indonesian), chart.ErrUnknownSex)
	assert.Zero(t, buf.Len())
}
