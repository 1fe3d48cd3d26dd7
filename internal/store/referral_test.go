package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestReferralStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	kader := mustUser(t, db, 1001, "Sumarni", "", p.Posyandu)
	st := store.On(db)
	budi := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2025-05-20"), PosyanduID: p.Posyandu},
		kader, child.Mother)
	mid, err := st.InsertMeasurement(ctx, child.Measurement{ChildID: budi, On: day("2026-11-20"), WeightKg: 7,
		Source: child.AtPosyandu, AgeDays: 549, RecordedBy: kader}, 0)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE measurements SET referral = '{bgm}' WHERE id = $1`, mid)
	require.NoError(t, err)

	src, err := st.ReferralSource(ctx, mid)
	require.NoError(t, err)
	assert.Equal(t, store.ReferralSource{ChildID: budi, Reasons: []string{"bgm"}, PosyanduID: p.Posyandu, PuskesmasID: p.Puskesmas}, src)
	_, err = st.ReferralSource(ctx, mid+100)
	assert.ErrorIs(t, err, store.ErrNotFound)

	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	n := store.NewReferral{ChildID: budi, MeasurementID: mid, PosyanduID: p.Posyandu, PuskesmasID: p.Puskesmas,
		ReferredBy: kader, Reasons: src.Reasons, At: at}
	id, created, err := st.InsertReferral(ctx, n)
	require.NoError(t, err)
	assert.True(t, created)
	again, created, err := st.InsertReferral(ctx, n)
	require.NoError(t, err)
	assert.False(t, created, "one referral per measurement")
	assert.Equal(t, id, again)

	access, err := st.ChildWithAccess(ctx, budi)
	require.NoError(t, err)
	assert.Equal(t, []int64{p.Puskesmas}, access.Policy.ReferredTo, "an open referral lets its puskesmas see the child")

	r, err := st.Referral(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "dirujuk", r.Status)
	assert.Equal(t, "Budi", r.Child.Name)
	require.NotNil(t, r.Measurement)
	assert.Equal(t, 7.0, r.Measurement.WeightKg)

	open := func(f store.ReferralFilter) int {
		rs, err := st.OpenReferrals(ctx, f)
		require.NoError(t, err)
		return len(rs)
	}
	assert.Equal(t, 1, open(store.ReferralFilter{PuskesmasIDs: []int64{p.Puskesmas}}))
	assert.Equal(t, 1, open(store.ReferralFilter{PosyanduIDs: []int64{p.Posyandu}}))
	assert.Equal(t, 0, open(store.ReferralFilter{PosyanduIDs: []int64{p.OtherPosyandu}}))
	assert.Equal(t, 0, open(store.ReferralFilter{}), "an empty filter selects none")

	// A move that does not start where the referral stands changes nothing.
	err = st.MoveReferral(ctx, store.ReferralMove{ID: id, From: "diterima", To: "diperiksa", Finding: "normal", At: at})
	assert.ErrorIs(t, err, store.ErrChanged)
	for _, m := range []store.ReferralMove{
		{From: "dirujuk", To: "diterima"}, {From: "diterima", To: "diperiksa", Finding: "normal", Note: "baik"},
		{From: "diperiksa", To: "ditangani", Treatment: "lainnya"}, {From: "ditangani", To: "selesai"},
	} {
		m.ID, m.At, m.By = id, at.Add(time.Hour), kader
		require.NoError(t, st.MoveReferral(ctx, m))
	}
	r, err = st.Referral(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"selesai", "normal", "baik", "lainnya"}, []string{r.Status, r.Finding, r.Note, r.Treatment})
	assert.Equal(t, 0, open(store.ReferralFilter{PuskesmasIDs: []int64{p.Puskesmas}}), "closed referrals are not open")
	access, err = st.ChildWithAccess(ctx, budi)
	require.NoError(t, err)
	assert.Nil(t, access.Policy.ReferredTo, "a closed referral no longer opens the child to the puskesmas")
}
