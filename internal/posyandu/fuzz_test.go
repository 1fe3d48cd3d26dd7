package posyandu_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

// within fails unless v is 0 (when allowed) or a finite value in [lo, hi].
func within(t *testing.T, what string, v, lo, hi float64, zeroOK bool) {
	t.Helper()
	if zeroOK && v == 0 {
		return
	}
	if math.IsNaN(v) || v < lo || v > hi || v == 0 {
		t.Fatalf("%s = %v, outside %v–%v", what, v, lo, hi)
	}
}

func FuzzParseMessage(f *testing.F) {
	in, _ := thirtyLines()
	for _, s := range []string{
		in, "Budi 8,5 72", "Siti Aminah 9.1 75 lila 13,5", "7 8,5 72", "Ani 10,2 80 lk 45",
		"koreksi Budi 8,4 72", "batal", "Budi, 8,5, 72", "Budi 85 72", "Budi 8,5 720", "8,5 72",
		"Budi delapan", "👶 Budi 8,5kg 72cm ✅", "Budi bb 8,5 tb 72 berdiri", "no 7 8 koma 5 72",
		"Budi 8 kg 500 g", "Budi,8,5,72", "1.250,5", "lingkar lengan atas", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, l := range posyandu.ParseMessage(s) {
			if l.Index != i+1 || l.Raw == "" || l.Raw != strings.TrimSpace(l.Raw) {
				t.Fatalf("line %d: index %d, raw %q", i+1, l.Index, l.Raw)
			}
			switch l.Kind {
			case posyandu.Entry, posyandu.Correction:
				if l.Err != nil || l.Ref == "" {
					t.Fatalf("%q: %+v", s, l)
				}
				within(t, "weight", l.WeightKg, 0, 60, false)
				within(t, "length", l.LenHeiCm, 38, 150, true)
				within(t, "arm", l.ArmCm, 5, 40, true)
				within(t, "head", l.HeadCm, 25, 60, true)
			case posyandu.Undo:
				if l.Err != nil || l.Ref != "" || l.WeightKg != 0 {
					t.Fatalf("%q: %+v", s, l)
				}
			case posyandu.Invalid:
				if l.Err == nil || l.WeightKg != 0 || l.LenHeiCm != 0 || l.ArmCm != 0 || l.HeadCm != 0 || l.Standing != nil {
					t.Fatalf("%q: %+v", s, l)
				}
				var fe *posyandu.FieldError
				if errors.Is(l.Err, posyandu.ErrBadNumber) != errors.As(l.Err, &fe) {
					t.Fatalf("%q: %v", s, l.Err)
				}
			default:
				t.Fatalf("%q: kind %q", s, l.Kind)
			}
		}
	})
}

func FuzzMatch(f *testing.F) {
	f.Add("Budi", "Budi Santoso|Siti Aminah|Budi", "1|2|3")
	f.Add("Bdui S.", "Budi Santoso|Djoko|Nur'aini", "1|0|7")
	f.Add("7", "A|B|C", "7|7|1")
	f.Add("Rino", "Rina|Rini|👶", "")
	f.Fuzz(func(t *testing.T, query, names, dues string) {
		var children []posyandu.Candidate
		due := strings.Split(dues, "|")
		for i, n := range strings.Split(names, "|") {
			c := posyandu.Candidate{ID: int64(1000 + i%7), Name: n}
			if i < len(due) && len(due[i]) > 0 {
				c.DueNumber = int(due[i][0]) % 10
			}
			children = append(children, c)
		}
		ids := make([]int64, len(children))
		for i, c := range children {
			ids[i] = c.ID
		}
		r := posyandu.Match(query, children)
		switch r.Outcome {
		case posyandu.Found:
			if !slices.Contains(ids, r.ID) || r.IDs != nil || r.By == "" {
				t.Fatalf("%q: %+v", query, r)
			}
		case posyandu.Ambiguous:
			if len(r.IDs) < 2 || r.ID != 0 || r.By == "" {
				t.Fatalf("%q: %+v", query, r)
			}
			for i, id := range r.IDs {
				if !slices.Contains(ids, id) || slices.Contains(r.IDs[:i], id) {
					t.Fatalf("%q: %+v", query, r)
				}
			}
		case posyandu.NotFound:
			if r.ID != 0 || r.IDs != nil || r.By != "" {
				t.Fatalf("%q: %+v", query, r)
			}
		default:
			t.Fatalf("%q: %+v", query, r)
		}
	})
}
