// Package enrol holds the use cases about who a child is: a parent adds a
// child, corrects their details, lists them, or stops following them. Each
// runs in the caller's transaction over the store, checks policy, and is
// shared by the chat, the admin CLI and any later web page.
package enrol

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/person"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Store is what these use cases need of storage.
type Store interface {
	InsertChild(ctx context.Context, c child.Child, createdBy int64) (int64, error)
	UpdateChild(ctx context.Context, c child.Child) error
	AddGuardian(ctx context.Context, childID, userID int64, rel child.Relation) error
	RemoveGuardian(ctx context.Context, childID, userID int64) (bool, error)
	AddGrant(ctx context.Context, userID int64, g policy.Grant) error
	UserPosyandu(ctx context.Context, userID int64) (int64, error)
	ChildWithAccess(ctx context.Context, id int64) (store.ChildAccess, error)
	ChildFor(ctx context.Context, actor policy.Actor, action policy.Action, id int64) (store.ChildAccess, error)
	ChildrenOf(ctx context.Context, userID int64) ([]store.ChildOverview, error)
	Measurements(ctx context.Context, childID int64) ([]child.Measurement, error)
	Audit(ctx context.Context, actor, action, subject string, details map[string]any) error
}

var _ Store = (*store.Store)(nil)

// ErrInvalid wraps a detail of a new child that the rules refuse.
var ErrInvalid = errors.New("invalid child")

// NewChild is what a parent tells about a child.
type NewChild struct {
	Name          string
	Sex           child.Sex
	BirthDate     time.Time
	BirthWeightKg float64
	BirthLengthCm float64
	Relation      child.Relation
}

// AddChild stores a child of the actor, who becomes their guardian (and a
// parent, if they were not one yet). The child joins the actor's posyandu,
// so its cadres can follow them. today is the actor's calendar day.
func AddChild(ctx context.Context, st Store, actor policy.Actor, nc NewChild, today time.Time) (child.Child, error) {
	name, err := person.ParseName(nc.Name)
	if err != nil {
		return child.Child{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err := child.CheckBirthDate(nc.BirthDate, today); err != nil {
		return child.Child{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if !nc.Sex.Valid() || !nc.Relation.Valid() {
		return child.Child{}, fmt.Errorf("%w: sex %q relation %q", ErrInvalid, nc.Sex, nc.Relation)
	}
	posyandu, err := st.UserPosyandu(ctx, actor.UserID)
	if err != nil {
		return child.Child{}, err
	}
	c := child.Child{Name: name, Sex: nc.Sex, BirthDate: child.Day(nc.BirthDate),
		BirthWeightKg: nc.BirthWeightKg, BirthLengthCm: nc.BirthLengthCm, PosyanduID: posyandu}
	if c.ID, err = st.InsertChild(ctx, c, actor.UserID); err != nil {
		return child.Child{}, err
	}
	if err := st.AddGuardian(ctx, c.ID, actor.UserID, nc.Relation); err != nil {
		return child.Child{}, err
	}
	if !actor.Has(policy.Parent) {
		if err := st.AddGrant(ctx, actor.UserID, policy.Grant{Role: policy.Parent}); err != nil {
			return child.Child{}, err
		}
	}
	err = st.Audit(ctx, userActor(actor), "child.added", childSubject(c.ID), map[string]any{"relation": nc.Relation})
	return c, err
}

// Get returns a child the actor may view, or child.ErrNotFound.
func Get(ctx context.Context, st Store, actor policy.Actor, id int64) (child.Child, error) {
	return load(ctx, st, actor, policy.ViewChild, id)
}

// Children lists the actor's own children with their latest measurement.
func Children(ctx context.Context, st Store, actor policy.Actor) ([]store.ChildOverview, error) {
	return st.ChildrenOf(ctx, actor.UserID)
}

// Edit is a correction of a child's details; zero fields stay as they are.
type Edit struct {
	Name      string
	Sex       child.Sex
	BirthDate time.Time
}

// Correct applies an Edit to a child the actor may edit. A new birth date
// is checked like a new child's. The caller re-evaluates measurements when
// the sex or birth date changed (weighing.Reevaluate).
func Correct(ctx context.Context, st Store, actor policy.Actor, id int64, e Edit, today time.Time) (child.Child, error) {
	c, err := load(ctx, st, actor, policy.EditChild, id)
	if err != nil {
		return child.Child{}, err
	}
	if e.Name != "" {
		if c.Name, err = person.ParseName(e.Name); err != nil {
			return child.Child{}, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	if e.Sex != "" {
		if !e.Sex.Valid() {
			return child.Child{}, fmt.Errorf("%w: sex %q", ErrInvalid, e.Sex)
		}
		c.Sex = e.Sex
	}
	if !e.BirthDate.IsZero() {
		if err := child.CheckBirthDate(e.BirthDate, today); err != nil {
			return child.Child{}, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		ms, err := st.Measurements(ctx, c.ID)
		if err != nil {
			return child.Child{}, err
		}
		if len(ms) > 0 && ms[0].On.Before(child.Day(e.BirthDate)) {
			return child.Child{}, fmt.Errorf("%w: %w", ErrInvalid, child.ErrAfterMeasurement)
		}
		c.BirthDate = child.Day(e.BirthDate)
	}
	if err := st.UpdateChild(ctx, c); err != nil {
		return child.Child{}, err
	}
	return c, st.Audit(ctx, userActor(actor), "child.corrected", childSubject(c.ID), nil)
}

// Unlink ends the actor's guardianship of a child. The child's data is
// deleted when no one else follows them (see store.RemoveGuardian). It
// reports whether the child was deleted.
func Unlink(ctx context.Context, st Store, actor policy.Actor, id int64) (bool, error) {
	if _, err := load(ctx, st, actor, policy.UnlinkChild, id); err != nil {
		return false, err
	}
	deleted, err := st.RemoveGuardian(ctx, id, actor.UserID)
	if err != nil {
		return false, err
	}
	return deleted, st.Audit(ctx, userActor(actor), "child.unlinked", childSubject(id), map[string]any{"deleted": deleted})
}

func load(ctx context.Context, st Store, actor policy.Actor, action policy.Action, id int64) (child.Child, error) {
	ca, err := st.ChildFor(ctx, actor, action, id)
	return ca.Child, err
}

func userActor(a policy.Actor) string { return fmt.Sprintf("user:%d", a.UserID) }

func childSubject(id int64) string { return fmt.Sprintf("child:%d", id) }
