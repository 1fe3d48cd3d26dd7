package chart

import (
	"image/color"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Size of the image Render writes, in pixels. Draw lays the chart out in
// points on a canvas of this size; Render draws at 72 dpi, one pixel a point.
const (
	Width  = 1080
	Height = 1840
)

// theme is the KMS tint of one sex: a light fill for the title bar and the
// legend, and a deep ink for titles.
type theme struct {
	tint, wash, ink color.RGBA
}

var (
	boyTheme  = theme{tint: rgb(0xBBDEFB), wash: rgb(0xE3F2FD), ink: rgb(0x0D47A1)}
	girlTheme = theme{tint: rgb(0xF8BBD0), wash: rgb(0xFCE4EC), ink: rgb(0x880E4F)}
)

func themeOf(s growth.Sex) theme {
	if s == growth.Female {
		return girlTheme
	}
	return boyTheme
}

var (
	white     = rgb(0xFFFFFF)
	textColor = rgb(0x212121)
	childInk  = rgb(0x1A237E) // the child's line: dark indigo on any band
	gridMinor = color.NRGBA{255, 255, 255, 110}
	gridMajor = color.NRGBA{255, 255, 255, 200}
	bandColor = [...]color.RGBA{
		LevelBest:    rgb(0xA5D6A7),
		LevelGood:    rgb(0xDCEFD0),
		LevelWarning: rgb(0xFFF59D),
		LevelDanger:  rgb(0xF4A7A3),
	}
)

// lineStyle returns the style of the SD line at z.
func lineStyle(z float64) draw.LineStyle {
	switch {
	case z == 0:
		return draw.LineStyle{Color: rgb(0x1B5E20), Width: 5}
	case z == 2 || z == -2:
		return draw.LineStyle{Color: rgb(0xE65100), Width: 3}
	default:
		return draw.LineStyle{Color: rgb(0xB71C1C), Width: 3}
	}
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// Text sizes, in points (pixels in the PNG). Nothing is below 28 px, so that
// a 1080 px image stays readable on a phone.
const (
	sizeTitle  = 48
	sizeName   = 40
	sizePanel  = 38
	sizeAxis   = 30
	sizeTick   = 28
	sizeLegend = 30
	sizeValue  = 30
)

func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return font.From(f, size)
}

func textStyle(size vg.Length, bold bool, c color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{Color: c, Font: sans(size, bold), XAlign: x, YAlign: y, Handler: plot.DefaultTextHandler}
}
