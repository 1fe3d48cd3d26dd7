// Package demo fills a database with synthetic children and monthly
// weighings, drawn around the WHO medians, for trying the reports and
// measuring them at a city's scale. Every row is what the app would have
// written: each child's history goes through child.Evaluate before it is
// copied in.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/region"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Options say how much to make.
type Options struct {
	Children int
	Months   int       // weighings in the last Months calendar months, this one included
	Seed     uint64    // the same seed and database give the same children
	Region   string    // the kelurahan under this Kemendagri code ("" all)
	Today    time.Time // the last day a weighing may fall on
}

// Result says what was loaded.
type Result struct {
	Children, Measurements int
	Posyandu, NewPosyandu  int
}

// ErrNoKelurahan means there is no kelurahan to put posyandu in.
var ErrNoKelurahan = errors.New("no kelurahan: import regions first")

// The shares the children are drawn with.
const (
	childrenPerPosyandu = 100  // Tangerang Selatan: ~100 k balita, ~1,000 posyandu
	shareStunted        = 0.19 // drawn with length-for-age around −2.7 SD; ~1% more fall below −2 by chance
	shareT              = 0.20 // of the months weighed after a weighing the month before
	shareAbsent         = 0.15 // of the months
	shareKIA            = 0.93
)

// Load makes opt.Children children registered to the posyandu of the
// kelurahan under opt.Region (creating a few in every kelurahan that has
// none) and their weighings, in one transaction.
func Load(ctx context.Context, db *sqlx.DB, opt Options) (Result, error) {
	var res Result
	if opt.Children <= 0 || opt.Months <= 0 {
		return res, fmt.Errorf("demo: children and months must be positive")
	}
	posyandu, created, err := ensurePosyandu(ctx, db, opt)
	if err != nil {
		return res, err
	}
	res.Posyandu, res.NewPosyandu = len(posyandu), created

	b, err := store.BeginBulk(ctx, db)
	if err != nil {
		return res, err
	}
	defer b.Rollback()
	ids, err := b.ReserveChildIDs(ctx, opt.Children)
	if err != nil {
		return res, err
	}
	today := child.Day(opt.Today)
	days := make([]int, len(posyandu)) // each posyandu's day of the month
	rng := rand.New(rand.NewPCG(opt.Seed, 0))
	for i := range days {
		days[i] = 1 + rng.IntN(25)
	}
	kids := make([]child.Child, opt.Children)
	kia := make([]bool, opt.Children)
	posDay := make([]int, opt.Children)
	span := growth.DaysBetween(today.AddDate(-child.MaxAgeYears, 0, 0), today) // under five today
	for i := range kids {
		p := rng.IntN(len(posyandu))
		sex := child.Boy
		if rng.IntN(2) == 1 {
			sex = child.Girl
		}
		kids[i] = child.Child{ID: ids[i], Name: name(rng, sex), Sex: sex,
			BirthDate: today.AddDate(0, 0, -rng.IntN(span)), PosyanduID: posyandu[p]}
		kia[i] = rng.Float64() < shareKIA
		posDay[i] = days[p]
	}
	if err := b.Children(ctx, kids, kia); err != nil {
		return res, err
	}
	res.Children = len(kids)

	// Histories are drawn and evaluated on every core but one, and copied in
	// as they come; each child has its own random source, so the result does
	// not depend on the order.
	const batch = 500
	work := make(chan int)
	out := make(chan []child.Measurement, 4)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range work {
				var ms []child.Measurement
				for i := start; i < min(start+batch, len(kids)); i++ {
					ms = append(ms, history(opt.Seed, i, kids[i], posDay[i], today, opt.Months)...)
				}
				select {
				case out <- ms:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(work)
		for start := 0; start < len(kids); start += batch {
			select {
			case work <- start:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	var copyErr error
	for ms := range out {
		for _, m := range ms {
			if copyErr == nil {
				copyErr = b.Measurement(ctx, m)
			}
		}
	}
	if copyErr != nil {
		return res, copyErr
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if res.Measurements, err = b.Commit(ctx); err != nil {
		return res, err
	}
	return res, store.AnalyzeLoaded(ctx, db)
}

// ensurePosyandu returns the posyandu of the kelurahan under opt.Region,
// first creating some in every kelurahan that has none, under a puskesmas
// named after its kecamatan.
func ensurePosyandu(ctx context.Context, db *sqlx.DB, opt Options) ([]int64, int, error) {
	kel, err := store.RegionsUnder(ctx, db, opt.Region, region.LevelDesa)
	if err != nil {
		return nil, 0, err
	}
	if len(kel) == 0 {
		return nil, 0, fmt.Errorf("demo under %q: %w", opt.Region, ErrNoKelurahan)
	}
	all, err := store.ListPosyandu(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	have := map[string][]int64{}
	for _, p := range all {
		have[p.RegionCode] = append(have[p.RegionCode], p.ID)
	}
	perKel := int(math.Ceil(float64(opt.Children) / childrenPerPosyandu / float64(len(kel))))
	perKel = min(max(perKel, 1), 20)
	var out []int64
	created := 0
	for _, k := range kel {
		if len(have[k.Code]) > 0 {
			out = append(out, have[k.Code]...)
			continue
		}
		kec, err := store.RegionByCode(ctx, db, k.ParentCode)
		if err != nil {
			return nil, 0, err
		}
		pk, err := store.EnsurePuskesmas(ctx, db, kec.Code, "Puskesmas "+kec.Name)
		if err != nil {
			return nil, 0, err
		}
		for j := range perKel {
			name := fmt.Sprintf("Posyandu %s %d", flowers[j%len(flowers)], j/len(flowers)+1)
			if j < len(flowers) {
				name = "Posyandu " + flowers[j]
			}
			p, err := store.EnsurePosyandu(ctx, db, k.Code, name, pk.ID)
			if err != nil {
				return nil, 0, err
			}
			out = append(out, p.ID)
			created++
		}
	}
	return out, created, nil
}

var flowers = []string{"Melati", "Mawar", "Anggrek", "Kenanga", "Dahlia", "Cempaka", "Flamboyan", "Teratai",
	"Kamboja", "Bougenville", "Seruni", "Tulip", "Sakura", "Lili", "Asoka", "Kemuning"}
