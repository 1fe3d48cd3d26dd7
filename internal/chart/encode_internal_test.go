package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuantizeFewColoursIsLossless checks that an image of up to 256
// colours, each in a bucket of its own, comes out of the PNG exactly as it
// went in.
func TestQuantizeFewColoursIsLossless(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 64, 40))
	draw.Draw(m, m.Rect, image.NewUniform(color.Black), image.Point{}, draw.Src)
	for i := range 255 { // and black
		c := color.RGBA{uint8(i%8*32 + 3), uint8(i/8%8*32 + 30), uint8(i/64*32 + 17), 255}
		m.SetRGBA(i%64, i/64, c)
	}
	var buf bytes.Buffer
	require.NoError(t, encodePNG(&buf, m))
	out, err := png.Decode(&buf)
	require.NoError(t, err)
	assertSame(t, m, out, m.Rect)
}

// TestQuantizeKeepsFlatColours checks that, with far more than 256 colours,
// the large flat areas keep their exact colour, even with other colours of
// their bucket about.
func TestQuantizeKeepsFlatColours(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 400, 300))
	flats := image.Rect(0, 0, 400, 200)
	for i := range 20 {
		c := color.RGBA{uint8(40 + 10*i), uint8(200 - 7*i), uint8(13 * i), 255}
		draw.Draw(m, image.Rect(20*i, 0, 20*i+20, 200), image.NewUniform(c), image.Point{}, draw.Src)
	}
	// Anti-aliasing-like noise in each flat colour's bucket, in rows 0–9.
	for i := range 20 {
		for x := 20 * i; x < 20*i+20; x += 2 {
			m.SetRGBA(x, 3, color.RGBA{uint8(41 + 10*i), uint8(201 - 7*i), uint8(13*i + 1), 255})
		}
	}
	flats.Min.Y = 10
	for y := 200; y < 300; y++ { // a gradient of 40 000 colours
		for x := range 400 {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / 399), uint8((y - 200) * 255 / 99), uint8(x ^ y), 255})
		}
	}
	p := quantize(m, nil)
	assert.LessOrEqual(t, len(p.Palette), 256)
	assertSame(t, m, p, flats)

	var buf bytes.Buffer
	require.NoError(t, encodePNG(&buf, m))
	out, err := png.Decode(&buf)
	require.NoError(t, err)
	assertSame(t, m, out, flats)
}

func assertSame(t *testing.T, want, got image.Image, r image.Rectangle) {
	t.Helper()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			w := color.RGBAModel.Convert(want.At(x, y))
			g := color.RGBAModel.Convert(got.At(x, y))
			if w != g {
				t.Fatalf("pixel %d,%d: got %v, want %v", x, y, g, w)
			}
		}
	}
}
