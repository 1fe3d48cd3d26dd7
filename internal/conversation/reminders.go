package conversation

import (
	"context"
	"errors"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// DefaultSupplement is the tablet of pregnancy unless the deployment says
// otherwise: TTD, 90 tablets.
var DefaultSupplement = flows.Supplement{Name: "TTD", Total: 90}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return flows.ErrNotFound
	}
	return err
}

// supplementOf is the tablet of a plan: girls take TTD weekly.
func (s *services) supplementOf(weekly bool) flows.Supplement {
	if weekly {
		return flows.GirlsSupplement
	}
	if s.supplement.Name == "" {
		return DefaultSupplement
	}
	return s.supplement
}

// ensurePlan gives a girl or a pregnant woman the default tablet plan.
func (s *services) ensurePlan(ctx context.Context, userID int64, roles []flows.Role, now time.Time) error {
	pregnant, girl := false, false
	for _, r := range roles {
		pregnant = pregnant || r == flows.RolePregnant
		girl = girl || r == flows.RoleAdolescent
	}
	if !pregnant && !girl {
		return nil
	}
	_, err := s.tx.Store().EnsureTabletPlan(ctx, userID, !pregnant, false, now)
	return err
}

func (s *services) me(ctx context.Context) (*flows.User, error) {
	u, err := s.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, flows.ErrNotFound
	}
	return u, nil
}

func (s *services) TabletStatus(ctx context.Context, now time.Time) (flows.TabletStatus, error) {
	u, err := s.me(ctx)
	if err != nil {
		return flows.TabletStatus{}, err
	}
	p, err := s.tx.Store().TabletPlan(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		if err := s.ensurePlan(ctx, u.ID, u.Roles, now); err != nil {
			return flows.TabletStatus{}, err
		}
		p, err = s.tx.Store().TabletPlan(ctx, u.ID)
	}
	if err != nil {
		return flows.TabletStatus{}, notFound(err)
	}
	return flows.TabletStatus{Weekly: p.Weekly, Weekday: p.Weekday, RemindAt: p.RemindAt, Paused: p.Paused,
		Taken: p.Taken, Supplement: s.supplementOf(p.Weekly)}, nil
}

func (s *services) RecordDose(ctx context.Context, day, now time.Time) (flows.Dose, error) {
	u, err := s.me(ctx)
	if err != nil {
		return flows.Dose{}, err
	}
	p, err := s.tx.Store().TabletPlan(ctx, u.ID)
	if err != nil {
		return flows.Dose{}, notFound(err)
	}
	sup := s.supplementOf(p.Weekly)
	n, added, err := s.tx.Store().RecordDose(ctx, u.ID, day, sup.Total, now)
	if err != nil {
		return flows.Dose{}, err
	}
	full := !added && p.Taken >= sup.Total
	if full {
		taken, terr := s.tx.Store().DoseTaken(ctx, u.ID, day)
		if terr != nil {
			return flows.Dose{}, terr
		}
		full = !taken
	}
	return flows.Dose{Number: n, Added: added, Full: full, Supplement: sup}, nil
}

func (s *services) SnoozeDose(ctx context.Context, day, at time.Time) (bool, error) {
	u, err := s.me(ctx)
	if err != nil {
		return false, err
	}
	return s.tx.Store().SnoozeDose(ctx, u.ID, day, at)
}

func (s *services) ChangeTablets(ctx context.Context, c flows.TabletChange, now time.Time) error {
	u, err := s.me(ctx)
	if err != nil {
		return err
	}
	return notFound(s.tx.Store().ChangeTabletPlan(ctx, u.ID, store.PlanChange{Weekday: c.Weekday, RemindAt: c.RemindAt, Paused: c.Paused}, now))
}

func (s *services) MyKaders(ctx context.Context) ([]int64, error) {
	u, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	return s.tx.Store().KadersOfUser(ctx, u.ID)
}

func (s *services) Pregnancy(ctx context.Context) (flows.PregnancyInfo, error) {
	u, err := s.me(ctx)
	if err != nil {
		return flows.PregnancyInfo{}, err
	}
	p, err := s.tx.Store().ActivePregnancy(ctx, u.ID)
	if err != nil {
		return flows.PregnancyInfo{}, notFound(err)
	}
	return flows.PregnancyInfo{ID: p.ID, LMP: p.LMP}, nil
}

func (s *services) StartPregnancy(ctx context.Context, lmp, today, now time.Time) (flows.PregnancyInfo, error) {
	u, err := s.me(ctx)
	if err != nil {
		return flows.PregnancyInfo{}, err
	}
	_, err = s.tx.Store().ActivePregnancy(ctx, u.ID)
	fresh := errors.Is(err, store.ErrNotFound)
	if err != nil && !fresh {
		return flows.PregnancyInfo{}, err
	}
	p, err := s.tx.Store().StartPregnancy(ctx, u.ID, lmp, today)
	if err != nil {
		return flows.PregnancyInfo{}, err
	}
	// A new pregnancy starts the tablet count again; a corrected date does not.
	if _, err := s.tx.Store().EnsureTabletPlan(ctx, u.ID, false, fresh, now); err != nil {
		return flows.PregnancyInfo{}, err
	}
	return flows.PregnancyInfo{ID: p.ID, LMP: p.LMP}, nil
}

func (s *services) EndPregnancy(ctx context.Context, id int64, status string, now time.Time) error {
	u, err := s.me(ctx)
	if err != nil {
		return err
	}
	if _, err = s.tx.Store().EndPregnancy(ctx, u.ID, id, status, now); err != nil {
		return notFound(err)
	}
	if status != "lost" {
		return nil
	}
	// After a loss the pregnancy's tablet reminders stop too; /ttd can resume them.
	paused := true
	err = s.tx.Store().ChangeTabletPlan(ctx, u.ID, store.PlanChange{Paused: &paused}, now)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

func (s *services) StopReminders(ctx context.Context, kind string) error {
	u, err := s.me(ctx)
	if err != nil {
		return err
	}
	return s.tx.Store().StopReminders(ctx, u.ID, kind)
}

func (s *services) ResumeReminders(ctx context.Context) error {
	u, err := s.me(ctx)
	if err != nil {
		return err
	}
	return s.tx.Store().ResumeReminders(ctx, u.ID)
}
