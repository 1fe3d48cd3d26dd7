package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestInsertChildAndChildWithAccess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)

	tcs := []struct {
		name string
		in   child.Child
	}{
		{"every field", child.Child{Name: "Budi Santoso", Sex: child.Boy, BirthDate: day("2024-02-29"),
			BirthWeightKg: 3.25, BirthLengthCm: 49.5, PosyanduID: p.Posyandu}},
		{"unknown birth values and no posyandu", child.Child{Name: "Ani", Sex: child.Girl, BirthDate: day("2023-12-31")}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			id := mustChild(t, st, tc.in, ibu, child.Mother)
			got, err := st.ChildWithAccess(ctx, id)
			require.NoError(t, err)
			want := tc.in
			want.ID = id
			assert.Equal(t, want, got.Child)
			assert.Equal(t, policy.Child{Guardians: []int64{ibu}, PosyanduID: tc.in.PosyanduID}, got.Policy)
			assert.Equal(t, ibu, int64(count(t, db, `SELECT created_by FROM children WHERE id = $1`, id)))
		})
	}

	t.Run("unknown id", func(t *testing.T) {
		_, err := st.ChildWithAccess(ctx, 987654)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
	t.Run("soft-deleted child is not found", func(t *testing.T) {
		id := mustChild(t, st, child.Child{Name: "Hilang", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Father)
		_, err := db.Exec(`UPDATE children SET deleted_at = now() WHERE id = $1`, id)
		require.NoError(t, err)
		_, err = st.ChildWithAccess(ctx, id)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestUpdateChild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	c := child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01"), BirthWeightKg: 3, PosyanduID: p.Posyandu}
	c.ID = mustChild(t, st, c, ibu, child.Mother)

	c.Name, c.Sex, c.BirthDate, c.BirthWeightKg = "Budiman", child.Girl, day("2024-01-05"), 0
	require.NoError(t, st.UpdateChild(ctx, c))
	got, err := st.ChildWithAccess(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got.Child)

	c.ID = 987654
	assert.ErrorIs(t, st.UpdateChild(ctx, c), store.ErrNotFound)
}

func TestChildrenOf(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	ayah := mustUser(t, db, 1002, "Joko", "", p.Posyandu)
	st := store.On(db)

	younger := mustChild(t, st, child.Child{Name: "Adik", Sex: child.Girl, BirthDate: day("2025-01-01")}, ibu, child.Mother)
	older := mustChild(t, st, child.Child{Name: "Kakak", Sex: child.Boy, BirthDate: day("2023-05-01")}, ibu, child.Mother)
	require.NoError(t, st.AddGuardian(ctx, older, ayah, child.Father))
	mustChild(t, st, child.Child{Name: "Lain", Sex: child.Boy, BirthDate: day("2024-05-01")}, ayah, child.Father)

	for _, m := range []child.Measurement{
		{ChildID: older, On: day("2024-03-01"), WeightKg: 9.0, Source: child.AtHome},
		{ChildID: older, On: day("2024-05-01"), WeightKg: 9.6, Source: child.AtPosyandu}, // the latest
		{ChildID: older, On: day("2024-04-01"), WeightKg: 9.3, Source: child.AtHome},
	} {
		_, err := st.InsertMeasurement(ctx, m, 0)
		require.NoError(t, err)
	}

	got, err := st.ChildrenOf(ctx, ibu)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, older, got[0].Child.ID, "oldest first")
	assert.Equal(t, "Kakak", got[0].Child.Name)
	assert.Equal(t, child.Mother, got[0].Relation)
	require.NotNil(t, got[0].Last)
	assert.Equal(t, day("2024-05-01"), got[0].Last.On)
	assert.InDelta(t, 9.6, got[0].Last.WeightKg, 1e-9)
	assert.Equal(t, child.AtPosyandu, got[0].Last.Source)
	assert.Equal(t, younger, got[1].Child.ID)
	assert.Nil(t, got[1].Last, "never measured")

	theirs, err := st.ChildrenOf(ctx, ayah)
	require.NoError(t, err)
	require.Len(t, theirs, 2)
	assert.Equal(t, child.Father, theirs[0].Relation)

	none, err := st.ChildrenOf(ctx, 987654)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestAddGuardianTwiceKeepsTheFirstRelation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)

	require.NoError(t, st.AddGuardian(ctx, id, ibu, child.Ward))
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM guardians WHERE child_id = $1`, id))
	kids, err := st.ChildrenOf(ctx, ibu)
	require.NoError(t, err)
	require.Len(t, kids, 1)
	assert.Equal(t, child.Mother, kids[0].Relation)
}

func TestRemoveGuardian(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name          string
		otherGuardian bool
		measurements  []child.Source
		wantDeleted   bool
	}{
		{"only guardian, no measurement", false, nil, true},
		{"only guardian, home measurements", false, []child.Source{child.AtHome, child.AtHome}, true},
		{"another guardian stays", true, []child.Source{child.AtHome}, false},
		{"a posyandu measurement keeps the child", false, []child.Source{child.AtHome, child.AtPosyandu}, false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := pgtest.New(t)
			p := mustPlaces(t, db)
			ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
			ayah := mustUser(t, db, 1002, "Joko", "", p.Posyandu)
			st := store.On(db)
			id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01"), PosyanduID: p.Posyandu}, ibu, child.Mother)
			if tc.otherGuardian {
				require.NoError(t, st.AddGuardian(ctx, id, ayah, child.Father))
			}
			for i, src := range tc.measurements {
				_, err := st.InsertMeasurement(ctx, child.Measurement{ChildID: id, On: day("2024-03-01").AddDate(0, i, 0),
					WeightKg: 6 + float64(i), Source: src}, 0)
				require.NoError(t, err)
			}

			deleted, err := st.RemoveGuardian(ctx, id, ibu)
			require.NoError(t, err)
			assert.Equal(t, tc.wantDeleted, deleted)
			assert.Zero(t, count(t, db, `SELECT count(*) FROM guardians WHERE child_id = $1 AND user_id = $2`, id, ibu))
			kids, err := st.ChildrenOf(ctx, ibu)
			require.NoError(t, err)
			assert.Empty(t, kids)

			_, err = st.ChildWithAccess(ctx, id)
			if tc.wantDeleted {
				assert.ErrorIs(t, err, store.ErrNotFound)
				assert.Zero(t, count(t, db, `SELECT count(*) FROM children WHERE id = $1`, id))
				assert.Zero(t, count(t, db, `SELECT count(*) FROM measurements WHERE child_id = $1`, id))
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, len(tc.measurements), count(t, db, `SELECT count(*) FROM measurements WHERE child_id = $1`, id))
		})
	}
}

func TestRemoveGuardianOfSomeoneElsesChild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	stranger := mustUser(t, db, 1002, "Orang Lain", "", p.Posyandu)
	st := store.On(db)
	id := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, ibu, child.Mother)

	deleted, err := st.RemoveGuardian(ctx, id, stranger)
	require.NoError(t, err)
	assert.False(t, deleted)
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM guardians WHERE child_id = $1`, id))
}

