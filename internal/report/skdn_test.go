package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/report"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var day = storetest.Day

// w is a weighing: day, kg and, when measured, length/height in cm.
type w struct {
	on     string
	kg, cm float64
}

// mustWeighings stores a child's current history as the app would: every
// measurement evaluated together, then inserted with its computed columns.
func mustWeighings(t *testing.T, st *store.Store, c child.Child, ws ...w) []child.Measurement {
	t.Helper()
	ms := make([]child.Measurement, len(ws))
	for i, x := range ws {
		ms[i] = child.Measurement{ChildID: c.ID, On: day(x.on), WeightKg: x.kg, LenHeiCm: x.cm, Source: child.AtPosyandu}
		if x.cm > 0 {
			ms[i].Position = child.DefaultPosition(c.BirthDate, ms[i].On)
		}
	}
	child.Evaluate(c, ms)
	for i := range ms {
		id, err := st.InsertMeasurement(context.Background(), ms[i], 0)
		require.NoError(t, err)
		ms[i].ID = id
	}
	return ms
}

func mustChild(t *testing.T, st *store.Store, name string, sex child.Sex, born string, posyandu int64) child.Child {
	t.Helper()
	c := child.Child{Name: name, Sex: sex, BirthDate: day(born), PosyanduID: posyandu}
	id, err := st.InsertChild(context.Background(), c, 0)
	require.NoError(t, err)
	c.ID = id
	return c
}

