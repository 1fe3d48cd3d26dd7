package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot builds the plot of panel p, to be drawn in dc.
func newPlot(p Panel, title, ylabel string, l Labels, th theme, dc draw.Canvas) *plot.Plot {
	plt := plot.New()
	plt.BackgroundColor = nil
	plt.Title.Text = title
	plt.Title.TextStyle = fitText(textStyle(sizePanel, true, th.ink, text.XCenter, text.YTop), title, dc.Max.X-dc.Min.X-2*margin)
	plt.Title.Padding = 14

	plt.X.Label.Text, plt.Y.Label.Text = l.AxisAge, ylabel
	for _, a := range []*plot.Axis{&plt.X, &plt.Y} {
		a.Padding = 0
		a.Width = 2
		a.Color = textColor
		a.Label.TextStyle = textStyle(sizeAxis, false, textColor, a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign)
		a.Label.Padding = 8
		a.Tick.Label.Font = sans(sizeTick, false)
		a.Tick.Label.Color = textColor
		a.Tick.Color = textColor
		a.Tick.Width = 2
		a.Tick.Length = 10
	}
	plt.X.Tick.Marker = ticks(p.XMin, p.XMax, p.XStep, l.DecimalComma)
	plt.Y.Tick.Marker = ticks(p.YMin, p.YMax, p.YStep, l.DecimalComma)

	// The top band is painted as the whole plot's background, which is a
	// plain rectangle and much faster to fill than its polygon.
	if n := len(p.Bands); n > 0 {
		plt.Add(fillData{bandColor[p.Bands[n-1].Level]})
		for _, b := range p.Bands[:n-1] {
			plt.Add(bandPolygon(p, b))
		}
	}
	plt.Add(grid{p})
	for _, c := range p.Curves {
		if !c.Line {
			continue
		}
		for _, r := range c.Runs {
			plt.Add(&plotter.Line{XYs: xys(r), LineStyle: lineStyle(c.Z)})
		}
	}
	// After Add, which widens the axes to the data.
	plt.X.Min, plt.X.Max = p.XMin, p.XMax
	plt.Y.Min, plt.Y.Max = p.YMin, p.YMax
	return plt
}

// plotArea is where a panel's plot goes: the panel less the room for the SD
// labels on the right.
func plotArea(dc draw.Canvas) draw.Canvas {
	dc.Min.X += margin - 12
	dc.Max.X -= sdLabelRoom
	dc.Min.Y += 4
	dc.Max.Y -= 16
	return dc
}

// drawPanel draws plt in area, then the SD labels and the child's
// measurements on top.
func drawPanel(dc, area draw.Canvas, plt *plot.Plot, p Panel, comma bool) {
	plt.Draw(area)
	data := plt.DataCanvas(area)
	trX, trY := plt.Transforms(&data)
	drawSDLabels(dc, data, p, trY)
	drawChild(data, p, trX, trY, comma)
}

// ticks labels every step from lo to hi, with a minor tick between labels.
func ticks(lo, hi, step float64, comma bool) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for v := lo; v <= hi+step/1e6; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: formatNumber(v, comma)})
	}
	return ts
}

func xys(r []XY) plotter.XYs {
	out := make(plotter.XYs, len(r))
	for i, v := range r {
		out[i] = plotter.XY{X: v.Months, Y: v.Value}
	}
	return out
}

// bandPolygon fills band b of p: up along its lower curve, back along its
// upper one.
func bandPolygon(p Panel, b Band) *plotter.Polygon {
	edgeAt := func(y float64) []XY { return []XY{{p.XMin, y}, {p.XMax, y}} }
	lo, hi := edgeAt(p.YMin), edgeAt(p.YMax)
	if b.Lo != edge {
		lo = joinRuns(p.Curves[b.Lo].Runs)
	}
	if b.Hi != edge {
		hi = joinRuns(p.Curves[b.Hi].Runs)
	}
	ring := make(plotter.XYs, 0, len(lo)+len(hi))
	for _, v := range lo {
		ring = append(ring, plotter.XY{X: v.Months, Y: v.Value})
	}
	for i := len(hi) - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: hi[i].Months, Y: hi[i].Value})
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: bandColor[b.Level]}
}

func joinRuns(runs [][]XY) []XY {
	var out []XY
	for _, r := range runs {
		out = append(out, r...)
	}
	return out
}

// fillData fills the data area of a plot.
type fillData struct{ color color.Color }

func (f fillData) Plot(c draw.Canvas, _ *plot.Plot) {
	c.SetColor(f.color)
	c.Fill(c.Rectangle.Path())
}

