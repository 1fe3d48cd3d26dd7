package enrol_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/enrol"
	"github.com/tumbuh-id/tumbuh/internal/person"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

var today = day("2025-06-10")

// actor loads a user's grants as the app does before a use case.
func actor(tb testing.TB, st *store.Store, userID int64) policy.Actor {
	tb.Helper()
	g, err := st.Grants(context.Background(), userID)
	require.NoError(tb, err)
	return policy.Actor{UserID: userID, Grants: g}
}

type auditRow struct {
	Actor   string `db:"actor"`
	Action  string `db:"action"`
	Subject string `db:"subject"`
	Details string `db:"details"`
}

func audits(tb testing.TB, db *sqlx.DB) []auditRow {
	tb.Helper()
	var rows []auditRow
	require.NoError(tb, db.Select(&rows, `SELECT actor, action, COALESCE(subject, '') AS subject, details::text AS details FROM audit_log ORDER BY id`))
	return rows
}

func TestAddChild(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name         string
		posyandu     bool
		alreadyRoles []policy.Grant
		nc           enrol.NewChild
		wantName     string
	}{
		{"first child of a new parent", true, nil,
			enrol.NewChild{Name: "  Budi   Santoso ", Sex: child.Boy, BirthDate: day("2024-02-29"), BirthWeightKg: 3.1,
				BirthLengthCm: 49, Relation: child.Mother}, "Budi Santoso"},
		{"a kader adds her own child", true, []policy.Grant{{Role: policy.Kader, PosyanduID: -1}},
			enrol.NewChild{Name: "Ani", Sex: child.Girl, BirthDate: today, Relation: child.Ward}, "Ani"},
		{"a parent already", true, []policy.Grant{{Role: policy.Parent}},
			enrol.NewChild{Name: "Citra", Sex: child.Girl, BirthDate: day("2020-06-11"), Relation: child.Father}, "Citra"},
		{"a user without posyandu", false, nil,
			enrol.NewChild{Name: "Dodi", Sex: child.Boy, BirthDate: day("2023-01-01"), Relation: child.Other}, "Dodi"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := pgtest.New(t)
			p := mustPlaces(t, db)
			var posyandu int64
			if tc.posyandu {
				posyandu = p.Posyandu
			}
			u := mustUser(t, db, 1001, "Siti", "", posyandu)
			st := store.On(db)
			for _, g := range tc.alreadyRoles {
				if g.PosyanduID == -1 {
					g.PosyanduID = p.OtherPosyandu
				}
				require.NoError(t, st.AddGrant(ctx, u, g))
			}
			a := actor(t, st, u)

			c, err := enrol.AddChild(ctx, st, a, tc.nc, today)
			require.NoError(t, err)
			assert.NotZero(t, c.ID)
			assert.Equal(t, child.Child{ID: c.ID, Name: tc.wantName, Sex: tc.nc.Sex, BirthDate: child.Day(tc.nc.BirthDate),
				BirthWeightKg: tc.nc.BirthWeightKg, BirthLengthCm: tc.nc.BirthLengthCm, PosyanduID: posyandu}, c)

			stored, err := st.ChildWithAccess(ctx, c.ID)
			require.NoError(t, err)
			assert.Equal(t, c, stored.Child)
			assert.Equal(t, []int64{u}, stored.Policy.Guardians, "the actor became the guardian")
			assert.Equal(t, posyandu, stored.Policy.PosyanduID, "the child joins the user's posyandu")

			kids, err := enrol.Children(ctx, st, a)
			require.NoError(t, err)
			require.Len(t, kids, 1)
			assert.Equal(t, tc.nc.Relation, kids[0].Relation)

			grants, err := st.Grants(ctx, u)
			require.NoError(t, err)
			assert.Contains(t, grants, policy.Grant{Role: policy.Parent}, "the actor is a parent now")
			assert.Len(t, grants, len(tc.alreadyRoles)+btoi(!a.Has(policy.Parent)))

			rows := audits(t, db)
			require.Len(t, rows, 1)
			assert.Equal(t, auditRow{Actor: fmt.Sprintf("user:%d", u), Action: "child.added", Subject: fmt.Sprintf("child:%d", c.ID),
				Details: rows[0].Details}, rows[0])
			assert.JSONEq(t, fmt.Sprintf(`{"relation":%q}`, tc.nc.Relation), rows[0].Details)
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestAddChildRefusals(t *testing.T) {
	t.Parallel()
	ok := enrol.NewChild{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01"), Relation: child.Mother}
	with := func(f func(*enrol.NewChild)) enrol.NewChild {
		nc := ok
		f(&nc)
		return nc
	}
	tcs := []struct {
		name string
		nc   enrol.NewChild
		also error
	}{
		{"birth tomorrow", with(func(nc *enrol.NewChild) { nc.BirthDate = day("2025-06-11") }), child.ErrBirthInFuture},
		{"exactly five years", with(func(nc *enrol.NewChild) { nc.BirthDate = day("2020-06-10") }), child.ErrTooOld},
		{"older than five", with(func(nc *enrol.NewChild) { nc.BirthDate = day("2018-01-01") }), child.ErrTooOld},
		{"empty name", with(func(nc *enrol.NewChild) { nc.Name = "   " }), person.ErrNameEmpty},
		{"no letter in the name", with(func(nc *enrol.NewChild) { nc.Name = "😀 123" }), person.ErrNameNoLetter},
		{"unknown sex", with(func(nc *enrol.NewChild) { nc.Sex = "x" }), nil},
		{"no sex", with(func(nc *enrol.NewChild) { nc.Sex = "" }), nil},
		{"unknown relation", with(func(nc *enrol.NewChild) { nc.Relation = "nenek" }), nil},
	}
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	u := mustUser(t, db, 1001, "Siti", "", p.Posyandu)
	st := store.On(db)
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := enrol.AddChild(ctx, st, policy.Actor{UserID: u}, tc.nc, today)
			require.Error(t, err)
			assert.True(t, errors.Is(err, enrol.ErrInvalid), "%v", err)
			if tc.also != nil {
				assert.ErrorIs(t, err, tc.also)
			}
		})
	}
	assert.Zero(t, count(t, db, `SELECT count(*) FROM children`))
	assert.Zero(t, count(t, db, `SELECT count(*) FROM guardians`))
	assert.Zero(t, count(t, db, `SELECT count(*) FROM user_roles`))
	assert.Zero(t, count(t, db, `SELECT count(*) FROM audit_log`))
}