// november is a month at Posyandu Melati where every figure is known. The
// comments give each child's place in the report; the counts in
// TestSKDNHandMadeMonth are added up from them by hand.
func november(t *testing.T, db *sqlx.DB) storetest.Places {
	t.Helper()
	ctx := context.Background()
	pl := storetest.MustPlaces(t, db)
	st := store.On(db)
	x := pl.Posyandu

	// P, 3 months on 30 Nov (0-5); weighed twice in November: only the
	// later one counts (N: +1000 g ≥ KBM 800), not the earlier T.
	ani := mustChild(t, st, "Ani", child.Girl, "2026-08-15", x)
	mustWeighings(t, st, ani, w{"2026-10-15", 5.0, 0}, w{"2026-11-02", 5.5, 0}, w{"2026-11-15", 6.0, 0})
	// L, 12 months on 30 Nov (S in 12-23) but 11 on the day weighed (D in
	// 6-11); T in October and November: 2T. No Buku KIA.
	budi := mustChild(t, st, "Budi", child.Boy, "2025-11-10", x)
	mustWeighings(t, st, budi, w{"2026-09-05", 8.0, 0}, w{"2026-10-05", 8.1, 0}, w{"2026-11-05", 8.2, 0})
	_, err := db.Exec(`UPDATE children SET has_kia = false WHERE id = $1`, budi.ID)
	require.NoError(t, err)
	// P, 30 months (24-35); not weighed in October: O; stunted.
	citra := mustChild(t, st, "Citra", child.Girl, "2024-05-20", x)
	mustWeighings(t, st, citra, w{"2026-09-10", 10.2, 79.5}, w{"2026-11-10", 10.5, 80})
	// L, 44 months (36-59); first weighing ever: B; below the red line:
	// BGM and underweight.
	dedi := mustChild(t, st, "Dedi", child.Boy, "2023-03-01", x)
	mustWeighings(t, st, dedi, w{"2026-11-20", 9.0, 0})
	// P, turned five on 10 November: neither S nor D, though weighed at 59
	// months.
	eka := mustChild(t, st, "Eka", child.Girl, "2021-11-10", x)
	mustWeighings(t, st, eka, w{"2026-10-03", 15.0, 0}, w{"2026-11-03", 15.5, 0})
	// L, 17 months, registered to the other posyandu: N there.
	fajar := mustChild(t, st, "Fajar", child.Boy, "2025-06-01", pl.OtherPosyandu)
	mustWeighings(t, st, fajar, w{"2026-10-10", 10.0, 0}, w{"2026-11-10", 10.3, 0})
	// P, 22 months (12-23), N. Her first November weighing (9.1 kg, a T)
	// was corrected to 9.5 kg; a later one (5.0 kg, T and BGM) was
	// removed. Neither of those counts.
	gita := mustChild(t, st, "Gita", child.Girl, "2025-01-15", x)
	first := mustWeighings(t, st, gita, w{"2026-10-12", 9.0, 0}, w{"2026-11-12", 9.1, 0}, w{"2026-11-25", 5.0, 0})
	require.NoError(t, st.DeleteMeasurement(ctx, first[2].ID))
	require.NoError(t, storetest.InTx(t, db, func(st *store.Store) error {
		ms := []child.Measurement{first[0], {ChildID: gita.ID, On: day("2026-11-12"), WeightKg: 9.5, Source: child.AtPosyandu}}
		child.Evaluate(gita, ms)
		_, err := st.InsertMeasurement(ctx, ms[1], first[1].ID)
		return err
	}))
	require.Equal(t, growth.TrendT, first[1].Status.Trend, "the corrected weighing would count as T")
	removed := first[1:]
	require.True(t, removed[1].Status.BGM, "the removed weighing would count as BGM")
	// L, deleted child weighed in November: nowhere.
	hadi := mustChild(t, st, "Hadi", child.Boy, "2025-03-03", x)
	mustWeighings(t, st, hadi, w{"2026-11-03", 10.0, 0})
	_, err = db.Exec(`UPDATE children SET deleted_at = now() WHERE id = $1`, hadi.ID)
	require.NoError(t, err)
	// Born in December: not yet in S.
	mustChild(t, st, "Indah", child.Girl, "2026-12-01", x)
	// L, 34 months (24-35), weighed in October only: S, not D.
	joko := mustChild(t, st, "Joko", child.Boy, "2024-01-20", x)
	mustWeighings(t, st, joko, w{"2026-10-20", 13.0, 0})
	// P, 18 months on 30 Nov, 17 on 8 Nov (12-23): B; obese for length.
	lina := mustChild(t, st, "Lina", child.Girl, "2025-05-10", x)
	mustWeighings(t, st, lina, w{"2026-11-08", 13.5, 80})
	// L, 15 months (12-23): N; wasted for length, not underweight for age.
	mira := mustChild(t, st, "Mira", child.Boy, "2025-08-01", x)
	mustWeighings(t, st, mira, w{"2026-10-08", 8.9, 0}, w{"2026-11-08", 9.3, 84})
	return pl
}

