package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/demo"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var today = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

func TestLoad(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pl := storetest.MustPlaces(t, db)

	res, err := demo.Load(ctx, db, demo.Options{Children: 400, Months: 12, Seed: 7, Today: today})
	require.NoError(t, err)
	assert.Equal(t, 400, res.Children)
	assert.Equal(t, 2, res.Posyandu, "the kelurahan's own posyandu")
	assert.Zero(t, res.NewPosyandu)
	assert.Equal(t, res.Measurements, storetest.Count(t, db, `SELECT count(*) FROM measurements`))
	assert.Equal(t, 400, storetest.Count(t, db, `SELECT count(*) FROM children WHERE posyandu_id IN ($1, $2)`,
		pl.Posyandu, pl.OtherPosyandu))
	assert.Zero(t, storetest.Count(t, db, `SELECT count(*) FROM children WHERE birth_date <= '2021-11-29' OR birth_date > '2026-11-29'`),
		"every child under five today")
	assert.Zero(t, storetest.Count(t, db, `SELECT count(*) FROM measurements m JOIN children c ON c.id = m.child_id
		WHERE m.measured_on < c.birth_date OR m.measured_on > '2026-11-29' OR m.measured_on < '2025-12-01'`))

	// The shares the generator aims at, loosely.
	share := func(q string) float64 {
		var f float64
		require.NoError(t, db.Get(&f, q))
		return f
	}
	stunted := share(`SELECT avg(CASE WHEN cat_hfa IN ('hfa_stunted', 'hfa_severely_stunted') THEN 1.0 ELSE 0 END)
		FROM (SELECT DISTINCT ON (child_id) cat_hfa FROM measurements ORDER BY child_id, measured_on DESC) x`)
	assert.InDelta(t, 0.20, stunted, 0.07, "stunted")
	tShare := share(`SELECT avg(CASE WHEN trend = 'T' THEN 1.0 ELSE 0 END) FROM measurements WHERE trend IN ('N', 'T')`)
	assert.InDelta(t, 0.20, tShare, 0.05, "T among N and T")
	// Children born before the twelve months have twelve posyandu days.
	weighed := share(`SELECT avg(n) / 12 FROM (SELECT count(*) AS n FROM measurements m JOIN children c ON c.id = m.child_id
		WHERE c.birth_date < '2025-11-01' GROUP BY c.id) x`)
	assert.InDelta(t, 0.85, weighed, 0.04, "months weighed")

	// Every row is what the app would have computed.
	st := store.On(db)
	var ids []int64
	require.NoError(t, db.Select(&ids, `SELECT id FROM children ORDER BY id LIMIT 40`))
	for _, id := range ids {
		ca, err := st.ChildWithAccess(ctx, id)
		require.NoError(t, err)
		stored, err := st.Measurements(ctx, id)
		require.NoError(t, err)
		again := make([]child.Measurement, len(stored))
		for i, m := range stored {
			again[i] = child.Measurement{ID: m.ID, ChildID: m.ChildID, On: m.On, WeightKg: m.WeightKg,
				LenHeiCm: m.LenHeiCm, Position: m.Position, Source: m.Source, CreatedAt: m.CreatedAt}
		}
		child.Evaluate(ca.Child, again)
		for i := range again {
			again[i].Status.AgeMonths = -1 // not stored
		}
		assert.Equal(t, again, stored, "child %d", id)
	}
}

func TestLoadMakesPosyandu(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	storetest.MustPlaces(t, db)
	_, err := db.Exec(`INSERT INTO regions (code, parent_code, level, name, timezone) VALUES
		('36.74.02', '36.74', 'kecamatan', 'Serpong Utara', 'Asia/Jakarta'),
		('36.74.02.1001', '36.74.02', 'desa', 'Pakulonan', 'Asia/Jakarta')`)
	require.NoError(t, err)

	res, err := demo.Load(ctx, db, demo.Options{Children: 500, Months: 2, Seed: 1, Region: "36.74.02", Today: today})
	require.NoError(t, err)
	assert.Equal(t, 5, res.NewPosyandu, "500 children, ~100 a posyandu, one kelurahan")
	assert.Equal(t, 5, storetest.Count(t, db, `SELECT count(*) FROM posyandu p JOIN puskesmas k ON k.id = p.puskesmas_id
		WHERE p.region_code = '36.74.02.1001' AND k.name = 'Puskesmas Serpong Utara'`))
	assert.Equal(t, 500, storetest.Count(t, db, `SELECT count(*) FROM children c JOIN posyandu p ON p.id = c.posyandu_id
		WHERE p.region_code = '36.74.02.1001'`))

	_, err = demo.Load(ctx, db, demo.Options{Children: 5, Months: 2, Region: "99", Today: today})
	assert.ErrorIs(t, err, demo.ErrNoKelurahan)
}