// family is a child of ibu, with a stranger parent and cadres around.
type family struct {
	db                                  *sqlx.DB
	st                                  *store.Store
	child                               child.Child
	ibu, otherParent, kader, otherKader policy.Actor
	nakes                               policy.Actor
	unknownID                           int64
}

func newFamily(t *testing.T) family {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	st := store.On(db)
	f := family{db: db, st: st}
	f.ibu = policy.Actor{UserID: mustUser(t, db, 1001, "Siti", "", p.Posyandu)}
	f.otherParent = policy.Actor{UserID: mustUser(t, db, 1002, "Tetangga", "", p.Posyandu),
		Grants: []policy.Grant{{Role: policy.Parent}}}
	f.kader = policy.Actor{UserID: mustUser(t, db, 1003, "Bu Kader", "", p.Posyandu),
		Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: p.Posyandu}}}
	f.otherKader = policy.Actor{UserID: mustUser(t, db, 1004, "Kader Lain", "", p.OtherPosyandu),
		Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: p.OtherPosyandu}}}
	f.nakes = policy.Actor{UserID: mustUser(t, db, 1005, "Bidan", "", 0),
		Grants: []policy.Grant{{Role: policy.Nakes, PuskesmasID: p.Puskesmas}}}
	var err error
	f.child, err = enrol.AddChild(ctx, st, f.ibu, enrol.NewChild{Name: "Budi", Sex: child.Boy,
		BirthDate: day("2024-01-15"), Relation: child.Mother}, today)
	require.NoError(t, err)
	f.unknownID = f.child.ID + 1000
	return f
}

