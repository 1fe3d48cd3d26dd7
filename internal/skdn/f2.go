package skdn

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// AllSexes and AllBands are the sex and age cells of a subtotal row of the
// F2 CSV.
const (
	AllSexes = "L+P"
	AllBands = "all"
)

// F2 row kinds that are not items.
const (
	RowPosyandu  = "posyandu"           // 1 per posyandu column; how many in the total
	RowReporting = "posyandu_reporting" // 1 when the posyandu weighed anyone
)

// WriteF2 writes the report laid out like Format F2: a header
// "item,sex,age," then one column per posyandu (its name, with " #id" when
// two share a name) and "total"; then, for every item, ten rows L and P by
// age band, a subtotal for L, for P and for both ("L+P", "all"); then one
// row per indicator (percent with one decimal, empty when the denominator
// is 0, sex and age "L+P", "all"); then the counts of posyandu and of
// reporting posyandu. label names an item in the first column; nil writes
// its Code.
func WriteF2(w io.Writer, r *Report, label func(Item) string) error {
	if label == nil {
		label = Item.Code
	}
	cw := csv.NewWriter(w)
	total := r.Total()
	cols := make([]*Counts, 0, len(r.Posyandu)+1)
	header := []string{"item", "sex", "age"}
	names := map[string]int{}
	for i := range r.Posyandu {
		names[r.Posyandu[i].Name]++
	}
	for i := range r.Posyandu {
		p := &r.Posyandu[i]
		name := p.Name
		if names[name] > 1 {
			name += " #" + strconv.FormatInt(p.ID, 10)
		}
		header = append(header, name)
		cols = append(cols, &p.Counts)
	}
	header = append(header, "total")
	cols = append(cols, &total)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write F2: %w", err)
	}
	row := func(item, sex, age string, cell func(*Counts) string) {
		rec := []string{item, sex, age}
		for _, c := range cols {
			rec = append(rec, cell(c))
		}
		_ = cw.Write(rec) // the error sticks in cw; checked by Error below
	}
	for _, it := range Items() {
		name := label(it)
		for s := range NumSexes {
			for b := range NumBands {
				row(name, s.Code(), b.Code(), func(c *Counts) string { return strconv.Itoa(c[it][s][b]) })
			}
		}
		for s := range NumSexes {
			row(name, s.Code(), AllBands, func(c *Counts) string { return strconv.Itoa(c.Sex(it, s)) })
		}
		row(name, AllSexes, AllBands, func(c *Counts) string { return strconv.Itoa(c.Total(it)) })
	}
	for k := range NumRatios {
		row(k.Code(), AllSexes, AllBands, func(c *Counts) string { return c.Ratio(k).String() })
	}
	posyandu := func(c *Counts, reporting bool) string {
		if c != &total {
			if reporting && c.Total(D) == 0 {
				return "0"
			}
			return "1"
		}
		if reporting {
			return strconv.Itoa(r.Reporting())
		}
		return strconv.Itoa(len(r.Posyandu))
	}
	row(RowPosyandu, AllSexes, AllBands, func(c *Counts) string { return posyandu(c, false) })
	row(RowReporting, AllSexes, AllBands, func(c *Counts) string { return posyandu(c, true) })
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write F2: %w", err)
	}
	return nil
}
