package conversation

import (
	"context"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func dayInfo(d store.PosyanduDay) flows.PosyanduDayInfo {
	loc := schedule.Zone(d.TimeZone)
	return flows.PosyanduDayInfo{ID: d.ID, Posyandu: d.Posyandu, Day: d.Day,
		Start: d.StartsAt.In(loc).Format("15.04"), End: d.EndsAt.In(loc).Format("15.04"), Place: d.Place}
}

func (s *services) PosyanduDays(ctx context.Context, posyanduID int64, now time.Time) ([]flows.PosyanduDayInfo, error) {
	if _, err := s.kaderOf(ctx, posyanduID); err != nil {
		return nil, err
	}
	days, err := store.UpcomingPosyanduDays(ctx, s.tx.Querier(), posyanduID, now, 4)
	if err != nil {
		return nil, err
	}
	out := make([]flows.PosyanduDayInfo, len(days))
	for i, d := range days {
		out[i] = dayInfo(d)
	}
	return out, nil
}

func (s *services) PlanPosyandu(ctx context.Context, posyanduID int64, p schedule.PosyanduPlan, now time.Time) error {
	if _, err := s.kaderOf(ctx, posyanduID); err != nil {
		return err
	}
	return scheduler.PlanPosyandu(ctx, s.tx.Querier(), posyanduID, p, now)
}

func (s *services) CancelPosyanduDay(ctx context.Context, dayID int64) (flows.PosyanduDayInfo, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return flows.PosyanduDayInfo{}, err
	}
	d, err := store.CancelPosyanduDay(ctx, s.tx.Querier(), dayID, kaderPosyandu(a))
	if err != nil {
		return flows.PosyanduDayInfo{}, notFound(err)
	}
	return dayInfo(d), nil
}