func TestAccess(t *testing.T) {
	t.Parallel()
	type outcome struct{ get, correct, unlink bool }
	tcs := []struct {
		name   string
		actor  func(family) policy.Actor
		forged bool
		want   outcome
	}{
		{"another parent", func(f family) policy.Actor { return f.otherParent }, false, outcome{}},
		{"a kader of another posyandu", func(f family) policy.Actor { return f.otherKader }, false, outcome{}},
		{"a nakes without referral", func(f family) policy.Actor { return f.nakes }, false, outcome{}},
		{"no one", func(family) policy.Actor { return policy.Actor{} }, false, outcome{}},
		{"the mother, forged id", func(f family) policy.Actor { return f.ibu }, true, outcome{}},
		{"the kader, forged id", func(f family) policy.Actor { return f.kader }, true, outcome{}},
		{"the kader of the child's posyandu", func(f family) policy.Actor { return f.kader }, false,
			outcome{get: true, correct: true}},
		{"the mother", func(f family) policy.Actor { return f.ibu }, false, outcome{get: true, correct: true, unlink: true}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := newFamily(t)
			a, id := tc.actor(f), f.child.ID
			if tc.forged {
				id = f.unknownID
			}
			check := func(what string, allowed bool, err error) {
				if allowed {
					assert.NoError(t, err, what)
				} else {
					assert.ErrorIs(t, err, child.ErrNotFound, what)
				}
			}

			got, err := enrol.Get(ctx, f.st, a, id)
			check("get", tc.want.get, err)
			if tc.want.get {
				assert.Equal(t, f.child, got)
			}

			fixed, err := enrol.Correct(ctx, f.st, a, id, enrol.Edit{Name: "Budi Baru"}, today)
			check("correct", tc.want.correct, err)
			stored, err := f.st.ChildWithAccess(ctx, f.child.ID)
			require.NoError(t, err)
			if tc.want.correct {
				assert.Equal(t, "Budi Baru", fixed.Name)
				assert.Equal(t, "Budi Baru", stored.Child.Name)
			} else {
				assert.Equal(t, "Budi", stored.Child.Name, "unchanged")
			}

			deleted, err := enrol.Unlink(ctx, f.st, a, id)
			check("unlink", tc.want.unlink, err)
			assert.Equal(t, tc.want.unlink, deleted)
			guardians := count(t, f.db, `SELECT count(*) FROM guardians WHERE child_id = $1`, f.child.ID)
			if tc.want.unlink {
				assert.Zero(t, guardians)
			} else {
				assert.Equal(t, 1, guardians, "the mother is still the guardian")
			}
		})
	}
}

