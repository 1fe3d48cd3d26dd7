package conversation

import (
	"context"
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/datarights"
	"github.com/tumbuh-id/tumbuh/internal/enrol"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/weighing"
)

// The flows' children, weigh-in and data-rights services, backed by the
// use cases in the turn's transaction.

var errNoUser = errors.New("no registered user in this chat")

// actor is the person of this chat as policy sees them.
// The actor is loaded once a turn, like the user; forget() drops both.
func (s *services) actor(ctx context.Context) (policy.Actor, error) {
	u, err := s.CurrentUser(ctx)
	if err != nil {
		return policy.Actor{}, err
	}
	if u == nil {
		return policy.Actor{}, errNoUser
	}
	if s.grants != nil && s.grantsOf == u.ID {
		return policy.Actor{UserID: u.ID, Grants: s.grants}, nil
	}
	grants, err := s.tx.Store().Grants(ctx, u.ID)
	if err != nil {
		return policy.Actor{}, err
	}
	s.grants, s.grantsOf = grants, u.ID
	return policy.Actor{UserID: u.ID, Grants: grants}, nil
}

func info(o store.ChildOverview) flows.ChildInfo {
	return flows.ChildInfo{Child: o.Child, Relation: o.Relation, Last: o.Last}
}

func (s *services) Children(ctx context.Context) ([]flows.ChildInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	kids, err := enrol.Children(ctx, s.tx.Store(), a)
	if err != nil {
		return nil, err
	}
	out := make([]flows.ChildInfo, len(kids))
	for i, k := range kids {
		out[i] = info(k)
	}
	return out, nil
}

func (s *services) Child(ctx context.Context, id int64) (flows.ChildInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.ChildInfo{}, err
	}
	c, history, err := weighing.History(ctx, s.tx.Store(), a, id)
	if err != nil {
		return flows.ChildInfo{}, err
	}
	ci := flows.ChildInfo{Child: c}
	if len(history) > 0 {
		last := history[len(history)-1]
		ci.Last = &last
	}
	return ci, nil
}

func (s *services) History(ctx context.Context, childID int64) ([]child.Measurement, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	_, history, err := weighing.History(ctx, s.tx.Store(), a, childID)
	return history, err
}

func (s *services) AddChild(ctx context.Context, nc flows.NewChild, today time.Time) (child.Child, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return child.Child{}, err
	}
	c, err := enrol.AddChild(ctx, s.tx.Store(), a, enrol.NewChild(nc), today)
	s.forget() // adding a first child makes the person a parent
	return c, err
}

func (s *services) CorrectChild(ctx context.Context, id int64, e flows.ChildEdit, today time.Time) (child.Child, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return child.Child{}, err
	}
	c, err := enrol.Correct(ctx, s.tx.Store(), a, id, enrol.Edit(e), today)
	if err != nil {
		return child.Child{}, err
	}
	if !e.BirthDate.IsZero() || e.Sex != "" {
		err = weighing.Reevaluate(ctx, s.tx.Store(), a, id)
	}
	return c, err
}

func (s *services) UnlinkChild(ctx context.Context, id int64) (bool, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return false, err
	}
	return enrol.Unlink(ctx, s.tx.Store(), a, id)
}

func (s *services) RemoveMeasurement(ctx context.Context, childID, measurementID int64) error {
	a, err := s.actor(ctx)
	if err != nil {
		return err
	}
	return weighing.Remove(ctx, s.tx.Store(), a, childID, measurementID)
}

func (s *services) CheckMeasurement(ctx context.Context, d flows.MeasurementDraft, today time.Time) (flows.MeasurementCheck, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.MeasurementCheck{}, err
	}
	c, err := weighing.Preview(ctx, s.tx.Store(), a, weighing.Draft(d), today)
	return flows.MeasurementCheck(c), err
}

func (s *services) RecordMeasurement(ctx context.Context, d flows.MeasurementDraft, today time.Time) (flows.RecordedMeasurement, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.RecordedMeasurement{}, err
	}
	r, err := weighing.Record(ctx, s.tx.Store(), a, weighing.Draft(d), today)
	if errors.Is(err, weighing.ErrSameDay) {
		return flows.RecordedMeasurement(r), flows.ErrSameDay
	}
	return flows.RecordedMeasurement(r), err
}

func (s *services) PlanErase(ctx context.Context) (flows.Erasure, error) {
	e, err := datarights.PlanErase(ctx, s.tx.Store(), s.userID)
	return flows.Erasure(e), err
}

func (s *services) EraseAccount(ctx context.Context) (flows.Erasure, error) {
	e, err := datarights.Erase(ctx, s.tx.Store(), s.userID)
	s.forget()
	return flows.Erasure(e), err
}
