package scheduler

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// PlanPosyandu sets a posyandu's schedule, on q (the caller's transaction
// or the database): a recurring plan replaces the schedule, plans its days
// for store.PlanAhead and cancels the planned days it no longer has (those
// already reminded are told); a plan of one date adds that day (again, if
// it was cancelled). It returns the days planned from now on.
func PlanPosyandu(ctx context.Context, q store.Querier, posyanduID int64, p schedule.PosyanduPlan, now time.Time) error {
	tz, err := store.On(q).PosyanduZone(ctx, posyanduID)
	if err != nil {
		return err
	}
	if p.RRule == "" {
		return store.AddPosyanduDays(ctx, q, posyanduID, []time.Time{p.Date}, p.Start, p.End, p.Place, true)
	}
	until := now.Add(store.PlanAhead)
	days, err := p.Days(now, until, schedule.Zone(tz))
	if err != nil {
		return err
	}
	if err := store.On(q).SetPosyanduSchedule(ctx, posyanduID, p.RRule, p.Start, p.End, p.Place, until); err != nil {
		return err
	}
	if err := store.CancelPosyanduDays(ctx, q, posyanduID, now, days); err != nil {
		return err
	}
	return store.AddPosyanduDays(ctx, q, posyanduID, days, p.Start, p.End, p.Place, false)
}

// planAhead plans the days of every schedule planned less than half of
// store.PlanAhead ahead.
func (s *Scheduler) planAhead(ctx context.Context, now time.Time) error {
	todo, err := store.SchedulesToPlan(ctx, s.db, now.Add(store.PlanAhead/2))
	if err != nil {
		return err
	}
	for _, sc := range todo {
		loc := schedule.Zone(sc.TimeZone)
		until := now.Add(store.PlanAhead)
		from := time.Date(sc.PlannedUntil.Year(), sc.PlannedUntil.Month(), sc.PlannedUntil.Day()+1, 0, 0, 0, 0, loc)
		p := schedule.PosyanduPlan{RRule: sc.RRule, Start: sc.Start, End: sc.End, Place: sc.Place}
		days, err := p.Days(from, until, loc)
		if err != nil {
			return fmt.Errorf("plan posyandu %d: %w", sc.PosyanduID, err)
		}
		if err := store.AddPosyanduDays(ctx, s.db, sc.PosyanduID, days, sc.Start, sc.End, sc.Place, false); err != nil {
			return err
		}
		if err := store.MarkPlanned(ctx, s.db, sc.PosyanduID, until); err != nil {
			return err
		}
	}
	return nil
}

// posyandu queues the posyandu day reminders due at now. The eve and
// morning reminders wait out the quiet hours of the posyandu's zone; a
// cancellation does not (it changes tomorrow's plans).
func (s *Scheduler) posyandu(ctx context.Context, b store.Batch) (store.Queued, error) {
	var total store.Queued
	due, err := store.DuePosyanduDays(ctx, s.db, b.Now)
	if err != nil {
		return total, err
	}
	for _, d := range due {
		loc := schedule.Zone(d.TimeZone)
		if d.Which != store.PosyanduCancel && s.Quiet.In(b.Now, loc) {
			continue
		}
		info := flows.PosyanduDayInfo{ID: d.ID, Posyandu: d.Posyandu, Day: d.Day,
			Start: d.StartsAt.In(loc).Format("15.04"), End: d.EndsAt.In(loc).Format("15.04"), Place: d.Place}
		if d.MovedTo.Valid {
			info.MovedTo = d.MovedTo.Time
		}
		b.Templates = b.Templates[:0:0]
		for _, lang := range s.Langs {
			p, err := s.one(lang, flows.PosyanduReminder(d.Which, info))
			if err != nil {
				return total, err
			}
			b.Templates = append(b.Templates, json.RawMessage(p))
		}
		q, err := store.QueuePosyanduDay(ctx, s.db, b, d.ID, d.Which)
		if err != nil {
			return total, err
		}
		total.Queued += q.Queued
		total.Skipped += q.Skipped
	}
	return total, nil
}

// PosGiziRound is a pos gizi round to start: sessions from Start (a local
// day, midnight UTC), Sundays left out, at local hours.
type PosGiziRound struct {
	PosyanduID int64
	Start      time.Time
	Sessions   int
	From, To   time.Duration
	Place      string
	Children   []int64
}

// StartPosGizi plans a pos gizi round in one transaction and returns its id.
func StartPosGizi(ctx context.Context, db *sqlx.DB, r PosGiziRound) (int64, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin pos gizi round: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	id, err := PlanPosGizi(ctx, tx, r)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit pos gizi round: %w", err)
	}
	return id, nil
}

// PlanPosGizi plans a pos gizi round in the caller's transaction (a chat
// turn's) and returns its id.
func PlanPosGizi(ctx context.Context, q store.Querier, r PosGiziRound) (int64, error) {
	return store.CreatePosGiziRound(ctx, q, store.PosGiziRound{PosyanduID: r.PosyanduID,
		Days: schedule.SessionDays(r.Start, r.Sessions), Start: r.From, End: r.To, Place: r.Place, Children: r.Children})
}

// posGizi queues the pos gizi session reminders due at now, outside the
// quiet hours of the posyandu's zone.
func (s *Scheduler) posGizi(ctx context.Context, b store.Batch) (store.Queued, error) {
	var total store.Queued
	due, err := store.DuePosGiziSessions(ctx, s.db, b.Now)
	if err != nil {
		return total, err
	}
	for _, d := range due {
		loc := schedule.Zone(d.TimeZone)
		if s.Quiet.In(b.Now, loc) {
			continue
		}
		info := flows.PosyanduDayInfo{Posyandu: d.Posyandu, Day: d.Day,
			Start: d.StartsAt.In(loc).Format("15.04"), End: d.EndsAt.In(loc).Format("15.04"), Place: d.Place}
		b.Templates = b.Templates[:0:0]
		for _, lang := range s.Langs {
			p, err := s.one(lang, flows.PosGiziReminder(d.Number, d.Sessions, info))
			if err != nil {
				return total, err
			}
			b.Templates = append(b.Templates, json.RawMessage(p))
		}
		q, err := store.QueuePosGiziSession(ctx, s.db, b, d.ID)
		if err != nil {
			return total, err
		}
		total.Queued += q.Queued
		total.Skipped += q.Skipped
	}
	return total, nil
}
