package conversation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/broadcast"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// errNotAdmin is a /siaran service called for someone who is not an admin
// (the registry lets only admins start the flow, so it is a bug).
var errNotAdmin = errors.New("broadcasts are for admins")

// adminScope is the region the person oversees as an admin.
func (s *services) adminScope(ctx context.Context) (string, error) {
	a, err := s.actor(ctx)
	if errors.Is(err, errNoUser) {
		return "", errNotAdmin
	}
	if err != nil {
		return "", err
	}
	scope, ok := policy.AdminRegion(a)
	if !ok {
		return "", errNotAdmin
	}
	return scope, nil
}

// draft turns the flow's draft into the use case's: "all of my region" is
// the admin's own region.
func draft(d flows.BroadcastDraft, scope string) broadcast.Draft {
	a := store.Audience{Region: d.Area, Posyandu: d.Posyandu,
		ChildMinMonths: d.ChildMinMonths, ChildMaxMonths: d.ChildMaxMonths}
	if a.Region == "" && a.Posyandu == 0 {
		a.Region = scope
	}
	for _, r := range d.Roles {
		a.Roles = append(a.Roles, string(r))
	}
	return broadcast.Draft{TextID: d.TextID, TextEN: d.TextEN, PhotoFileID: d.PhotoFileID, Audience: a, SendAt: d.SendAt}
}

// broadcastErr maps the use case's refusals onto the flow's.
func broadcastErr(err error) error {
	switch {
	case errors.Is(err, broadcast.ErrOutOfRegion):
		return fmt.Errorf("%w: %w", flows.ErrOutOfRegion, err)
	case errors.Is(err, broadcast.ErrInvalid):
		return fmt.Errorf("%w: %w", flows.ErrBroadcastInvalid, err)
	}
	return err
}

func (s *services) PlanBroadcast(ctx context.Context, d flows.BroadcastDraft, now time.Time) (flows.BroadcastPlan, error) {
	scope, err := s.adminScope(ctx)
	if err != nil {
		return flows.BroadcastPlan{}, err
	}
	bd := draft(d, scope)
	if err := broadcast.Check(ctx, s.tx.Querier(), bd, scope, now); err != nil {
		return flows.BroadcastPlan{}, broadcastErr(err)
	}
	p, err := broadcast.Preview(ctx, s.tx.Querier(), bd, s.rate, now)
	if err != nil {
		return flows.BroadcastPlan{}, err
	}
	return flows.BroadcastPlan{Count: p.Count, ETA: p.ETA}, nil
}

func (s *services) QueueBroadcast(ctx context.Context, d flows.BroadcastDraft, now time.Time) (int64, int, error) {
	scope, err := s.adminScope(ctx)
	if err != nil {
		return 0, 0, err
	}
	id, n, err := broadcast.QueueOn(ctx, s.tx.Querier(), draft(d, scope), scope, s.chatActor(), now)
	if err != nil {
		return 0, 0, broadcastErr(err)
	}
	return id, n, nil
}

func (s *services) BroadcastProgress(ctx context.Context, id int64) (flows.BroadcastReport, error) {
	if _, err := s.adminScope(ctx); err != nil {
		return flows.BroadcastReport{}, err
	}
	return broadcastReport(store.BroadcastProgress(ctx, s.tx.Querier(), id))
}

func (s *services) CancelBroadcast(ctx context.Context, id int64) (flows.BroadcastReport, error) {
	if _, err := s.adminScope(ctx); err != nil {
		return flows.BroadcastReport{}, err
	}
	if _, err := store.BroadcastProgress(ctx, s.tx.Querier(), id); err != nil {
		return broadcastReport(store.BroadcastReport{}, err)
	}
	if err := store.CancelBroadcastOn(ctx, s.tx.Querier(), id); err != nil {
		return flows.BroadcastReport{}, err
	}
	return broadcastReport(store.BroadcastProgress(ctx, s.tx.Querier(), id))
}

func broadcastReport(r store.BroadcastReport, err error) (flows.BroadcastReport, error) {
	if errors.Is(err, store.ErrNotFound) {
		return flows.BroadcastReport{}, flows.ErrNotFound
	}
	if err != nil {
		return flows.BroadcastReport{}, err
	}
	return flows.BroadcastReport{ID: r.ID, Cancelled: r.Status == store.BroadcastCancelled, Total: r.Total, Sent: r.Sent,
		Blocked: r.Blocked, Failed: r.Failed, Dropped: r.Cancelled, Pending: r.Queued}, nil
}
