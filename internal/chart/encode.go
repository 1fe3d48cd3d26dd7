package chart

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"sync"
)

// A chart is flat colour with anti-aliased edges, so a 256-colour PNG of it
// looks the same as a true-colour one at a third of the size, and it
// compresses fast. quantize picks the palette by popularity: pixels are
// counted in buckets of 5 bits a channel, and the 256 fullest buckets give
// the palette, each its most common exact colour (a weighted majority vote),
// so a flat area keeps its colour exactly. Every other bucket takes the
// nearest palette colour. Two colours that share a bucket share its colour,
// at most 7 levels a channel off.

const (
	bucketBits = 5
	numBuckets = 1 << (3 * bucketBits)
	maxColours = 256
)

// bucketOf returns the bucket of an RGBA pixel read as a little-endian word.
func bucketOf(px uint32) uint16 {
	const s = 8 - bucketBits
	r, g, b := px&0xff>>s, px>>8&0xff>>s, px>>16&0xff>>s
	return uint16(r<<(2*bucketBits) | g<<bucketBits | b)
}

// bucket counts the pixels of one bucket, n, and holds the winner so far of
// a Boyer-Moore majority vote among its exact colours, with its lead.
type bucket struct {
	n, lead, px uint32
}

// quantizer holds the scratch space of one quantize call.
type quantizer struct {
	buckets [numBuckets]bucket
	index   [numBuckets]uint8
	runs    []run
}

// run is n pixels of colour px in a row (or across rows).
type run struct {
	px, n uint32
}

var quantizers = sync.Pool{New: func() any { return new(quantizer) }}

// quantize returns m, an opaque image whose Stride is 4 × its width, in at
// most 256 colours, in p's pixels (reallocated if p is too small).
func quantize(m *image.RGBA, p *image.Paletted) *image.Paletted {
	q := quantizers.Get().(*quantizer)
	defer quantizers.Put(q)
	clear(q.buckets[:])

	// The image is opaque with no gaps between rows, so its pixels are one
	// stretch of little-endian words, mostly in long runs of one colour: it
	// is read once, as runs, eight bytes at a time.
	pix := m.Pix
	q.runs = q.runs[:0]
	for i := 0; i+4 <= len(pix); {
		px := binary.LittleEndian.Uint32(pix[i : i+4 : i+4])
		pair := uint64(px) | uint64(px)<<32
		start := i
		for i += 4; i+8 <= len(pix) && binary.LittleEndian.Uint64(pix[i:i+8:i+8]) == pair; i += 8 {
		}
		if i+4 <= len(pix) && binary.LittleEndian.Uint32(pix[i:i+4:i+4]) == px {
			i += 4
		}
		n := uint32(i-start) / 4
		q.runs = append(q.runs, run{px, n})
		k := &q.buckets[bucketOf(px)]
		k.n += n
		switch {
		case k.px == px:
			k.lead += n
		case k.lead >= n:
			k.lead -= n
		default:
			k.px, k.lead = px, n-k.lead
		}
	}

	used := make([]uint16, 0, 4096)
	for k := range q.buckets {
		if q.buckets[k].n > 0 {
			used = append(used, uint16(k))
		}
	}
	slices.SortFunc(used, func(a, b uint16) int {
		return int(q.buckets[b].n) - int(q.buckets[a].n)
	})
	pal := make(color.Palette, 0, min(len(used), maxColours))
	for i, k := range used {
		px := q.buckets[k].px
		c := color.RGBA{uint8(px), uint8(px >> 8), uint8(px >> 16), 255}
		if i < maxColours {
			q.index[k] = uint8(i)
			pal = append(pal, c)
			continue
		}
		q.index[k] = nearest(pal, c)
	}

	n := len(pix) / 4
	if p == nil || cap(p.Pix) < n {
		p = &image.Paletted{Pix: make([]uint8, n)}
	}
	p.Pix, p.Stride, p.Rect, p.Palette = p.Pix[:n], m.Rect.Dx(), m.Rect, pal
	out := p.Pix
	for _, r := range q.runs {
		idx := q.index[bucketOf(r.px)]
		seg := out[:r.n]
		for j := range seg {
			seg[j] = idx
		}
		out = out[r.n:]
	}
	return p
}

// nearest returns the index of the colour of pal closest to c.
func nearest(pal color.Palette, c color.RGBA) uint8 {
	best, bestD := 0, int(^uint(0)>>1)
	for i, pc := range pal {
		p := pc.(color.RGBA)
		dr, dg, db := int(p.R)-int(c.R), int(p.G)-int(c.G), int(p.B)-int(c.B)
		// Green weighs most to the eye.
		if d := 3*dr*dr + 4*dg*dg + 2*db*db; d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &bufferPool{}}

type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() *png.EncoderBuffer {
	e, _ := b.p.Get().(*png.EncoderBuffer)
	return e
}

func (b *bufferPool) Put(e *png.EncoderBuffer) { b.p.Put(e) }

// encodePNG writes m as a paletted PNG.
func encodePNG(w io.Writer, m *image.RGBA) error {
	p, _ := paletted.Get().(*image.Paletted)
	p = quantize(m, p)
	defer paletted.Put(p)
	return pngEncoder.Encode(w, p)
}

var paletted sync.Pool
