package conversation

import (
	"context"
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/referral"
)

// The referral loop, backed by internal/referral in the turn's transaction.

func (s *services) CreateReferral(ctx context.Context, measurementID int64, now time.Time) (flows.ReferralInfo, bool, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.ReferralInfo{}, false, err
	}
	st := s.tx.Store()
	r, created, err := referral.Create(ctx, st, a, measurementID, now)
	if errors.Is(err, referral.ErrNoReason) {
		return flows.ReferralInfo{}, false, flows.ErrNoReferralReason
	}
	if err != nil {
		return flows.ReferralInfo{}, false, err
	}
	info := referral.Info(r, a)
	if info.Nakes, err = referral.Nakes(ctx, st, r); err != nil {
		return flows.ReferralInfo{}, false, err
	}
	return info, created, nil
}

func (s *services) Referral(ctx context.Context, id int64) (flows.ReferralInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.ReferralInfo{}, err
	}
	r, err := referral.Get(ctx, s.tx.Store(), a, id, policy.ViewReferral)
	if err != nil {
		return flows.ReferralInfo{}, err
	}
	return referral.Info(r, a), nil
}

func (s *services) MoveReferral(ctx context.Context, step flows.ReferralStep, now time.Time) (flows.ReferralInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.ReferralInfo{}, err
	}
	r, err := referral.Apply(ctx, s.tx.Store(), a, referral.Move{ID: step.ID, To: referral.Status(step.To),
		Finding: referral.Finding(step.Finding), Note: step.Note, Treatment: referral.Treatment(step.Treatment)}, now)
	if errors.Is(err, referral.ErrMoved) || errors.Is(err, referral.ErrInvalid) {
		return referral.Info(r, a), flows.ErrReferralMoved
	}
	if err != nil {
		return flows.ReferralInfo{}, err
	}
	return referral.Info(r, a), nil
}

func (s *services) OpenReferrals(ctx context.Context) ([]flows.ReferralInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := referral.Open(ctx, s.tx.Store(), a)
	if err != nil {
		return nil, err
	}
	out := make([]flows.ReferralInfo, len(rs))
	for i, r := range rs {
		out[i] = referral.Info(r, a)
	}
	return out, nil
}
