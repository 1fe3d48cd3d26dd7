// Package weighing holds the use cases about measurements: check a new one
// before it is stored, record it (or correct the day's earlier one), remove
// one, and read a child's history. Everything computed from a measurement
// (z-scores, categories, N/T, referral) is computed here, when it is
// written, for the whole history of the child at once.
package weighing

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Store is what these use cases need of storage.
type Store interface {
	ChildFor(ctx context.Context, actor policy.Actor, action policy.Action, id int64) (store.ChildAccess, error)
	Measurements(ctx context.Context, childID int64) ([]child.Measurement, error)
	InsertMeasurement(ctx context.Context, m child.Measurement, replaces int64) (int64, error)
	UpdateComputed(ctx context.Context, m child.Measurement) error
	DeleteMeasurement(ctx context.Context, id int64) error
	Audit(ctx context.Context, actor, action, subject string, details map[string]any) error
}

var _ Store = (*store.Store)(nil)

// Errors for the caller to explain.
var (
	// ErrSameDay: the child already has a measurement that day; record it
	// again with Replace set to that measurement's id to correct it.
	ErrSameDay = errors.New("child already measured that day")
	// ErrNothingMeasured: neither weight nor length was given.
	ErrNothingMeasured = errors.New("nothing measured")
)

// Draft is a measurement as entered: its inputs, not yet computed.
type Draft struct {
	ChildID  int64
	Inputs   child.Measurement // On, WeightKg, LenHeiCm, Position, HeadCm, ArmCm, Oedema, Source
	Replaces int64             // the same day's measurement this corrects, or 0
	// ReplaceSameDay corrects the day's measurement, whichever it is (a
	// cadre's "koreksi" line), instead of naming it in Replaces.
	ReplaceSameDay bool
}

// Check is what a draft would give, computed but not stored.
type Check struct {
	Child child.Child
	// Assessed is the draft with everything computed as if it were stored.
	Assessed child.Measurement
	// SameDay is the child's current measurement on that day, if any.
	SameDay *child.Measurement
	// Previous is the latest weighing before the draft's day, if any.
	Previous *child.Measurement
}

// Preview computes a draft without storing it, so the person can confirm
// an unusual value or the replacement of the day's earlier measurement.
func Preview(ctx context.Context, st Store, actor policy.Actor, d Draft, today time.Time) (Check, error) {
	c, history, err := prepare(ctx, st, actor, d, today)
	if err != nil {
		return Check{}, err
	}
	check := Check{Child: c}
	d.Inputs = positioned(c, d.Inputs)
	history, check.SameDay = withDraft(history, d)
	child.Evaluate(c, history)
	check.Assessed = *find(history, 0)
	check.Previous = previousWeighing(history, d.Inputs.On)
	return check, nil
}

// Recorded is a stored measurement with what its result message needs.
type Recorded struct {
	Child    child.Child
	Saved    child.Measurement
	Previous *child.Measurement
	// Replaced is the day's earlier measurement: corrected by this one, or,
	// with ErrSameDay, the one standing in the way.
	Replaced *child.Measurement
	// Guardians are the user ids of the child's guardians, to tell them.
	Guardians []int64
}

// Record stores a draft with everything computed, and updates the computed
// values of the child's other measurements that it changes (a correction
// can turn a later N into a T). It returns ErrSameDay, with nothing stored,
// when the day already has a measurement that Replaces does not name.
func Record(ctx context.Context, st Store, actor policy.Actor, d Draft, today time.Time) (Recorded, error) {
	ca, history, err := prepareAccess(ctx, st, actor, d, today)
	if err != nil {
		return Recorded{}, err
	}
	c := ca.Child
	before := slices.Clone(history)
	d.Inputs = positioned(c, d.Inputs)
	history, sameDay := withDraft(history, d)
	if sameDay != nil && d.ReplaceSameDay {
		d.Replaces = sameDay.ID
	}
	if sameDay != nil && sameDay.ID != d.Replaces {
		return Recorded{Child: c, Replaced: sameDay},
			fmt.Errorf("child %d on %s: %w", c.ID, d.Inputs.On.Format(time.DateOnly), ErrSameDay)
	}
	if sameDay == nil {
		// Only the day's own measurement can be replaced; one removed
		// meanwhile leaves nothing to replace.
		d.Replaces = 0
	}
	child.Evaluate(c, history)
	saved := find(history, 0)
	saved.ChildID, saved.RecordedBy = c.ID, actor.UserID
	if saved.ID, err = st.InsertMeasurement(ctx, *saved, d.Replaces); err != nil {
		return Recorded{}, err
	}
	if err := updateChanged(ctx, st, before, history); err != nil {
		return Recorded{}, err
	}
	action := "measurement.recorded"
	if sameDay != nil {
		action = "measurement.corrected"
	}
	if err := st.Audit(ctx, fmt.Sprintf("user:%d", actor.UserID), action, fmt.Sprintf("measurement:%d", saved.ID),
		map[string]any{"child_id": c.ID, "source": saved.Source}); err != nil {
		return Recorded{}, err
	}
	return Recorded{Child: c, Saved: *saved, Previous: previousWeighing(history, saved.On), Replaced: sameDay,
		Guardians: ca.Policy.Guardians}, nil
}

