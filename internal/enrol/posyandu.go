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

// PosyanduStore is what the posyandu use cases need of storage.
type PosyanduStore interface {
	Store
	SetParentPhone(ctx context.Context, childID int64, phone string) error
	UserByPhone(ctx context.Context, phone string) (int64, error)
	ParentPhone(ctx context.Context, childID int64) (string, error)
	UserPhone(ctx context.Context, userID int64) (string, error)
}

var _ PosyanduStore = (*store.Store)(nil)

// ErrNotYourPosyandu: the actor is no kader of that posyandu.
var ErrNotYourPosyandu = errors.New("not a kader of that posyandu")

// RegisterAtPosyandu stores a child a cadre meets at the posyandu, with the
// parent's phone number when given. It returns the child and, when someone
// is registered with that number, their user id, to ask them whether the
// child is theirs (they are linked only if they say yes).
func RegisterAtPosyandu(ctx context.Context, st PosyanduStore, actor policy.Actor, posyanduID int64, nc NewChild,
	phone string, today time.Time) (child.Child, int64, error) {
	if !policy.ServesPosyandu(actor, posyanduID) {
		return child.Child{}, 0, ErrNotYourPosyandu
	}
	name, err := person.ParseName(nc.Name)
	if err != nil {
		return child.Child{}, 0, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err := child.CheckBirthDate(nc.BirthDate, today); err != nil {
		return child.Child{}, 0, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if !nc.Sex.Valid() {
		return child.Child{}, 0, fmt.Errorf("%w: sex %q", ErrInvalid, nc.Sex)
	}
	if phone != "" {
		if phone, err = person.ParsePhone(phone); err != nil {
			return child.Child{}, 0, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	c := child.Child{Name: name, Sex: nc.Sex, BirthDate: child.Day(nc.BirthDate), PosyanduID: posyanduID}
	if c.ID, err = st.InsertChild(ctx, c, actor.UserID); err != nil {
		return child.Child{}, 0, err
	}
	if err := st.SetParentPhone(ctx, c.ID, phone); err != nil {
		return child.Child{}, 0, err
	}
	if err := st.Audit(ctx, userActor(actor), "child.registered_at_posyandu", childSubject(c.ID),
		map[string]any{"posyandu_id": posyanduID, "parent_phone_given": phone != ""}); err != nil {
		return child.Child{}, 0, err
	}
	if phone == "" {
		return c, 0, nil
	}
	parent, err := st.UserByPhone(ctx, phone)
	if errors.Is(err, store.ErrNotFound) {
		return c, 0, nil
	}
	return c, parent, err
}

// ClaimChild links the actor as guardian of a child a cadre registered
// with the actor's phone number, after the actor said the child is theirs.
// A child registered with another number is child.ErrNotFound.
func ClaimChild(ctx context.Context, st PosyanduStore, actor policy.Actor, childID int64, rel child.Relation) (child.Child, error) {
	ca, err := st.ChildWithAccess(ctx, childID)
	if errors.Is(err, store.ErrNotFound) {
		return child.Child{}, child.ErrNotFound
	}
	if err != nil {
		return child.Child{}, err
	}
	want, err := st.ParentPhone(ctx, childID)
	if err != nil {
		return child.Child{}, err
	}
	have, err := st.UserPhone(ctx, actor.UserID)
	if err != nil {
		return child.Child{}, err
	}
	if want == "" || want != have {
		return child.Child{}, child.ErrNotFound
	}
	if !rel.Valid() {
		return child.Child{}, fmt.Errorf("%w: relation %q", ErrInvalid, rel)
	}
	if err := st.AddGuardian(ctx, childID, actor.UserID, rel); err != nil {
		return child.Child{}, err
	}
	if !actor.Has(policy.Parent) {
		if err := st.AddGrant(ctx, actor.UserID, policy.Grant{Role: policy.Parent}); err != nil {
			return child.Child{}, err
		}
	}
	return ca.Child, st.Audit(ctx, userActor(actor), "child.claimed", childSubject(childID), map[string]any{"relation": rel})
}

// DeclineChild records that a child registered with the actor's phone is
// not theirs: the number is taken off the child, so nobody is asked again,
// and the cadre's record stays.
func DeclineChild(ctx context.Context, st PosyanduStore, actor policy.Actor, childID int64) error {
	want, err := st.ParentPhone(ctx, childID)
	if errors.Is(err, store.ErrNotFound) {
		return child.ErrNotFound
	}
	if err != nil {
		return err
	}
	have, err := st.UserPhone(ctx, actor.UserID)
	if err != nil {
		return err
	}
	if want == "" || want != have {
		return child.ErrNotFound
	}
	if err := st.SetParentPhone(ctx, childID, ""); err != nil {
		return err
	}
	return st.Audit(ctx, userActor(actor), "child.claim_declined", childSubject(childID), nil)
}