// grid draws graph-paper lines over the bands: light ones at every minor
// step, stronger ones at every labelled tick.
type grid struct{ p Panel }

func (g grid) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	line := func(major bool, pts ...vg.Point) {
		sty := draw.LineStyle{Color: gridMinor, Width: 1}
		if major {
			sty = draw.LineStyle{Color: gridMajor, Width: 2}
		}
		c.StrokeLines(sty, pts)
	}
	p := g.p
	for i := 0; ; i++ {
		v := p.XMin + float64(i)*p.XMinor
		if v > p.XMax+1e-9 {
			break
		}
		x := trX(v)
		line(isMultiple(v-p.XMin, p.XStep), vg.Point{X: x, Y: c.Min.Y}, vg.Point{X: x, Y: c.Max.Y})
	}
	for i := 0; ; i++ {
		v := p.YMin + float64(i)*p.YMinor
		if v > p.YMax+1e-9 {
			break
		}
		y := trY(v)
		line(isMultiple(v-p.YMin, p.YStep), vg.Point{X: c.Min.X, Y: y}, vg.Point{X: c.Max.X, Y: y})
	}
}

func isMultiple(v, step float64) bool {
	r := math.Mod(v+step/1e6, step)
	return r < step/1e3
}

// drawSDLabels writes each SD line's z at its right end, just outside the
// plot, nudging labels apart where the lines end close together.
func drawSDLabels(dc, data draw.Canvas, p Panel, trY func(float64) vg.Length) {
	type label struct {
		z float64
		y vg.Length
	}
	var ls []label
	for _, c := range p.Curves { // by rising z, so by rising y
		if c.Line {
			last := c.Runs[len(c.Runs)-1]
			ls = append(ls, label{c.Z, trY(last[len(last)-1].Value)})
		}
	}
	const gap = sizeTick
	for i := 1; i < len(ls); i++ {
		ls[i].y = max(ls[i].y, ls[i-1].y+gap)
	}
	for _, l := range ls {
		sty := textStyle(sizeTick, true, lineStyle(l.z).Color, text.XLeft, text.YCenter)
		dc.FillText(sty, vg.Point{X: data.Max.X + 10, Y: l.y}, formatZ(l.z))
	}
}

// drawChild joins the child's measurements with a line, marks each with a
// dot and writes the last value beside it.
func drawChild(data draw.Canvas, p Panel, trX, trY func(float64) vg.Length, comma bool) {
	if len(p.Child) == 0 {
		return
	}
	pts := make([]vg.Point, len(p.Child))
	for i, v := range p.Child {
		pts[i] = vg.Point{X: trX(v.Months), Y: trY(v.Value)}
	}
	if len(pts) > 1 {
		data.StrokeLines(draw.LineStyle{Color: white, Width: 10}, pts)
		data.StrokeLines(draw.LineStyle{Color: childInk, Width: 5}, pts)
	}
	for _, pt := range pts {
		data.DrawGlyphNoClip(draw.GlyphStyle{Color: white, Radius: 12, Shape: draw.CircleGlyph{}}, pt)
		data.DrawGlyphNoClip(draw.GlyphStyle{Color: childInk, Radius: 8.5, Shape: draw.CircleGlyph{}}, pt)
	}

	last := p.Child[len(p.Child)-1]
	pt := pts[len(pts)-1]
	txt := formatNumber(last.Value, comma)
	sty := textStyle(sizeValue, true, childInk, text.XLeft, text.YBottom)
	w, h := sty.Width(txt), sty.Height(txt)
	const pad = 8
	// Above and to the left of the dot, clear of it; kept inside the plot.
	box := vg.Rectangle{
		Min: vg.Point{X: pt.X - w - 2*pad - 14, Y: pt.Y + 14},
		Max: vg.Point{X: pt.X - 14, Y: pt.Y + 14 + h + 2*pad},
	}
	if box.Min.X < data.Min.X {
		box = box.Add(vg.Point{X: data.Min.X - box.Min.X + 4})
	}
	if box.Max.Y > data.Max.Y { // no room above: below the dot
		box = box.Add(vg.Point{Y: pt.Y - 14 - box.Max.Y})
	}
	data.SetColor(white)
	data.Fill(box.Path())
	data.StrokeLines(draw.LineStyle{Color: childInk, Width: 2},
		[]vg.Point{box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}, box.Min})
	data.FillText(sty, vg.Point{X: box.Min.X + pad, Y: box.Min.Y + pad}, txt)
}

var (
	_ plot.Plotter = grid{}
	_ plot.Plotter = fillData{}
)
