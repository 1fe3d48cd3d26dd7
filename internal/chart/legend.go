package chart

import (
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendItem is one key of the legend: a swatch and its text.
type legendItem struct {
	text   string
	swatch func(c draw.Canvas, at vg.Rectangle)
}

const (
	swatchW    = 56
	swatchGap  = 14 // swatch to text
	itemGap    = 40 // text to next swatch
	legendRowH = 52
	legendPad  = 22
)

func legendItems(l Labels) []legendItem {
	band := func(levels ...Level) func(draw.Canvas, vg.Rectangle) {
		return func(c draw.Canvas, r vg.Rectangle) {
			r.Min.Y += 6
			r.Max.Y -= 6
			// Stripes from the outside in, as the bands lie on the chart.
			for i, lv := range levels {
				inset := vg.Length(i) * (r.Max.Y - r.Min.Y) / vg.Length(2*len(levels))
				s := r
				s.Min.Y += inset
				s.Max.Y -= inset
				c.SetColor(bandColor[lv])
				c.Fill(s.Path())
			}
			c.StrokeLines(draw.LineStyle{Color: textColor, Width: 1.5},
				[]vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
		}
	}
	return []legendItem{
		{l.Child, func(c draw.Canvas, r vg.Rectangle) {
			y := (r.Min.Y + r.Max.Y) / 2
			c.StrokeLine2(draw.LineStyle{Color: childInk, Width: 5}, r.Min.X, y, r.Max.X, y)
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: white, Radius: 12, Shape: draw.CircleGlyph{}}, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: y})
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: childInk, Radius: 8.5, Shape: draw.CircleGlyph{}}, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: y})
		}},
		{l.Median, func(c draw.Canvas, r vg.Rectangle) {
			y := (r.Min.Y + r.Max.Y) / 2
			c.StrokeLine2(lineStyle(0), r.Min.X, y, r.Max.X, y)
		}},
		{l.BandGood, band(LevelGood, LevelBest)},
		{l.BandWarning, band(LevelWarning)},
		{l.BandDanger, band(LevelDanger)},
	}
}

func legendStyle() text.Style {
	return textStyle(sizeLegend, false, textColor, text.XLeft, text.YCenter)
}

// legendRows flows the items into rows no wider than w.
func legendRows(w vg.Length, items []legendItem) [][]legendItem {
	sty := legendStyle()
	var rows [][]legendItem
	var row []legendItem
	var x vg.Length
	for _, it := range items {
		iw := swatchW + swatchGap + sty.Width(it.text)
		if len(row) > 0 && x+itemGap+iw > w {
			rows = append(rows, row)
			row, x = nil, 0
		}
		if len(row) > 0 {
			x += itemGap
		}
		row = append(row, it)
		x += iw
	}
	return append(rows, row)
}

func legendHeight(w vg.Length, items []legendItem) vg.Length {
	return vg.Length(len(legendRows(w, items)))*legendRowH + 2*legendPad
}

// drawLegend draws the items in centred rows on the theme's wash.
func drawLegend(dc draw.Canvas, items []legendItem, th theme) {
	dc.SetColor(th.wash)
	dc.Fill(dc.Rectangle.Path())
	sty := legendStyle()
	rows := legendRows(dc.Max.X-dc.Min.X-2*margin, items)
	y := dc.Max.Y - legendPad - legendRowH/2
	for _, row := range rows {
		var w vg.Length
		for i, it := range row {
			if i > 0 {
				w += itemGap
			}
			w += swatchW + swatchGap + sty.Width(it.text)
		}
		x := (dc.Min.X+dc.Max.X)/2 - w/2
		for _, it := range row {
			it.swatch(dc, vg.Rectangle{Min: vg.Point{X: x, Y: y - 20}, Max: vg.Point{X: x + swatchW, Y: y + 20}})
			x += swatchW + swatchGap
			dc.FillText(sty, vg.Point{X: x, Y: y}, it.text)
			x += sty.Width(it.text) + itemGap
		}
		y -= legendRowH
	}
}