func TestCorrect(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name    string
		edit    enrol.Edit
		want    func(child.Child) child.Child
		invalid error
	}{
		{"nothing", enrol.Edit{}, func(c child.Child) child.Child { return c }, nil},
		{"name tidied", enrol.Edit{Name: " Budi   Baru "}, func(c child.Child) child.Child { c.Name = "Budi Baru"; return c }, nil},
		{"sex", enrol.Edit{Sex: child.Girl}, func(c child.Child) child.Child { c.Sex = child.Girl; return c }, nil},
		{"birth date", enrol.Edit{BirthDate: day("2024-02-29")},
			func(c child.Child) child.Child { c.BirthDate = day("2024-02-29"); return c }, nil},
		{"all three", enrol.Edit{Name: "Ani", Sex: child.Girl, BirthDate: day("2023-07-01")},
			func(c child.Child) child.Child {
				c.Name, c.Sex, c.BirthDate = "Ani", child.Girl, day("2023-07-01")
				return c
			}, nil},
		{"birth in the future", enrol.Edit{BirthDate: day("2025-06-11")}, nil, child.ErrBirthInFuture},
		{"five years old", enrol.Edit{BirthDate: day("2020-06-10")}, nil, child.ErrTooOld},
		{"bad sex", enrol.Edit{Sex: "l"}, nil, nil},
		{"emoji name", enrol.Edit{Name: "🙂"}, nil, person.ErrNameNoLetter},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := newFamily(t)
			got, err := enrol.Correct(ctx, f.st, f.ibu, f.child.ID, tc.edit, today)
			stored, lerr := f.st.ChildWithAccess(ctx, f.child.ID)
			require.NoError(t, lerr)
			if tc.want == nil {
				assert.ErrorIs(t, err, enrol.ErrInvalid)
				if tc.invalid != nil {
					assert.ErrorIs(t, err, tc.invalid)
				}
				assert.Equal(t, f.child, stored.Child, "unchanged")
				assert.Zero(t, count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'child.corrected'`))
				return
			}
			require.NoError(t, err)
			want := tc.want(f.child)
			assert.Equal(t, want, got)
			assert.Equal(t, want, stored.Child)
			rows := audits(t, f.db)
			require.NotEmpty(t, rows)
			last := rows[len(rows)-1]
			assert.Equal(t, auditRow{Actor: fmt.Sprintf("user:%d", f.ibu.UserID), Action: "child.corrected",
				Subject: fmt.Sprintf("child:%d", f.child.ID), Details: "{}"}, last)
		})
	}
}

func TestUnlink(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name        string
		secondAdult bool
		posyandu    bool
		wantDeleted bool
	}{
		{"the only guardian deletes the child", false, false, true},
		{"a second guardian keeps the child", true, false, false},
		{"a posyandu weighing keeps the child", false, true, false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := newFamily(t)
			if tc.secondAdult {
				require.NoError(t, f.st.AddGuardian(ctx, f.child.ID, f.otherParent.UserID, child.Father))
			}
			if tc.posyandu {
				_, err := f.st.InsertMeasurement(ctx, child.Measurement{ChildID: f.child.ID, On: day("2024-05-01"),
					WeightKg: 6.5, Source: child.AtPosyandu, RecordedBy: f.kader.UserID}, 0)
				require.NoError(t, err)
			}
			deleted, err := enrol.Unlink(ctx, f.st, f.ibu, f.child.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.wantDeleted, deleted)

			_, err = enrol.Get(ctx, f.st, f.ibu, f.child.ID)
			assert.ErrorIs(t, err, child.ErrNotFound, "no longer the mother's to see")
			kids, err := enrol.Children(ctx, f.st, f.ibu)
			require.NoError(t, err)
			assert.Empty(t, kids)
			assert.Equal(t, btoi(!tc.wantDeleted), count(t, f.db, `SELECT count(*) FROM children WHERE id = $1`, f.child.ID))
			if tc.secondAdult {
				_, err = enrol.Get(ctx, f.st, f.otherParent, f.child.ID)
				assert.NoError(t, err, "the father still sees the child")
			}

			rows := audits(t, f.db)
			last := rows[len(rows)-1]
			assert.Equal(t, "child.unlinked", last.Action)
			assert.Equal(t, fmt.Sprintf("child:%d", f.child.ID), last.Subject)
			assert.JSONEq(t, fmt.Sprintf(`{"deleted":%t}`, tc.wantDeleted), last.Details)

			_, err = enrol.Unlink(ctx, f.st, f.ibu, f.child.ID)
			assert.ErrorIs(t, err, child.ErrNotFound, "twice")
		})
	}
}

func TestCorrectBirthDateAfterAWeighing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	ibu := policy.Actor{UserID: mustUser(t, db, 1001, "Siti", "", p.Posyandu), Grants: []policy.Grant{{Role: policy.Parent}}}
	st := store.On(db)
	c, err := enrol.AddChild(ctx, st, ibu, enrol.NewChild{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-10"),
		Relation: child.Mother}, day("2025-06-10"))
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO measurements (child_id, measured_on, weight_kg, source, age_days) VALUES ($1, '2024-03-01', 5, 'home', 51)`, c.ID)
	require.NoError(t, err)

	_, err = enrol.Correct(ctx, st, ibu, c.ID, enrol.Edit{BirthDate: day("2024-04-01")}, day("2025-06-10"))
	assert.ErrorIs(t, err, enrol.ErrInvalid)
	assert.ErrorIs(t, err, child.ErrAfterMeasurement)
	got, err := enrol.Get(ctx, st, ibu, c.ID)
	require.NoError(t, err)
	assert.Equal(t, day("2024-01-10"), got.BirthDate, "unchanged")

	fixed, err := enrol.Correct(ctx, st, ibu, c.ID, enrol.Edit{BirthDate: day("2024-02-01")}, day("2025-06-10"))
	require.NoError(t, err)
	assert.Equal(t, day("2024-02-01"), fixed.BirthDate)
}