func TestSKDNHandMadeMonth(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pl := november(t, db)
	month, err := skdn.ParseMonth("2026-11")
	require.NoError(t, err)

	// The stored facts the counts rest on.
	var facts []struct {
		Name  string `db:"name"`
		Facts string `db:"facts"`
	}
	require.NoError(t, db.Select(&facts, `
		SELECT DISTINCT ON (c.id) c.name, concat_ws(' ', m.trend, CASE WHEN m.two_t THEN '2T' END,
			CASE WHEN m.bgm THEN 'BGM' END, m.cat_wfa, m.cat_hfa, m.cat_wfh) AS facts
		FROM children c JOIN measurements m ON m.child_id = c.id
		WHERE m.measured_on >= '2026-11-01' AND m.superseded_by IS NULL AND m.deleted_at IS NULL
		ORDER BY c.id, m.measured_on DESC`))
	got := map[string]string{}
	for _, f := range facts {
		got[f.Name] = f.Facts
	}
	assert.Equal(t, map[string]string{
		"Ani": "N wfa_normal", "Budi": "T 2T wfa_normal", "Citra": "O wfa_normal hfa_stunted wfh_normal",
		"Dedi": "B BGM wfa_severely_underweight", "Eka": "N wfa_normal", "Fajar": "N wfa_normal",
		"Gita": "N wfa_normal", "Hadi": "B wfa_normal", "Lina": "B wfa_risk_overweight hfa_normal wfh_obese",
		"Mira": "N wfa_normal hfa_normal wfh_wasted",
	}, got)

	r, err := report.SKDN(ctx, db, skdn.ForRegion(storetest.Kelurahan), month)
	require.NoError(t, err)
	require.Len(t, r.Posyandu, 2)
	mawar, melati := r.Posyandu[0], r.Posyandu[1] // by name
	assert.Equal(t, "Posyandu Mawar", mawar.Name)
	assert.Equal(t, pl.Posyandu, melati.ID)

	// Melati by hand: S Ani Budi Citra Dedi Gita Joko Lina Mira; K all but
	// Budi; D the eight but Joko.
	var want skdn.Counts
	set := func(it skdn.Item, s skdn.Sex, b skdn.Band, n int) { want[it][s][b] = n }
	L, P := skdn.L, skdn.P
	set(skdn.S, P, skdn.Band0to5, 1)   // Ani
	set(skdn.S, L, skdn.Band12to23, 2) // Budi, Mira
	set(skdn.S, P, skdn.Band12to23, 2) // Gita, Lina
	set(skdn.S, L, skdn.Band24to35, 1) // Joko
	set(skdn.S, P, skdn.Band24to35, 1) // Citra
	set(skdn.S, L, skdn.Band36to59, 1) // Dedi
	want[skdn.K] = want[skdn.S]
	set(skdn.K, L, skdn.Band12to23, 1) // not Budi
	set(skdn.D, P, skdn.Band0to5, 1)   // Ani
	set(skdn.D, L, skdn.Band6to11, 1)  // Budi, 11 months on the day
	set(skdn.D, L, skdn.Band12to23, 1) // Mira
	set(skdn.D, P, skdn.Band12to23, 2) // Gita, Lina
	set(skdn.D, P, skdn.Band24to35, 1) // Citra
	set(skdn.D, L, skdn.Band36to59, 1) // Dedi
	set(skdn.DPrime, P, skdn.Band0to5, 1)
	set(skdn.DPrime, L, skdn.Band6to11, 1)
	set(skdn.DPrime, L, skdn.Band12to23, 1)
	set(skdn.DPrime, P, skdn.Band12to23, 1)
	set(skdn.N, P, skdn.Band0to5, 1)   // Ani
	set(skdn.N, L, skdn.Band12to23, 1) // Mira
	set(skdn.N, P, skdn.Band12to23, 1) // Gita
	set(skdn.T, L, skdn.Band6to11, 1)  // Budi
	set(skdn.TwoT, L, skdn.Band6to11, 1)
	set(skdn.O, P, skdn.Band24to35, 1)   // Citra
	set(skdn.B, L, skdn.Band36to59, 1)   // Dedi
	set(skdn.B, P, skdn.Band12to23, 1)   // Lina
	set(skdn.BGM, L, skdn.Band36to59, 1) // Dedi
	set(skdn.Stunted, P, skdn.Band24to35, 1)
	set(skdn.Wasted, L, skdn.Band12to23, 1)
	set(skdn.Underweight, L, skdn.Band36to59, 1)
	set(skdn.Overweight, P, skdn.Band12to23, 1)
	assert.Equal(t, want, melati.Counts)

	total := r.Total()
	for _, tc := range []struct {
		item skdn.Item
		want int
	}{{skdn.S, 9}, {skdn.K, 8}, {skdn.D, 8}, {skdn.DPrime, 5}, {skdn.N, 4}, {skdn.T, 1}, {skdn.TwoT, 1},
		{skdn.O, 1}, {skdn.B, 2}, {skdn.BGM, 1}} {
		assert.Equal(t, tc.want, total.Total(tc.item), "total %s", tc.item.Code())
	}
	assert.Equal(t, 1, mawar.Counts[skdn.N][L][skdn.Band12to23], "Fajar counts at his own posyandu")
	assert.Equal(t, "87.5", melati.Counts.Ratio(skdn.KS).String())
	assert.Equal(t, "87.5", melati.Counts.Ratio(skdn.DS).String())
	assert.Equal(t, "75.0", melati.Counts.Ratio(skdn.NDPrime).String())
	assert.Equal(t, "", (&skdn.Counts{}).Ratio(skdn.NDPrime).String(), "no D', no ratio")

	// The other scopes see the same posyandu.
	for _, sc := range []skdn.Scope{skdn.ForPosyandu(pl.Posyandu), skdn.ForPuskesmas(pl.Puskesmas), skdn.ForRegion("36.74")} {
		r2, err := report.SKDN(ctx, db, sc, month)
		require.NoError(t, err, sc)
		if sc.Kind == skdn.OnePosyandu {
			require.Len(t, r2.Posyandu, 1)
			assert.Equal(t, want, r2.Posyandu[0].Counts)
			continue
		}
		assert.Equal(t, r.Total(), r2.Total(), sc)
	}
	_, err = report.SKDN(ctx, db, skdn.ForRegion("36.7"), month)
	assert.ErrorIs(t, err, store.ErrNotFound, "36.7 is not a prefix of 36.74 by code")
	_, err = report.SKDN(ctx, db, skdn.ForPosyandu(404), month)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = report.SKDN(ctx, db, skdn.ForRegion("36.74'; --"), month)
	assert.ErrorIs(t, err, skdn.ErrBadScope)

	// The month before: everyone weighed in October is B, N, T or O there.
	oct, err := report.SKDN(ctx, db, skdn.ForPosyandu(pl.Posyandu), month.Prev())
	require.NoError(t, err)
	ot := oct.Posyandu[0].Counts
	assert.Equal(t, 6, ot.Total(skdn.D), "Ani, Budi, Eka (59 months on 31 October), Gita, Joko, Mira")
	assert.Equal(t, 9, ot.Total(skdn.S), "November's eight and Eka, 59 months on 31 October")
	assert.Equal(t, ot.Total(skdn.D), ot.Total(skdn.N)+ot.Total(skdn.T)+ot.Total(skdn.O)+ot.Total(skdn.B))
}

