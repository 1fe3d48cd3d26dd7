package chart

import (
	"fmt"
	"io"

	"gonum.org/v1/plot/vg/draw"
)

// Render writes the growth chart of c as a Width × Height PNG to w, with the
// texts of l. It returns ErrUnknownSex for an unknown sex, or the writer's
// error.
func Render(w io.Writer, c Child, l Labels) error {
	rc := newRasterCanvas(Width, Height)
	defer rc.close()
	if err := Draw(draw.NewCanvas(rc, Width, Height), c, l); err != nil {
		return err
	}
	if err := encodePNG(w, rc.img); err != nil {
		return fmt.Errorf("write chart png: %w", err)
	}
	return nil
}
