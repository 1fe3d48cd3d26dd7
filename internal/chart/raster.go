package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// rasterCanvas is a vgimg canvas on an RGBA image at one pixel a point, with
// fast paths for what a chart draws most, which gg's general rasteriser
// makes slow: opaque axis-aligned rectangles and the grid's horizontal and
// vertical lines are image/draw fills snapped to whole pixels, and unrotated
// text goes through font.Drawer, as gg's own does but without its
// interpolating transform. Anything else (polygons, slanted or dashed lines,
// rotated text), or anything drawn under a transform, goes to vgimg.
// (x/image/vector was tried for the bands: it paints every pixel of a
// polygon's bounding box, which makes it slower here than gg.)
type rasterCanvas struct {
	*vgimg.Canvas
	img *image.RGBA
	// state is the drawing state of each Push level.
	state []rasterState
	faces map[font.Font]xfont.Face
}

type rasterState struct {
	color       color.Color
	width       vg.Length
	dashed      bool
	transformed bool // a Rotate, Translate or Scale applies
}

// images keeps the RGBA images of finished renders: at 8 MB each, making a
// new one for every chart would keep the garbage collector busy.
var images sync.Pool

func newRasterCanvas(w, h int) *rasterCanvas {
	img, _ := images.Get().(*image.RGBA)
	if img == nil || img.Rect.Dx() != w || img.Rect.Dy() != h {
		img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	// As vgimg.New sets up its own context: y up, butt line caps. vgimg
	// paints the whole image white first.
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(72))
	return &rasterCanvas{
		Canvas: c,
		img:    img,
		state:  []rasterState{{color: color.Black}},
		faces:  make(map[font.Font]xfont.Face),
	}
}

func (c *rasterCanvas) top() *rasterState { return &c.state[len(c.state)-1] }

func (c *rasterCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.top().color = clr
	c.Canvas.SetColor(clr)
}

func (c *rasterCanvas) SetLineWidth(w vg.Length) {
	c.top().width = w
	c.Canvas.SetLineWidth(w)
}

func (c *rasterCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	c.top().dashed = len(dashes) > 0
	c.Canvas.SetLineDash(dashes, offs)
}

func (c *rasterCanvas) Push() {
	c.state = append(c.state, *c.top())
	c.Canvas.Push()
}

func (c *rasterCanvas) Pop() {
	c.state = c.state[:len(c.state)-1]
	c.Canvas.Pop()
}

func (c *rasterCanvas) Rotate(t float64) {
	c.top().transformed = true
	c.Canvas.Rotate(t)
}

func (c *rasterCanvas) Translate(pt vg.Point) {
	c.top().transformed = true
	c.Canvas.Translate(pt)
}

func (c *rasterCanvas) Scale(x, y float64) {
	c.top().transformed = true
	c.Canvas.Scale(x, y)
}

// Fill fills an opaque axis-aligned rectangle with image/draw, snapped to
// whole pixels, and any other path through vgimg.
func (c *rasterCanvas) Fill(p vg.Path) {
	st := c.top()
	if st.transformed {
		c.Canvas.Fill(p)
		return
	}
	if r, ok := rectOf(p); ok {
		if _, _, _, a := st.color.RGBA(); a == 0xffff {
			c.fillRect(r, draw.Src)
			return
		}
	}
	c.Canvas.Fill(p)
}

// fillRect fills r, in points, snapped to whole pixels.
func (c *rasterCanvas) fillRect(r vg.Rectangle, op draw.Op) {
	h := float64(c.img.Rect.Dy())
	px := image.Rect(
		int(math.Round(float64(r.Min.X))), int(math.Round(h-float64(r.Max.Y))),
		int(math.Round(float64(r.Max.X))), int(math.Round(h-float64(r.Min.Y))),
	)
	draw.Draw(c.img, px, image.NewUniform(c.top().color), image.Point{}, op)
}

// Stroke draws a solid horizontal or vertical line of one segment as a
// rectangle snapped to whole pixels, and any other path through vgimg.
func (c *rasterCanvas) Stroke(p vg.Path) {
	st := c.top()
	if !st.transformed && !st.dashed && st.width > 0 && len(p) == 2 &&
		p[0].Type == vg.MoveComp && p[1].Type == vg.LineComp {
		a, b := p[0].Pos, p[1].Pos
		half := st.width / 2
		switch {
		case a.X == b.X:
			c.fillRect(vg.Rectangle{
				Min: vg.Point{X: a.X - half, Y: min(a.Y, b.Y)},
				Max: vg.Point{X: a.X + half, Y: max(a.Y, b.Y)},
			}, draw.Over)
			return
		case a.Y == b.Y:
			c.fillRect(vg.Rectangle{
				Min: vg.Point{X: min(a.X, b.X), Y: a.Y - half},
				Max: vg.Point{X: max(a.X, b.X), Y: a.Y + half},
			}, draw.Over)
			return
		}
	}
	c.Canvas.Stroke(p)
}

// rectOf returns the rectangle that p outlines, if it is one: a move and
// three lines along the axes, closed.
func rectOf(p vg.Path) (vg.Rectangle, bool) {
	if len(p) != 5 || p[0].Type != vg.MoveComp || p[4].Type != vg.CloseComp {
		return vg.Rectangle{}, false
	}
	for _, c := range p[1:4] {
		if c.Type != vg.LineComp {
			return vg.Rectangle{}, false
		}
	}
	a, b, cc, d := p[0].Pos, p[1].Pos, p[2].Pos, p[3].Pos
	horizontalFirst := a.Y == b.Y && b.X == cc.X && cc.Y == d.Y && d.X == a.X
	verticalFirst := a.X == b.X && b.Y == cc.Y && cc.X == d.X && d.Y == a.Y
	if !horizontalFirst && !verticalFirst {
		return vg.Rectangle{}, false
	}
	r := vg.Rectangle{
		Min: vg.Point{X: min(a.X, cc.X), Y: min(a.Y, cc.Y)},
		Max: vg.Point{X: max(a.X, cc.X), Y: max(a.Y, cc.Y)},
	}
	return r, true
}

// FillString draws unrotated text with font.Drawer and a face kept for the
// whole drawing; rotated text goes through vgimg.
func (c *rasterCanvas) FillString(f font.Face, pt vg.Point, str string) {
	st := c.top()
	if st.transformed {
		c.Canvas.FillString(f, pt, str)
		return
	}
	if f.Font.Size == 0 {
		return
	}
	face, ok := c.faces[f.Font]
	if !ok {
		face = f.FontFace(72)
		c.faces[f.Font] = face
	}
	h := float64(c.img.Rect.Dy())
	d := xfont.Drawer{
		Dst:  c.img,
		Src:  image.NewUniform(st.color),
		Face: face,
		Dot: fixed.Point26_6{
			X: fixed.Int26_6(math.Round(float64(pt.X) * 64)),
			Y: fixed.Int26_6(math.Round((h - float64(pt.Y)) * 64)),
		},
	}
	d.DrawString(str)
}

// close releases the faces and the image; c is unusable after.
func (c *rasterCanvas) close() {
	for _, f := range c.faces {
		f.Close()
	}
	images.Put(c.img)
	c.img = nil
}

var _ vg.Canvas = (*rasterCanvas)(nil)