func TestSKDNChildren(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	pl := november(t, db)
	month, _ := skdn.ParseMonth("2026-11")

	rows, err := report.SKDNChildren(context.Background(), db, skdn.ForPosyandu(pl.Posyandu), month)
	require.NoError(t, err)
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"Ani", "Budi", "Citra", "Dedi", "Gita", "Lina", "Mira"}, names)
	assert.Equal(t, 6.0, rows[0].WeightKg, "the month's last weighing")
	assert.Equal(t, growth.TrendN, rows[0].Trend)

	var buf bytes.Buffer
	require.NoError(t, skdn.WriteChildren(&buf, rows))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 8)
	head := recs[0]
	assert.Equal(t, []string{"child_id", "child", "posyandu_id", "posyandu", "age_band", "trend", "two_t", "bgm",
		"sex", "birth_date", "visit_date", "weight", "lenhei", "measure", "oedema", "headc", "armc"}, head[:17])
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	citra := recs[3]
	assert.Equal(t, "Citra", citra[col["child"]])
	assert.Equal(t, "24-35", citra[col["age_band"]])
	assert.Equal(t, "O", citra[col["trend"]])
	assert.Equal(t, "hfa_stunted", citra[col["cat_hfa"]])
	assert.Equal(t, "h", citra[col["measure"]])
	assert.NotEmpty(t, citra[col["zlen"]])
	budi := recs[2]
	assert.Equal(t, "6-11", budi[col["age_band"]])
	assert.Equal(t, "y", budi[col["two_t"]])
}
