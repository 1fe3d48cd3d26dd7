package chart

import (
	"errors"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// ErrUnknownSex is returned for a child whose sex is neither growth.Male nor
// growth.Female: there is no reference to draw.
var ErrUnknownSex = errors.New("chart: unknown sex")

// Layout, in points.
const (
	margin       = 36
	headerHeight = 172
	panelGap     = 24
	sdLabelRoom  = 64 // right of the plot, for the SD line labels
)

// Draw draws the chart of c, with the texts of l, filling dc. Render calls it
// on a Width × Height canvas; other vg backends (SVG, a recorder in tests)
// work too. It returns ErrUnknownSex, drawing nothing, for an unknown sex.
func Draw(dc draw.Canvas, c Child, l Labels) error {
	if c.Sex != growth.Male && c.Sex != growth.Female {
		return ErrUnknownSex
	}
	ch := Series(c)
	th := themeOf(c.Sex)

	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())

	top := dc.Max.Y
	drawHeader(crop(dc, top-headerHeight, top), c, l, th)

	items := legendItems(l)
	legendH := legendHeight(dc.Rectangle.Size().X-2*margin, items)
	drawLegend(crop(dc, dc.Min.Y, dc.Min.Y+legendH), items, th)

	body := crop(dc, dc.Min.Y+legendH+panelGap, top-headerHeight-panelGap/2)
	h := (body.Max.Y - body.Min.Y - panelGap) / 2
	upper := crop(body, body.Max.Y-h, body.Max.Y)
	lower := crop(body, body.Min.Y, body.Min.Y+h)
	wp := newPlot(ch.Weight, l.WeightForAge, l.AxisWeight, l, th, upper)
	lp := newPlot(ch.Length, l.LengthForAge, l.AxisLength, l, th, lower)
	wa, la := plotArea(upper), plotArea(lower)
	// One left edge for both plots, whatever the width of their tick labels.
	wd, ld := wp.DataCanvas(wa), lp.DataCanvas(la)
	left := max(wd.Min.X, ld.Min.X)
	wa.Min.X += left - wd.Min.X
	la.Min.X += left - ld.Min.X
	drawPanel(upper, wa, wp, ch.Weight, l.DecimalComma)
	drawPanel(lower, la, lp, ch.Length, l.DecimalComma)
	return nil
}

// crop returns the full-width slice of dc between y0 and y1.
func crop(dc draw.Canvas, y0, y1 vg.Length) draw.Canvas {
	dc.Min.Y, dc.Max.Y = y0, y1
	return dc
}

func drawHeader(dc draw.Canvas, c Child, l Labels, th theme) {
	dc.SetColor(th.tint)
	dc.Fill(dc.Rectangle.Path())
	w := dc.Max.X - dc.Min.X - 2*margin
	x := dc.Min.X + margin

	title := fitText(textStyle(sizeTitle, true, th.ink, text.XLeft, text.YTop), l.Title, w)
	dc.FillText(title, vg.Point{X: x, Y: dc.Max.Y - 28}, l.Title)

	sex := l.Boy
	if c.Sex == growth.Female {
		sex = l.Girl
	}
	nameSty := textStyle(sizeName, true, textColor, text.XLeft, text.YBottom)
	sexSty := textStyle(sizeName, false, textColor, text.XLeft, text.YBottom)
	dot := vg.Length(28)
	name := c.Name
	for nameSty.Width(name)+dot+sexSty.Width(sex) > w && nameSty.Font.Size > sizeTick {
		nameSty.Font.Size--
		sexSty.Font.Size--
	}
	for r := []rune(c.Name); nameSty.Width(name)+dot+sexSty.Width(sex) > w && len(r) > 1; {
		r = r[:len(r)-1]
		name = strings.TrimSpace(string(r)) + "…"
	}
	y := dc.Min.Y + 30
	dc.FillText(nameSty, vg.Point{X: x, Y: y}, name)
	x += nameSty.Width(name)
	if name != "" {
		dc.DrawGlyph(draw.GlyphStyle{Color: th.ink, Radius: 5, Shape: draw.CircleGlyph{}},
			vg.Point{X: x + dot/2, Y: y + sexSty.Font.Size*0.35})
		x += dot
	}
	dc.FillText(sexSty, vg.Point{X: x, Y: y}, sex)
}

// fitText shrinks sty until txt fits in w, down to the smallest text size.
func fitText(sty text.Style, txt string, w vg.Length) text.Style {
	for sty.Width(txt) > w && sty.Font.Size > sizeTick {
		sty.Font.Size--
	}
	return sty
}
