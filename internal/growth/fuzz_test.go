package growth_test

import (
	"math"
	"testing"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func FuzzAssess(f *testing.F) {
	f.Add(uint8(1), 700.0, 10.4, 84.8, uint8(1), false, 46.0, 14.9, 6.8, 5.2)
	f.Add(uint8(2), 1856.0, 17.0, 108.0, uint8(2), true, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint8(2), 4000.0, 30.0, 140.0, uint8(0), false, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint8(1), -5.0, 1e300, 1e-300, uint8(9), false, math.Inf(1), math.NaN(), -1.0, 1e308)
	f.Fuzz(func(t *testing.T, sex uint8, days, weight, lenhei float64, pos uint8, oedema bool, headc, armc, tri, sub float64) {
		r := growth.Assess(growth.Input{
			Sex: growth.Sex(sex), Age: growth.AgeInDays(days), Weight: weight, LenHei: lenhei,
			Position: growth.Position(pos), Oedema: oedema, HeadC: headc, ArmC: armc, TriSkin: tri, SubSkin: sub,
		})
		if !finite(r.CLenHei) || !finite(r.BMI) {
			t.Fatalf("clenhei %v bmi %v", r.CLenHei, r.BMI)
		}
		for i, s := range r.Scores {
			if s.Valid && (!finite(s.Z) || !finite(s.Raw)) {
				t.Fatalf("%s: z %v raw %v", growth.Indicator(i).Name(), s.Z, s.Raw)
			}
			if !s.Valid && (s.Z != 0 || s.Flag) {
				t.Fatalf("%s: invalid score carries z %v flag %v", growth.Indicator(i).Name(), s.Z, s.Flag)
			}
		}
		growth.NeedsReferral(r, growth.Status{})
	})
}

func FuzzMonitor(f *testing.F) {
	f.Add(int64(0), int64(86400*30), 7.0, int64(86400*60), 7.2, uint8(1))
	f.Fuzz(func(t *testing.T, birth, d1 int64, w1 float64, d2 int64, w2 float64, sex uint8) {
		hist := []growth.Weighing{{Date: time.Unix(d1, 0), Weight: w1}, {Date: time.Unix(d2, 0), Weight: w2}}
		s := growth.Monitor(growth.Sex(sex), time.Unix(birth, 0), hist)
		switch s.Trend {
		case "", growth.TrendN, growth.TrendT, growth.TrendO, growth.TrendB:
		default:
			t.Fatalf("trend %q", s.Trend)
		}
		if s.TwoT && s.Trend != growth.TrendT {
			t.Fatalf("2T without T: %+v", s)
		}
	})
}
