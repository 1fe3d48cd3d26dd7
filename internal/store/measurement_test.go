package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// comparable drops what the database assigns and what it does not store
// (the age in months of a status), so a read-back measurement can be
// compared with what was written.
func comparable(m child.Measurement) child.Measurement {
	m.ID, m.CreatedAt, m.Status.AgeMonths = 0, time.Time{}, 0
	return m
}

func TestMeasurementRoundTrip(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name string
		in   child.Measurement
		// want is what reads back, when it is not in with nothing changed.
		want *child.Measurement
	}{
		{"every column", child.Measurement{On: day("2024-08-01"), WeightKg: 5.25, LenHeiCm: 60.5, Position: growth.Lying,
			HeadCm: 41.5, ArmCm: 11.5, Oedema: true, Source: child.AtPosyandu,
			AgeDays: 213,
			ZLen:    child.Score{Z: -3.45, Valid: true},
			ZWei:    child.Score{Z: -6.12, Valid: true, Flag: true},
			ZHC:     child.Score{Z: 1.05, Valid: true},
			ZAC:     child.Score{Z: -2.5, Valid: true, Flag: true},
			ZBMI:    child.Score{Z: 0.01, Valid: true},
			ZWfl:    child.Score{Z: -5.01, Valid: true, Flag: true},
			CatWFA:  growth.WFASeverelyUnderweight, CatHFA: growth.HFASeverelyStunted,
			CatWFH: growth.WFHSeverelyWasted, CatBMI: growth.BFASeverelyWasted,
			Status: growth.Status{Trend: growth.TrendT, TwoT: true, BGM: true, GainGrams: -150, KBMGrams: 400},
			Referral: growth.Referral(growth.ReasonTwoT) | growth.Referral(growth.ReasonSevereStunting) |
				growth.Referral(growth.ReasonSevereWasting) | growth.Referral(growth.ReasonOedema) | growth.Referral(growth.ReasonBGM),
		}, nil},
		{"weight only, N", child.Measurement{On: day("2024-08-01"), WeightKg: 7.3, Source: child.AtHome, AgeDays: 213,
			ZWei: child.Score{Z: 0.5, Valid: true}, CatWFA: growth.WFANormal,
			Status: growth.Status{Trend: growth.TrendN, GainGrams: 900, KBMGrams: 800}}, nil},
		{"wasting only", child.Measurement{On: day("2024-08-01"), WeightKg: 6.1, LenHeiCm: 68, Position: growth.Lying,
			Source: child.AtHome, AgeDays: 213, ZWfl: child.Score{Z: -2.5, Valid: true}, CatWFH: growth.WFHWasted,
			Status:   growth.Status{Trend: growth.TrendB},
			Referral: growth.Referral(growth.ReasonWasting)}, nil},
		{"length only, standing, no trend", child.Measurement{On: day("2024-08-01"), LenHeiCm: 80.2, Position: growth.Standing,
			Source: child.AtHome, AgeDays: 213, ZLen: child.Score{Z: 2.99, Valid: true}, CatHFA: growth.HFANormal}, nil},
		{"O keeps no gain", child.Measurement{On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome, AgeDays: 213,
			Status: growth.Status{Trend: growth.TrendO, GainGrams: 100, KBMGrams: 300}},
			&child.Measurement{On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome, AgeDays: 213,
				Status: growth.Status{Trend: growth.TrendO}}},
		{"a position without a length is not stored", child.Measurement{On: day("2024-08-01"), WeightKg: 7,
			Position: growth.Standing, Source: child.AtHome, AgeDays: 213},
			&child.Measurement{On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome, AgeDays: 213}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := pgtest.New(t)
			p := mustPlaces(t, db)
			ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
			st := store.On(db)
			id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)

			in := tc.in
			in.ChildID, in.RecordedBy = id, ibu
			mid, err := st.InsertMeasurement(ctx, in, 0)
			require.NoError(t, err)
			want := in
			if tc.want != nil {
				want = *tc.want
				want.ChildID, want.RecordedBy = id, ibu
			}

			got, err := st.Measurements(ctx, id)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, mid, got[0].ID)
			assert.WithinDuration(t, time.Now(), got[0].CreatedAt, time.Minute)
			assert.Equal(t, -1, got[0].Status.AgeMonths, "the age in months is not stored")
			assert.Equal(t, comparable(want), comparable(got[0]))

			hist, err := st.MeasurementHistory(ctx, id)
			require.NoError(t, err)
			require.Len(t, hist, 1)
			assert.Equal(t, got[0], hist[0])

			kids, err := st.ChildrenOf(ctx, ibu)
			require.NoError(t, err)
			require.Len(t, kids, 1)
			require.NotNil(t, kids[0].Last)
			assert.Equal(t, got[0], *kids[0].Last)
		})
	}
}

func TestMeasurementReferralColumn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)
	_, err := st.InsertMeasurement(ctx, child.Measurement{ChildID: id, On: day("2024-08-01"), WeightKg: 4, Source: child.AtHome,
		Status:   growth.Status{Trend: growth.TrendT, TwoT: true, BGM: true, GainGrams: 10, KBMGrams: 300},
		Referral: growth.Referral(growth.ReasonTwoT) | growth.Referral(growth.ReasonBGM)}, 0)
	require.NoError(t, err)

	var row struct {
		Referral string `db:"referral"`
		Trend    string `db:"trend"`
		Gain     int    `db:"gain_g"`
		KBM      int    `db:"kbm_g"`
		Position *string
	}
	require.NoError(t, db.Get(&row, `SELECT referral::text AS referral, trend, gain_g, kbm_g, position FROM measurements WHERE child_id = $1`, id))
	assert.Equal(t, "{2t,bgm}", row.Referral, "stored as stable codes")
	assert.Equal(t, "T", row.Trend)
	assert.Equal(t, 10, row.Gain)
	assert.Equal(t, 300, row.KBM)
	assert.Nil(t, row.Position)
}

