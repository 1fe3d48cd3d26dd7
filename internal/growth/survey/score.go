package survey

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Counts says how many data rows a run read and how many of them were bad.
type Counts struct {
	Rows, Bad int
}

// Score reads a CSV of measurements from in and writes it to out with the
// OutputColumns added (or overwritten in place), z-scores with 2 decimals, an
// empty cell where a value cannot be computed. Each bad row is passed to
// onBad (which may be nil) and written with empty computed cells. It returns
// an error only when the file cannot be read (no header, no sex column, an I/O
// error) or out cannot be written.
func Score(in io.Reader, out io.Writer, onBad func(RowError)) (Counts, error) {
	var n Counts
	f, err := openCSV(in)
	if err != nil {
		return n, err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	var buf []byte
	for j, name := range f.names {
		if j > 0 {
			buf = append(buf, f.comma)
		}
		buf = appendField(buf, name, f.comma)
	}
	for _, o := range f.header.appended {
		buf = append(buf, f.comma)
		buf = append(buf, OutputColumns[o]...)
	}
	buf = append(buf, '\n')
	var cells cellSet
	for {
		rec, err := f.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, fmt.Errorf("read row %d: %w", n.Rows+1, err)
		}
		n.Rows++
		cells.reset()
		in, why := f.header.readInput(rec)
		if why != "" {
			n.Bad++
			if onBad != nil {
				line, _ := f.r.FieldPos(0)
				onBad(RowError{Line: line, Reason: why})
			}
		} else {
			cells.fill(growth.Assess(in), f.comma == ';')
		}
		buf = f.appendRow(buf, rec, &cells)
		if len(buf) > 64<<10 {
			if _, err := w.Write(buf); err != nil {
				return n, fmt.Errorf("write output: %w", err)
			}
			buf = buf[:0]
		}
	}
	if _, err := w.Write(buf); err != nil {
		return n, fmt.Errorf("write output: %w", err)
	}
	if err := w.Flush(); err != nil {
		return n, fmt.Errorf("write output: %w", err)
	}
	return n, nil
}

// appendRow writes the record's own fields (with in-place outputs) and then
// the appended output cells.
func (f *csvFile) appendRow(buf []byte, rec []string, c *cellSet) []byte {
	n := max(len(rec), len(f.names))
	for j := 0; j < n; j++ {
		if j > 0 {
			buf = append(buf, f.comma)
		}
		if j < len(f.header.inPlace) && f.header.inPlace[j] >= 0 {
			buf = append(buf, c.cell(f.header.inPlace[j])...)
		} else if j < len(rec) {
			buf = appendField(buf, rec[j], f.comma)
		}
	}
	for _, o := range f.header.appended {
		buf = append(buf, f.comma)
		buf = append(buf, c.cell(o)...)
	}
	return append(buf, '\n')
}

// cellSet holds the formatted output cells of one row in one buffer.
type cellSet struct {
	buf []byte
	end [len(outputColumns)]int32
	set [len(outputColumns)]bool
	pos [len(outputColumns)]int32
}

// outputColumns fixes the array sizes; OutputColumns is its exported copy.
var outputColumns = [30]string(OutputColumns)

func (c *cellSet) reset() {
	c.buf = c.buf[:0]
	c.set = [len(outputColumns)]bool{}
}

func (c *cellSet) cell(o int) []byte {
	if !c.set[o] {
		return nil
	}
	return c.buf[c.pos[o]:c.end[o]]
}

func (c *cellSet) put(o int, b []byte) {
	c.pos[o] = int32(len(c.buf))
	c.buf = append(c.buf, b...)
	c.end[o], c.set[o] = int32(len(c.buf)), true
}

// fill formats every output of r; decimalComma writes "1,23" for 1.23.
func (c *cellSet) fill(r growth.Result, decimalComma bool) {
	var tmp [32]byte
	dec := byte('.')
	if decimalComma {
		dec = ','
	}
	num := func(o int, x float64) {
		c.put(o, appendFixed2(tmp[:0], x, dec))
	}
	flag := func(o int, f bool) {
		if f {
			c.put(o, []byte{'1'})
		} else {
			c.put(o, []byte{'0'})
		}
	}
	if r.AgeKnown {
		c.put(outAgeDays, strconv.AppendInt(tmp[:0], int64(r.AgeDays), 10))
		flag(outC9mo, r.Standing9mo)
	}
	if r.CLenHei > 0 {
		num(outCLenHei, r.CLenHei)
	}
	if r.BMI > 0 {
		num(outCBMI, r.BMI)
	}
	for k, i := range z05 {
		if s := r.Score(i); s.Valid {
			num(outZ05+k, s.Z)
			flag(outF05+k, s.Flag)
		}
	}
	for k, i := range z519 {
		if s := r.Score(i); s.Valid {
			num(outZ519+k, s.Z)
			flag(outF519+k, s.Flag)
		}
	}
	for k, cat := range [...]growth.Category{r.Categories.WeightForAge, r.Categories.HeightForAge, r.Categories.WeightForHeight, r.Categories.BMIForAge} {
		if cat != "" {
			c.put(outCat+k, []byte(cat))
		}
	}
}