func TestGrants(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	u := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)

	none, err := st.Grants(ctx, u)
	require.NoError(t, err)
	assert.Empty(t, none)

	for _, g := range []policy.Grant{
		{Role: policy.Parent},
		{Role: policy.Kader, PosyanduID: p.Posyandu},
		{Role: policy.Parent}, // again: no-op
		{Role: policy.Kader, PosyanduID: p.OtherPosyandu},
		{Role: policy.Nakes, PuskesmasID: p.Puskesmas},
		{Role: policy.Admin, RegionCode: kelurahan},
	} {
		require.NoError(t, st.AddGrant(ctx, u, g))
	}
	got, err := st.Grants(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, []policy.Grant{
		{Role: policy.Parent},
		{Role: policy.Kader, PosyanduID: p.Posyandu},
		{Role: policy.Kader, PosyanduID: p.OtherPosyandu},
		{Role: policy.Nakes, PuskesmasID: p.Puskesmas},
		{Role: policy.Admin, RegionCode: kelurahan},
	}, got)

	require.Error(t, st.AddGrant(ctx, u, policy.Grant{Role: "raja"}), "unknown roles are refused by the database")

	posyandu, err := st.UserPosyandu(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, p.Posyandu, posyandu)
	_, err = st.UserPosyandu(ctx, 987654)
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func TestAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	st := store.On(db)
	require.NoError(t, st.Audit(ctx, "user:1", "child.added", "child:2", map[string]any{"relation": child.Mother}))
	require.NoError(t, st.Audit(ctx, "erasure", "account.erased", "", nil))

	var rows []struct {
		Actor   string `db:"actor"`
		Action  string `db:"action"`
		Subject string `db:"subject"`
		Details string `db:"details"`
	}
	require.NoError(t, db.Select(&rows, `SELECT actor, action, subject, details::text AS details FROM audit_log ORDER BY id`))
	require.Len(t, rows, 2)
	assert.Equal(t, "child.added", rows[0].Action)
	assert.Equal(t, "child:2", rows[0].Subject)
	assert.JSONEq(t, `{"relation":"ibu"}`, rows[0].Details)
	assert.Equal(t, "erasure", rows[1].Actor)
	assert.JSONEq(t, `{}`, rows[1].Details)
}