func TestOneCurrentMeasurementADay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)
	other := mustChild(t, st, child.Child{Name: "Ani", Sex: child.Girl, BirthDate: day("2024-01-01")}, ibu, child.Mother)

	m := child.Measurement{ChildID: id, On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome}
	_, err := st.InsertMeasurement(ctx, m, 0)
	require.NoError(t, err)

	m.WeightKg = 7.2
	_, err = st.InsertMeasurement(ctx, m, 0)
	assert.ErrorIs(t, err, store.ErrConflict)

	m.ChildID = other
	_, err = st.InsertMeasurement(ctx, m, 0)
	assert.NoError(t, err, "another child may be measured that day")

	m.ChildID, m.On = id, day("2024-08-02")
	_, err = st.InsertMeasurement(ctx, m, 0)
	assert.NoError(t, err, "the next day is free")
	assert.Equal(t, 2, count(t, db, `SELECT count(*) FROM measurements WHERE child_id = $1`, id))
}

func TestSupersede(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)

	first := child.Measurement{ChildID: id, On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome}
	oldID, err := st.InsertMeasurement(ctx, first, 0)
	require.NoError(t, err)

	var newID int64
	require.NoError(t, inTx(t, db, func(st *store.Store) error {
		fixed := first
		fixed.WeightKg = 7.4
		newID, err = st.InsertMeasurement(ctx, fixed, oldID)
		return err
	}))

	cur, err := st.Measurements(ctx, id)
	require.NoError(t, err)
	require.Len(t, cur, 1)
	assert.Equal(t, newID, cur[0].ID)
	assert.InDelta(t, 7.4, cur[0].WeightKg, 1e-9)

	hist, err := st.MeasurementHistory(ctx, id)
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, []int64{oldID, newID}, []int64{hist[0].ID, hist[1].ID})
	assert.InDelta(t, 7.0, hist[0].WeightKg, 1e-9)
	assert.Equal(t, int(newID), count(t, db, `SELECT superseded_by FROM measurements WHERE id = $1`, oldID))

	t.Run("a superseded row cannot be superseded again", func(t *testing.T) {
		err := inTx(t, db, func(st *store.Store) error {
			_, err := st.InsertMeasurement(ctx, first, oldID)
			return err
		})
		assert.ErrorIs(t, err, store.ErrNotFound)
		assert.Equal(t, 2, count(t, db, `SELECT count(*) FROM measurements WHERE child_id = $1`, id))
	})
	t.Run("an unknown row cannot be superseded", func(t *testing.T) {
		err := inTx(t, db, func(st *store.Store) error {
			_, err := st.InsertMeasurement(ctx, first, 987654)
			return err
		})
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestDeleteMeasurement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)
	m := child.Measurement{ChildID: id, On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome}
	mid, err := st.InsertMeasurement(ctx, m, 0)
	require.NoError(t, err)

	require.NoError(t, st.DeleteMeasurement(ctx, mid))
	cur, err := st.Measurements(ctx, id)
	require.NoError(t, err)
	assert.Empty(t, cur)
	hist, err := st.MeasurementHistory(ctx, id)
	require.NoError(t, err)
	require.Len(t, hist, 1, "the row stays for the record")
	assert.Equal(t, mid, hist[0].ID)
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM measurements WHERE id = $1 AND deleted_at IS NOT NULL`, mid))
	kids, err := st.ChildrenOf(ctx, ibu)
	require.NoError(t, err)
	assert.Nil(t, kids[0].Last, "a deleted measurement is not the latest")

	assert.ErrorIs(t, st.DeleteMeasurement(ctx, mid), store.ErrNotFound, "twice")
	assert.ErrorIs(t, st.DeleteMeasurement(ctx, 987654), store.ErrNotFound)

	_, err = st.InsertMeasurement(ctx, m, 0)
	assert.NoError(t, err, "the day is free again")
}

func TestUpdateComputed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)
	m := child.Measurement{ChildID: id, On: day("2024-08-01"), WeightKg: 7, Source: child.AtHome,
		Status: growth.Status{Trend: growth.TrendN, GainGrams: 500, KBMGrams: 300}}
	var err error
	m.ID, err = st.InsertMeasurement(ctx, m, 0)
	require.NoError(t, err)

	m.AgeDays, m.ZWei, m.CatWFA = 213, child.Score{Z: -1.5, Valid: true}, growth.WFANormal
	m.Status = growth.Status{Trend: growth.TrendT, TwoT: true, GainGrams: 100, KBMGrams: 300}
	m.Referral = growth.Referral(growth.ReasonTwoT)
	require.NoError(t, st.UpdateComputed(ctx, m))

	got, err := st.Measurements(ctx, id)
	require.NoError(t, err)
	require.Len(t, got, 1)
	m.RecordedBy = 0
	assert.Equal(t, comparable(m), comparable(got[0]))
}
