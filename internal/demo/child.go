package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

var (
	boys   = []string{"Adi", "Bagus", "Budi", "Dimas", "Eko", "Fajar", "Gilang", "Hendra", "Ilham", "Joko", "Rizky", "Rafi", "Arif", "Bayu", "Dani", "Yusuf", "Putra", "Agus", "Aditya", "Fikri"}
	girls  = []string{"Ani", "Ayu", "Citra", "Dewi", "Eka", "Fitri", "Gita", "Indah", "Lestari", "Mira", "Nur", "Putri", "Rina", "Sari", "Siti", "Tari", "Wulan", "Yuni", "Zahra", "Aisyah"}
	family = []string{"Pratama", "Saputra", "Wijaya", "Hidayat", "Nugroho", "Kurniawan", "Lestari", "Rahmawati", "Putri", "Maharani", "Setiawan", "Ramadhan", "Kusuma", "Susanti", "Handayani"}
)

func name(rng *rand.Rand, sex child.Sex) string {
	first := boys
	if sex == child.Girl {
		first = girls
	}
	return first[rng.IntN(len(first))] + " " + family[rng.IntN(len(family))]
}

// history draws one child's weighings on its posyandu's day of each of the
// last months calendar months up to today (none before birth, ~15%
// absent), and evaluates them. Length follows a length-for-age z that
// stays near where it started (below −2 for ~19% of children). Weight
// follows a weight-for-age z, except that after a weighing the month before
// the gain is drawn against the KBM: less than it in ~20% of months (T),
// at least it otherwise (N).
func history(seed uint64, i int, c child.Child, posDay int, today time.Time, months int) []child.Measurement {
	rng := rand.New(rand.NewPCG(seed, uint64(i)+1))
	sex := c.Sex.Growth()
	zl := -0.2 + 0.7*rng.NormFloat64()
	if rng.Float64() < shareStunted {
		zl = -2.7 + 0.5*rng.NormFloat64()
	}
	zw0 := 0.6*zl + 0.7*rng.NormFloat64()
	zw := zw0
	var ms []child.Measurement
	first := time.Date(today.Year(), today.Month()-time.Month(months-1), 1, 0, 0, 0, 0, time.UTC)
	var prevKg, prevCm float64
	prevMonth := -1
	for k := range months {
		on := time.Date(first.Year(), first.Month()+time.Month(k), posDay, 0, 0, 0, 0, time.UTC)
		if on.After(today) || on.Before(c.BirthDate) || rng.Float64() < shareAbsent {
			continue
		}
		ageDays := float64(growth.DaysBetween(c.BirthDate, on))
		wfa, ok1 := growth.Params(growth.WeightForAge, sex, ageDays)
		lfa, ok2 := growth.Params(growth.LengthForAge, sex, ageDays)
		if !ok1 || !ok2 {
			continue
		}
		kg := round1(wfa.At(zw))
		if prevMonth == k-1 && prevKg > 0 {
			kbm := growth.KBM(growth.CompletedMonths(c.BirthDate, on))
			gain := kbm + 100*rng.IntN(2) // N
			if rng.Float64() < shareT {
				gain = kbm - 100*(1+rng.IntN(4))
			} else if want := int(math.Round((kg-prevKg)*10)) * 100; want > gain {
				gain = want
			}
			kg = round1(prevKg + float64(gain)/1000)
		}
		kg = max(kg, 1.0)
		// Pull the weight z back towards the child's own line, so T months do
		// not drift a child off the chart.
		zw = 0.7*wfa.Z(kg) + 0.3*zw0 + 0.1*rng.NormFloat64()
		cm := max(round1(lfa.At(zl+0.1*rng.NormFloat64())), prevCm, 45)
		ms = append(ms, child.Measurement{ChildID: c.ID, On: on, WeightKg: kg, LenHeiCm: cm,
			Position: child.DefaultPosition(c.BirthDate, on), Source: child.AtPosyandu})
		prevKg, prevCm, prevMonth = kg, cm, k
	}
	child.Evaluate(c, ms)
	return ms
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