// Remove deletes (softly) a current measurement of a child the actor may
// edit, and re-evaluates the rest of the history.
func Remove(ctx context.Context, st Store, actor policy.Actor, childID, measurementID int64) error {
	c, err := allowed(ctx, st, actor, policy.EditChild, childID)
	if err != nil {
		return err
	}
	history, err := st.Measurements(ctx, c.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(history, func(m child.Measurement) bool { return m.ID == measurementID })
	if i < 0 {
		return child.ErrNotFound
	}
	if err := st.DeleteMeasurement(ctx, measurementID); err != nil {
		return err
	}
	before := slices.Delete(slices.Clone(history), i, i+1)
	after := slices.Clone(before)
	child.Evaluate(c, after)
	if err := updateChanged(ctx, st, before, after); err != nil {
		return err
	}
	return st.Audit(ctx, fmt.Sprintf("user:%d", actor.UserID), "measurement.removed",
		fmt.Sprintf("measurement:%d", measurementID), map[string]any{"child_id": c.ID})
}

// Reevaluate recomputes every measurement of a child, after a correction of
// the child's sex or birth date.
func Reevaluate(ctx context.Context, st Store, actor policy.Actor, childID int64) error {
	c, err := allowed(ctx, st, actor, policy.EditChild, childID)
	if err != nil {
		return err
	}
	history, err := st.Measurements(ctx, c.ID)
	if err != nil {
		return err
	}
	after := slices.Clone(history)
	child.Evaluate(c, after)
	return updateChanged(ctx, st, history, after)
}

// History returns a child the actor may view and its current measurements,
// oldest first.
func History(ctx context.Context, st Store, actor policy.Actor, childID int64) (child.Child, []child.Measurement, error) {
	c, err := allowed(ctx, st, actor, policy.ViewChild, childID)
	if err != nil {
		return child.Child{}, nil, err
	}
	ms, err := st.Measurements(ctx, c.ID)
	return c, ms, err
}

func prepare(ctx context.Context, st Store, actor policy.Actor, d Draft, today time.Time) (child.Child, []child.Measurement, error) {
	ca, history, err := prepareAccess(ctx, st, actor, d, today)
	return ca.Child, history, err
}

// prepareAccess checks a draft and loads the child and its history. A
// length whose position is unknown is taken as the child's age says (lying
// under two years).
func prepareAccess(ctx context.Context, st Store, actor policy.Actor, d Draft, today time.Time) (store.ChildAccess, []child.Measurement, error) {
	ca, err := st.ChildFor(ctx, actor, policy.MeasureChild, d.ChildID)
	if err != nil {
		return store.ChildAccess{}, nil, err
	}
	if d.Inputs.WeightKg <= 0 && d.Inputs.LenHeiCm <= 0 {
		return store.ChildAccess{}, nil, ErrNothingMeasured
	}
	if err := child.CheckMeasureDate(d.Inputs.On, ca.Child.BirthDate, today); err != nil {
		return store.ChildAccess{}, nil, err
	}
	history, err := st.Measurements(ctx, ca.Child.ID)
	return ca, history, err
}

func allowed(ctx context.Context, st Store, actor policy.Actor, action policy.Action, id int64) (child.Child, error) {
	ca, err := st.ChildFor(ctx, actor, action, id)
	return ca.Child, err
}

// withDraft returns the history with the draft in place of the same day's
// measurement (which it also returns), the draft having ID 0.
func withDraft(history []child.Measurement, d Draft) ([]child.Measurement, *child.Measurement) {
	var sameDay *child.Measurement
	out := make([]child.Measurement, 0, len(history)+1)
	day := child.Day(d.Inputs.On)
	for _, m := range history {
		if m.On.Equal(day) {
			m := m
			sameDay = &m
			continue
		}
		out = append(out, m)
	}
	draft := d.Inputs
	draft.ID, draft.ChildID, draft.On = 0, d.ChildID, day
	return append(out, draft), sameDay
}

// positioned fills in how a length was measured when the draft does not
// say: as the child's age on the day says.
func positioned(c child.Child, m child.Measurement) child.Measurement {
	if m.LenHeiCm > 0 && m.Position == growth.PositionUnknown {
		m.Position = child.DefaultPosition(c.BirthDate, m.On)
	}
	return m
}

func find(history []child.Measurement, id int64) *child.Measurement {
	for i := range history {
		if history[i].ID == id {
			return &history[i]
		}
	}
	return nil
}

// previousWeighing is the latest measurement with a weight before day.
func previousWeighing(history []child.Measurement, day time.Time) *child.Measurement {
	var prev *child.Measurement
	for i := range history {
		m := history[i]
		if m.WeightKg > 0 && m.On.Before(child.Day(day)) && (prev == nil || m.On.After(prev.On)) {
			prev = &m
		}
	}
	return prev
}

// updateChanged writes the computed values of the measurements in before
// that differ in after. A measurement only in after is the one just
// inserted, with its computed values already.
func updateChanged(ctx context.Context, st Store, before, after []child.Measurement) error {
	old := make(map[int64]child.Measurement, len(before))
	for _, m := range before {
		old[m.ID] = m
	}
	for _, m := range after {
		if o, ok := old[m.ID]; !ok || sameComputed(o, m) {
			continue
		}
		if err := st.UpdateComputed(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func sameComputed(a, b child.Measurement) bool {
	a.Status.AgeMonths, b.Status.AgeMonths = 0, 0
	if a.Status.Trend != "N" && a.Status.Trend != "T" {
		a.Status.GainGrams, a.Status.KBMGrams = 0, 0
	}
	if b.Status.Trend != "N" && b.Status.Trend != "T" {
		b.Status.GainGrams, b.Status.KBMGrams = 0, 0
	}
	return a.AgeDays == b.AgeDays && a.ZLen == b.ZLen && a.ZWei == b.ZWei && a.ZWfl == b.ZWfl &&
		a.ZBMI == b.ZBMI && a.ZHC == b.ZHC && a.ZAC == b.ZAC && a.CatWFA == b.CatWFA &&
		a.CatHFA == b.CatHFA && a.CatWFH == b.CatWFH && a.CatBMI == b.CatBMI &&
		a.Status == b.Status && a.Referral == b.Referral
}
