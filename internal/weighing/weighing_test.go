package weighing_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/weighing"
)

var today = day("2025-06-10")

// family is a boy of ibu, born 10 January 2024, with a stranger and the
// kader of his posyandu around.
type family struct {
	db                      *sqlx.DB
	st                      *store.Store
	child                   child.Child
	ibu, otherParent, kader policy.Actor
	otherChild              int64 // the other parent's child
}

func newFamily(t *testing.T) family {
	t.Helper()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	f := family{db: db, st: store.On(db)}
	f.ibu = policy.Actor{UserID: mustUser(t, db, 1001, "Siti", "", p.Posyandu), Grants: []policy.Grant{{Role: policy.Parent}}}
	f.otherParent = policy.Actor{UserID: mustUser(t, db, 1002, "Tetangga", "", p.OtherPosyandu),
		Grants: []policy.Grant{{Role: policy.Parent}}}
	f.kader = policy.Actor{UserID: mustUser(t, db, 1003, "Bu Kader", "", p.Posyandu),
		Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: p.Posyandu}}}
	f.child = child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-10"), PosyanduID: p.Posyandu}
	f.child.ID = mustChild(t, f.st, f.child, f.ibu.UserID, child.Mother)
	f.otherChild = mustChild(t, f.st, child.Child{Name: "Ani", Sex: child.Girl, BirthDate: day("2024-01-10"),
		PosyanduID: p.OtherPosyandu}, f.otherParent.UserID, child.Mother)
	return f
}

func (f family) draft(on string, kg float64) weighing.Draft {
	return weighing.Draft{ChildID: f.child.ID, Inputs: child.Measurement{On: day(on), WeightKg: kg, Source: child.AtHome}}
}

// record stores a draft in a transaction, as a turn does.
func (f family) record(t *testing.T, a policy.Actor, d weighing.Draft) (weighing.Recorded, error) {
	t.Helper()
	var r weighing.Recorded
	err := inTx(t, f.db, func(st *store.Store) error {
		var err error
		r, err = weighing.Record(context.Background(), st, a, d, today)
		return err
	})
	return r, err
}

func (f family) mustRecord(t *testing.T, d weighing.Draft) weighing.Recorded {
	t.Helper()
	r, err := f.record(t, f.ibu, d)
	require.NoError(t, err)
	return r
}

func (f family) current(t *testing.T) []child.Measurement {
	t.Helper()
	ms, err := f.st.Measurements(context.Background(), f.child.ID)
	require.NoError(t, err)
	return ms
}

// expect is what internal/growth computes from a measurement of c.
func expect(c child.Child, m child.Measurement) growth.Result {
	return growth.Assess(growth.Input{Sex: c.Sex.Growth(), Age: growth.AgeFromDates(c.BirthDate, m.On),
		Weight: m.WeightKg, LenHei: m.LenHeiCm, Position: m.Position, Oedema: m.Oedema, HeadC: m.HeadCm, ArmC: m.ArmCm})
}

func assertScores(t *testing.T, want growth.Result, got child.Measurement) {
	t.Helper()
	assert.Equal(t, want.AgeDays, got.AgeDays)
	for _, s := range []struct {
		ind growth.Indicator
		got child.Score
	}{
		{growth.LengthForAge, got.ZLen}, {growth.WeightForAge, got.ZWei}, {growth.WeightForLength, got.ZWfl},
		{growth.BMIForAge, got.ZBMI}, {growth.HeadForAge, got.ZHC}, {growth.ArmForAge, got.ZAC},
	} {
		w := want.Score(s.ind)
		assert.Equal(t, child.Score{Z: w.Z, Valid: w.Valid, Flag: w.Flag}, s.got, s.ind.Name())
	}
	assert.Equal(t, want.Categories.WeightForAge, got.CatWFA)
	assert.Equal(t, want.Categories.HeightForAge, got.CatHFA)
	assert.Equal(t, want.Categories.WeightForHeight, got.CatWFH)
	assert.Equal(t, want.Categories.BMIForAge, got.CatBMI)
}

func TestPreviewDoesNotStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	first := f.mustRecord(t, f.draft("2024-05-10", 6.9))

	d := f.draft("2024-06-10", 7.4)
	d.Inputs.LenHeiCm, d.Inputs.Position = 66.2, growth.Lying
	check, err := weighing.Preview(ctx, f.st, f.ibu, d, today)
	require.NoError(t, err)
	assert.Equal(t, f.child, check.Child)
	assert.Zero(t, check.Assessed.ID)
	assertScores(t, expect(f.child, d.Inputs), check.Assessed)
	assert.Equal(t, growth.TrendN, check.Assessed.Status.Trend, "+500 g at 5 months")
	assert.Equal(t, 500, check.Assessed.Status.GainGrams)
	assert.Nil(t, check.SameDay)
	require.NotNil(t, check.Previous)
	assert.Equal(t, first.Saved.ID, check.Previous.ID)

	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM measurements`))
	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM audit_log`))

	t.Run("the day's earlier measurement is shown", func(t *testing.T) {
		check, err := weighing.Preview(ctx, f.st, f.ibu, f.draft("2024-05-10", 7.0), today)
		require.NoError(t, err)
		require.NotNil(t, check.SameDay)
		assert.Equal(t, first.Saved.ID, check.SameDay.ID)
		assert.Nil(t, check.Previous)
		assert.Equal(t, growth.TrendB, check.Assessed.Status.Trend)
		assert.InDelta(t, 6.9, f.current(t)[0].WeightKg, 1e-9, "not replaced")
	})
}

func TestRecordComputesLikeGrowth(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name string
		in   child.Measurement
	}{
		{"weight only", child.Measurement{On: day("2024-04-10"), WeightKg: 6.1}},
		{"weight and length lying", child.Measurement{On: day("2024-07-22"), WeightKg: 7.9, LenHeiCm: 68.4, Position: growth.Lying}},
		{"height standing", child.Measurement{On: day("2025-03-16"), WeightKg: 10.5, LenHeiCm: 79, Position: growth.Standing}},
		{"head and arm", child.Measurement{On: day("2024-10-01"), WeightKg: 8.2, LenHeiCm: 71, Position: growth.Lying,
			HeadCm: 44.5, ArmCm: 14.2}},
		{"oedema", child.Measurement{On: day("2024-10-01"), WeightKg: 8.2, LenHeiCm: 71, Position: growth.Lying, Oedema: true}},
		{"length only, stunted", child.Measurement{On: day("2025-01-10"), LenHeiCm: 66, Position: growth.Lying}},
		{"at the posyandu", child.Measurement{On: day("2025-06-10"), WeightKg: 11.9, Source: child.AtPosyandu}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFamily(t)
			in := tc.in
			if in.Source == "" {
				in.Source = child.AtHome
			}
			r, err := f.record(t, f.ibu, weighing.Draft{ChildID: f.child.ID, Inputs: in})
			require.NoError(t, err)
			want := expect(f.child, in)
			assertScores(t, want, r.Saved)

			got := f.current(t)
			require.Len(t, got, 1)
			assert.Equal(t, r.Saved.ID, got[0].ID)
			assert.Equal(t, f.ibu.UserID, got[0].RecordedBy)
			assert.Equal(t, in.Source, got[0].Source)
			assertScores(t, want, got[0])
			assert.Equal(t, growth.NeedsReferral(want, r.Saved.Status), got[0].Referral)
			if in.WeightKg > 0 {
				assert.Equal(t, growth.TrendB, got[0].Status.Trend)
			} else {
				assert.Empty(t, got[0].Status.Trend)
			}

			var audit struct {
				Actor   string `db:"actor"`
				Action  string `db:"action"`
				Subject string `db:"subject"`
				Details string `db:"details"`
			}
			require.NoError(t, f.db.Get(&audit, `SELECT actor, action, subject, details::text AS details FROM audit_log`))
			assert.Equal(t, fmt.Sprintf("user:%d", f.ibu.UserID), audit.Actor)
			assert.Equal(t, "measurement.recorded", audit.Action)
			assert.Equal(t, fmt.Sprintf("measurement:%d", r.Saved.ID), audit.Subject)
			assert.JSONEq(t, fmt.Sprintf(`{"child_id":%d,"source":%q}`, f.child.ID, in.Source), audit.Details)
		})
	}
}

func TestRecordSameDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	first := f.mustRecord(t, f.draft("2024-05-10", 6.9))
	other := f.mustRecord(t, f.draft("2024-04-10", 6.2))

	tcs := []struct {
		name     string
		replaces int64
	}{
		{"without replaces", 0},
		{"replacing another day's measurement", other.Saved.ID},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			d := f.draft("2024-05-10", 7.1)
			d.Replaces = tc.replaces
			// On the bare database, not in a transaction: nothing may be written
			// before the refusal.
			_, err := weighing.Record(ctx, f.st, f.ibu, d, today)
			assert.ErrorIs(t, err, weighing.ErrSameDay)
			assert.Equal(t, 2, count(t, f.db, `SELECT count(*) FROM measurements`))
			assert.Equal(t, 2, count(t, f.db, `SELECT count(*) FROM measurements WHERE superseded_by IS NULL AND deleted_at IS NULL`))
			assert.Equal(t, 2, count(t, f.db, `SELECT count(*) FROM audit_log`))
			got := f.current(t)
			assert.InDelta(t, 6.9, got[1].WeightKg, 1e-9)
			assert.Equal(t, first.Saved.ID, got[1].ID)
		})
	}
}

func TestRecordReplacesTheDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	first := f.mustRecord(t, f.draft("2024-05-10", 6.9))

	d := f.draft("2024-05-10", 7.1)
	d.Replaces = first.Saved.ID
	r := f.mustRecord(t, d)
	require.NotNil(t, r.Replaced)
	assert.Equal(t, first.Saved.ID, r.Replaced.ID)
	assert.InDelta(t, 6.9, r.Replaced.WeightKg, 1e-9)
	assert.NotEqual(t, first.Saved.ID, r.Saved.ID)

	cur := f.current(t)
	require.Len(t, cur, 1)
	assert.Equal(t, r.Saved.ID, cur[0].ID)
	assert.InDelta(t, 7.1, cur[0].WeightKg, 1e-9)
	assertScores(t, expect(f.child, d.Inputs), cur[0])

	hist, err := f.st.MeasurementHistory(ctx, f.child.ID)
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, []int64{first.Saved.ID, r.Saved.ID}, []int64{hist[0].ID, hist[1].ID})
	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'measurement.corrected' AND subject = $1`,
		fmt.Sprintf("measurement:%d", r.Saved.ID)))
}

func TestCorrectionTurnsALaterNIntoT(t *testing.T) {
	t.Parallel()
	f := newFamily(t)
	march := f.mustRecord(t, f.draft("2024-03-10", 5.0)) // 2 months: B
	april := f.mustRecord(t, f.draft("2024-04-10", 5.9)) // 3 months, KBM 800: +900 g, N
	may := f.mustRecord(t, f.draft("2024-05-10", 6.3))   // 4 months, KBM 600: +400 g, T
	require.Equal(t, growth.TrendN, april.Saved.Status.Trend)
	require.Equal(t, growth.TrendT, may.Saved.Status.Trend)
	require.False(t, may.Saved.Status.TwoT)

	d := f.draft("2024-03-10", 5.5)
	d.Replaces = march.Saved.ID
	f.mustRecord(t, d)

	cur := f.current(t)
	require.Len(t, cur, 3)
	assert.Equal(t, growth.TrendB, cur[0].Status.Trend)
	assert.Equal(t, april.Saved.ID, cur[1].ID)
	assert.Equal(t, growth.TrendT, cur[1].Status.Trend, "April gained 400 g against a KBM of 800 g")
	assert.Equal(t, 400, cur[1].Status.GainGrams)
	assert.Equal(t, 800, cur[1].Status.KBMGrams)
	assert.True(t, cur[2].Status.TwoT, "May is now the second T in a row")
	assert.True(t, cur[2].Referral.Has(growth.ReasonTwoT))
	var trend string
	require.NoError(t, f.db.Get(&trend, `SELECT trend FROM measurements WHERE id = $1`, april.Saved.ID))
	assert.Equal(t, "T", trend)
}

// updates counts the measurements a Record rewrites.
type updates struct {
	*store.Store
	ids []int64
}

func (u *updates) UpdateComputed(ctx context.Context, m child.Measurement) error {
	u.ids = append(u.ids, m.ID)
	return u.Store.UpdateComputed(ctx, m)
}

// Recording writes the new measurement once, with everything computed, and
// rewrites only the others whose computed values it changes: none when a
// weighing comes after the rest, the later ones when it corrects an
// earlier day.
func TestRecordRewritesOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	f := newFamily(t)
	record := func(d weighing.Draft) []int64 {
		t.Helper()
		var u updates
		require.NoError(t, inTx(t, f.db, func(st *store.Store) error {
			u.Store = st
			_, err := weighing.Record(context.Background(), &u, f.ibu, d, today)
			return err
		}))
		return u.ids
	}
	assert.Empty(t, record(f.draft("2024-03-10", 5.0)))
	assert.Empty(t, record(f.draft("2024-04-10", 5.9)))
	assert.Empty(t, record(f.draft("2024-05-10", 6.3)), "a later weighing changes nothing before it")
	before := f.current(t)
	d := f.draft("2024-03-10", 5.5)
	d.Replaces = before[0].ID
	assert.Equal(t, []int64{before[1].ID, before[2].ID}, record(d),
		"April's gain and May's 2T follow from March; March itself is a new row")
}

func TestRemove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	march := f.mustRecord(t, f.draft("2024-03-10", 5.0))
	april := f.mustRecord(t, f.draft("2024-04-10", 5.9))
	require.Equal(t, growth.TrendN, april.Saved.Status.Trend)

	require.NoError(t, inTx(t, f.db, func(st *store.Store) error {
		return weighing.Remove(ctx, st, f.ibu, f.child.ID, march.Saved.ID)
	}))

	c, ms, err := weighing.History(ctx, f.st, f.ibu, f.child.ID)
	require.NoError(t, err)
	assert.Equal(t, f.child, c)
	require.Len(t, ms, 1)
	assert.Equal(t, april.Saved.ID, ms[0].ID)
	assert.Equal(t, growth.TrendB, ms[0].Status.Trend, "April is the first weighing now")
	assert.Zero(t, ms[0].Status.GainGrams)
	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM measurements WHERE id = $1 AND deleted_at IS NOT NULL`, march.Saved.ID))
	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM measurements WHERE id = $1 AND trend = 'B' AND gain_g IS NULL`, april.Saved.ID))
	assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'measurement.removed' AND subject = $1`,
		fmt.Sprintf("measurement:%d", march.Saved.ID)))

	t.Run("twice", func(t *testing.T) {
		assert.ErrorIs(t, weighing.Remove(ctx, f.st, f.ibu, f.child.ID, march.Saved.ID), child.ErrNotFound)
	})
	t.Run("a measurement of another child", func(t *testing.T) {
		theirs, err := f.st.InsertMeasurement(ctx, child.Measurement{ChildID: f.otherChild, On: day("2024-03-10"),
			WeightKg: 5, Source: child.AtHome}, 0)
		require.NoError(t, err)
		assert.ErrorIs(t, weighing.Remove(ctx, f.st, f.ibu, f.child.ID, theirs), child.ErrNotFound)
		assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM measurements WHERE id = $1 AND deleted_at IS NULL`, theirs))
	})
}

func TestSomeoneElsesChild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	mine := f.mustRecord(t, f.draft("2024-03-10", 5.0))

	tcs := []struct {
		name  string
		actor policy.Actor
		id    int64
	}{
		{"another parent", f.otherParent, f.child.ID},
		{"a forged id", f.ibu, f.child.ID + 1000},
		{"no one", policy.Actor{}, f.child.ID},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			d := f.draft("2024-04-10", 5.9)
			d.ChildID = tc.id
			_, err := weighing.Preview(ctx, f.st, tc.actor, d, today)
			assert.ErrorIs(t, err, child.ErrNotFound, "preview")
			_, err = weighing.Record(ctx, f.st, tc.actor, d, today)
			assert.ErrorIs(t, err, child.ErrNotFound, "record")
			assert.ErrorIs(t, weighing.Remove(ctx, f.st, tc.actor, tc.id, mine.Saved.ID), child.ErrNotFound, "remove")
			assert.ErrorIs(t, weighing.Reevaluate(ctx, f.st, tc.actor, tc.id), child.ErrNotFound, "reevaluate")
			_, ms, err := weighing.History(ctx, f.st, tc.actor, tc.id)
			assert.ErrorIs(t, err, child.ErrNotFound, "history")
			assert.Nil(t, ms)
			assert.Equal(t, 1, count(t, f.db, `SELECT count(*) FROM measurements WHERE deleted_at IS NULL`))
		})
	}

	t.Run("the kader of the posyandu may measure", func(t *testing.T) {
		d := f.draft("2024-04-10", 5.9)
		d.Inputs.Source = child.AtPosyandu
		r, err := f.record(t, f.kader, d)
		require.NoError(t, err)
		assert.Equal(t, f.kader.UserID, f.current(t)[1].RecordedBy)
		assert.Equal(t, growth.TrendN, r.Saved.Status.Trend)
	})
}

func TestDraftErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	tcs := []struct {
		name string
		d    weighing.Draft
		want error
	}{
		{"tomorrow", f.draft("2025-06-11", 12), child.ErrDateInFuture},
		{"before birth", f.draft("2024-01-09", 3.3), child.ErrBeforeBirth},
		{"nothing measured", f.draft("2024-05-10", 0), weighing.ErrNothingMeasured},
		{"only head circumference", weighing.Draft{ChildID: f.child.ID, Inputs: child.Measurement{On: day("2024-05-10"),
			HeadCm: 41, Source: child.AtHome}}, weighing.ErrNothingMeasured},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := weighing.Preview(ctx, f.st, f.ibu, tc.d, today)
			assert.ErrorIs(t, err, tc.want, "preview")
			_, err = weighing.Record(ctx, f.st, f.ibu, tc.d, today)
			assert.ErrorIs(t, err, tc.want, "record")
			assert.Zero(t, count(t, f.db, `SELECT count(*) FROM measurements`))
		})
	}
	t.Run("the day of birth and today are fine", func(t *testing.T) {
		f.mustRecord(t, f.draft("2024-01-10", 3.3))
		f.mustRecord(t, f.draft("2025-06-10", 11.8))
		assert.Len(t, f.current(t), 2)
	})
}

func TestReevaluateAfterABirthDateCorrection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFamily(t)
	f.mustRecord(t, f.draft("2024-03-10", 5.0))
	april := f.mustRecord(t, f.draft("2024-04-10", 5.9))
	require.Equal(t, 800, april.Saved.Status.KBMGrams, "3 months")

	f.child.BirthDate = day("2024-02-10")
	require.NoError(t, f.st.UpdateChild(ctx, f.child))
	require.NoError(t, weighing.Reevaluate(ctx, f.st, f.ibu, f.child.ID))

	cur := f.current(t)
	require.Len(t, cur, 2)
	assertScores(t, expect(f.child, cur[1]), cur[1])
	assert.Equal(t, 900, cur[1].Status.KBMGrams, "2 months now")
	assert.Equal(t, growth.TrendN, cur[1].Status.Trend)
}

// A Replaces that is not the day's own measurement replaces nothing: not
// another family's row, not an earlier day of the same child.
func TestReplacesOnlyTheSameDay(t *testing.T) {
	t.Parallel()
	f := newFamily(t)
	earlier := f.mustRecord(t, f.draft("2024-05-10", 6.9))
	var theirs int64
	require.NoError(t, inTx(t, f.db, func(st *store.Store) error {
		r, err := weighing.Record(context.Background(), st, f.otherParent, weighing.Draft{ChildID: f.otherChild,
			Inputs: child.Measurement{On: day("2024-05-10"), WeightKg: 7, Source: child.AtHome}}, today)
		theirs = r.Saved.ID
		return err
	}))

	for _, replaces := range []int64{theirs, earlier.Saved.ID} {
		d := f.draft("2024-06-10", 7.2)
		d.Replaces = replaces
		r := f.mustRecord(t, d)
		assert.Nil(t, r.Replaced)
		require.NoError(t, inTx(t, f.db, func(st *store.Store) error {
			return weighing.Remove(context.Background(), st, f.ibu, f.child.ID, r.Saved.ID)
		}))
	}
	assert.Len(t, f.current(t), 1, "the earlier day stays current")
	other, err := f.st.Measurements(context.Background(), f.otherChild)
	require.NoError(t, err)
	require.Len(t, other, 1, "the other family's weighing stays current")
	assert.Equal(t, theirs, other[0].ID)
}
