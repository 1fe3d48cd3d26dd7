package measure_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

var seeds = []string{
	"8,5", "8.5 kg", "8500 g", "8 kg 500 g", "8 kg 500", "8 koma 5", "0,72 m", "1 m 2 cm",
	"720 mm", "-3", "1.250,5", "8,5,5", "👶", "", "?", "−0", "8.500 gr", "99999999999999999999 kg 999 g",
}

// checkQuantity fails unless parse returned a finite value within [lo, hi]
// (lo excluded when it is 0) or one of the package's errors, and nothing else.
func checkQuantity(t *testing.T, name string, parse func(string) (float64, error), s string, lo, hi float64) {
	t.Helper()
	v, err := parse(s)
	var re *measure.RangeError
	switch {
	case err == nil:
		if math.IsNaN(v) || math.IsInf(v, 0) || v > hi || v < lo || lo == 0 && v == 0 {
			t.Fatalf("%s(%q) = %v, outside %v–%v", name, s, v, lo, hi)
		}
	case errors.As(err, &re):
		if re.Min != lo || re.Max != hi || !errors.Is(err, measure.ErrOutOfRange) || v != 0 {
			t.Fatalf("%s(%q): %v, %+v", name, s, v, re)
		}
	case !errors.Is(err, measure.ErrNotNumber) || v != 0:
		t.Fatalf("%s(%q): %v, %v", name, s, v, err)
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := measure.Number(s)
		if err != nil && (!errors.Is(err, measure.ErrNotNumber) || v != 0) {
			t.Fatalf("Number(%q): %v, %v", s, v, err)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Number(%q) = %v", s, v)
		}
	})
}

func FuzzWeight(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkQuantity(t, "Weight", measure.Weight, s, 0, 60)
	})
}

func FuzzLength(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkQuantity(t, "Length", measure.Length, s, 38, 150)
		checkQuantity(t, "HeadCircumference", measure.HeadCircumference, s, 25, 60)
		checkQuantity(t, "ArmCircumference", measure.ArmCircumference, s, 5, 40)
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{
		"12-03-2024", "12/3/24", "2024-03-12", "12 Maret 2024", "March 12, 2024", "12-3", "29-2",
		"kemarin", "3 hari yang lalu", "9999 hari lalu", "31-02-2024", "👶", "",
	} {
		f.Add(s, int64(1779211800)) // 2026-05-19T17:30Z, 20 May in WIB
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		today := time.Unix(unix, 0).In(wib)
		d, err := measure.Date(s, today)
		if err != nil {
			if !errors.Is(err, measure.ErrNotDate) || !d.IsZero() {
				t.Fatalf("Date(%q): %v, %v", s, d, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("Date(%q) = %v, not midnight UTC", s, d)
		}
	})
}
