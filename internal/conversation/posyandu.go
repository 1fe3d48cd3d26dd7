package conversation

import (
	"context"
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/enrol"
	"github.com/tumbuh-id/tumbuh/internal/person"
	"github.com/tumbuh-id/tumbuh/internal/policy"
)

// The cadre's session and the parent's claim, backed by the use cases.

func (s *services) KaderPosyandu(ctx context.Context) ([]flows.Place, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	ids := kaderPosyandu(a)
	if len(ids) == 0 {
		return nil, nil
	}
	return places(s.tx.Store().PosyanduNames(ctx, ids))
}

// kaderPosyandu lists the ids of the posyandu the actor is a kader of.
func kaderPosyandu(a policy.Actor) []int64 {
	var ids []int64
	for _, g := range a.Grants {
		if g.Role == policy.Kader && g.PosyanduID != 0 {
			ids = append(ids, g.PosyanduID)
		}
	}
	return ids
}

// kaderOf checks the actor serves the posyandu; forged ids see nothing.
func (s *services) kaderOf(ctx context.Context, posyanduID int64) (policy.Actor, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return policy.Actor{}, err
	}
	if !policy.ServesPosyandu(a, posyanduID) {
		return policy.Actor{}, flows.ErrNotFound
	}
	return a, nil
}

func (s *services) PosyanduChildren(ctx context.Context, posyanduID int64, day time.Time) ([]flows.PosyanduChild, error) {
	if _, err := s.kaderOf(ctx, posyanduID); err != nil {
		return nil, err
	}
	kids, err := s.tx.Store().PosyanduChildren(ctx, posyanduID, day)
	if err != nil {
		return nil, err
	}
	out := make([]flows.PosyanduChild, len(kids))
	for i, k := range kids {
		out[i] = flows.PosyanduChild{Child: k.Child, Number: k.Number, Weighed: k.Weighed, Flagged: k.Flagged}
	}
	return out, nil
}

func (s *services) SessionCounts(ctx context.Context, posyanduID int64, day time.Time) (flows.DayCounts, error) {
	if _, err := s.kaderOf(ctx, posyanduID); err != nil {
		return flows.DayCounts{}, err
	}
	c, err := s.tx.Store().PosyanduDayCounts(ctx, posyanduID, day)
	return flows.DayCounts{Weighed: c.Weighed, Referral: c.Referral}, err
}

func (s *services) Guardians(ctx context.Context, childID int64) ([]int64, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	ca, err := s.tx.Store().ChildWithAccess(ctx, childID)
	if err != nil {
		return nil, err
	}
	if !policy.CanChild(a, policy.ViewChild, ca.Policy) {
		return nil, flows.ErrNotFound
	}
	return ca.Policy.Guardians, nil
}

func (s *services) RegisterChildAtPosyandu(ctx context.Context, posyanduID int64, nc flows.NewChild, phone string,
	today time.Time) (child.Child, int64, error) {
	a, err := s.kaderOf(ctx, posyanduID)
	if err != nil {
		return child.Child{}, 0, err
	}
	c, parent, err := enrol.RegisterAtPosyandu(ctx, s.tx.Store(), a, posyanduID, enrol.NewChild(nc), phone, today)
	if errors.Is(err, person.ErrPhoneInvalid) {
		return child.Child{}, 0, flows.ErrInvalidPhone
	}
	return c, parent, err
}

func (s *services) ClaimChild(ctx context.Context, childID int64, rel child.Relation) (child.Child, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return child.Child{}, err
	}
	c, err := enrol.ClaimChild(ctx, s.tx.Store(), a, childID, rel)
	s.forget()
	return c, err
}

func (s *services) DeclineChild(ctx context.Context, childID int64) error {
	a, err := s.actor(ctx)
	if err != nil {
		return err
	}
	return enrol.DeclineChild(ctx, s.tx.Store(), a, childID)
}

func (s *services) ChildrenAwaiting(ctx context.Context) ([]child.Child, error) {
	u, err := s.CurrentUser(ctx)
	if err != nil || u == nil {
		return nil, err
	}
	return s.tx.Store().ChildrenAwaitingParent(ctx, u.ID)
}
