// Package scheduler turns what is due into outbox rows: tablet reminders,
// "remind me in an hour", weekly pregnancy messages. A tick takes the time
// as an argument and may run on every replica at once, or twice after a
// crash: each reminder goes in under a unique dedupe key, and each
// schedule row is taken by one tick (FOR UPDATE SKIP LOCKED) and moved to
// its next occurrence in the same statement.
package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Renderer turns flow replies into Telegram calls in a language; bot
// provides it.
type Renderer interface {
	Render(lang string, chatID int64, replies []flows.Reply) ([]outbox.Message, error)
}

// Scheduler produces reminders.
type Scheduler struct {
	db     *sqlx.DB
	render Renderer
	log    *slog.Logger
	// Langs are the languages to render templates in (the first is the default).
	Langs []string
	// Quiet are the quiet hours; a day's reminder found after they start
	// is skipped.
	Quiet schedule.Quiet
	// Supplement is the tablet of pregnancy.
	Supplement flows.Supplement
	// Parallel is how many connections queue tablet reminders at once,
	// each for its share of the people (2: a big evening batch goes out in
	// about half the time on a database with two cores or more).
	Parallel int
}

// New returns a scheduler with the default quiet hours and TTD.
func New(db *sqlx.DB, render Renderer, langs []string, log *slog.Logger) *Scheduler {
	return &Scheduler{db: db, render: render, log: log, Langs: langs, Quiet: schedule.DefaultQuiet,
		Supplement: flows.Supplement{Name: "TTD", Total: 90}, Parallel: 2}
}

// Report is what a tick queued and skipped, by producer.
type Report struct {
	Tablets, Snoozes, Pregnancy, Posyandu, PosGizi store.Queued
}

// Queued is how many reminders the tick queued in all.
func (r Report) Queued() int64 {
	return r.Tablets.Queued + r.Snoozes.Queued + r.Pregnancy.Queued + r.Posyandu.Queued + r.PosGizi.Queued
}

// Skipped is how many reminders the tick found too late and recorded.
func (r Report) Skipped() int64 {
	return r.Tablets.Skipped + r.Snoozes.Skipped + r.Pregnancy.Skipped + r.Posyandu.Skipped + r.PosGizi.Skipped
}

// Tick queues everything due at now. It is safe to run concurrently and
// repeatedly: nothing is queued twice.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (Report, error) {
	var r Report
	due, err := store.RemindersDue(ctx, s.db, now)
	if err != nil || !due.Any() {
		return r, err
	}
	b := store.Batch{Now: now, QuietStart: s.Quiet.Start, Langs: s.Langs, PregnancyTotal: s.Supplement.Total}
	if due.Tablets || due.Snoozes {
		y, m, d := now.In(schedule.Zone("")).Date()
		b.FirstDay = time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC)
		if b.Templates, err = s.tabletTemplates(b.FirstDay); err != nil {
			return r, err
		}
	}
	if due.Tablets {
		if r.Tablets, err = s.tablets(ctx, b); err != nil {
			return r, err
		}
	}
	if due.Snoozes {
		if r.Snoozes, err = store.QueueSnoozes(ctx, s.db, b); err != nil {
			return r, err
		}
	}
	if due.Pregnancy {
		if b.Templates, err = s.pregnancyTemplates(); err != nil {
			return r, err
		}
		if r.Pregnancy, err = store.QueuePregnancyWeeks(ctx, s.db, b); err != nil {
			return r, err
		}
	}
	if due.Plan {
		if err := s.planAhead(ctx, now); err != nil {
			return r, err
		}
		due.Posyandu = true // days just planned may be due
	}
	if due.Posyandu {
		if r.Posyandu, err = s.posyandu(ctx, b); err != nil {
			return r, err
		}
	}
	if due.PosGizi {
		if r.PosGizi, err = s.posGizi(ctx, b); err != nil {
			return r, err
		}
	}
	return r, nil
}

// tablets queues the tablet reminders in Parallel parts at once.
func (s *Scheduler) tablets(ctx context.Context, b store.Batch) (store.Queued, error) {
	n := max(s.Parallel, 1)
	results := make([]store.Queued, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		part := b
		part.Part, part.Parts = i, n
		wg.Go(func() { results[i], errs[i] = store.QueueTablets(ctx, s.db, part) })
	}
	wg.Wait()
	var total store.Queued
	for _, r := range results {
		total.Queued += r.Queued
		total.Skipped += r.Skipped
	}
	return total, errors.Join(errs...)
}

// Run ticks every interval until ctx ends, logging failures.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration, clock func() time.Time) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		r, err := s.Tick(ctx, clock())
		if err != nil && ctx.Err() == nil {
			s.log.Warn("scheduler tick failed", "error", err)
		} else if r.Queued() > 0 || r.Skipped() > 0 {
			s.log.Info("reminders queued", "queued", r.Queued(), "skipped", r.Skipped())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// placeholder is store.Placeholder as a number, for button data (a test
// checks they agree).
const placeholder = 99999999

// tabletTemplates renders the tablet reminders, per language: daily then
// weekly, each without and with the nudge, each for the store.TabletDays
// days from first (the day before the tick in WIB). The tip changes with
// the day.
func (s *Scheduler) tabletTemplates(first time.Time) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for _, lang := range s.Langs {
		for _, weekly := range []bool{false, true} {
			sup := s.Supplement
			if weekly {
				sup = flows.GirlsSupplement
			}
			for _, nudge := range []bool{false, true} {
				for d := range store.TabletDays {
					day := first.AddDate(0, 0, d)
					id, _ := strconv.ParseInt(day.Format("20060102"), 10, 64)
					p, err := s.one(lang, flows.TabletReminder(sup, id, nudge, day.YearDay()))
					if err != nil {
						return nil, err
					}
					out = append(out, p)
				}
			}
		}
	}
	return out, nil
}

// pregnancyTemplates renders the weekly messages, per language, week by week.
func (s *Scheduler) pregnancyTemplates() ([]json.RawMessage, error) {
	var out []json.RawMessage
	for _, lang := range s.Langs {
		for w := store.FirstPregnancyWeek; w <= store.LastPregnancyWeek; w++ {
			p, err := s.one(lang, flows.PregnancyWeek(w, placeholder))
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *Scheduler) one(lang string, r flows.Reply) (json.RawMessage, error) {
	msgs, err := s.render.Render(lang, 0, []flows.Reply{r})
	if err != nil {
		return nil, fmt.Errorf("render reminder in %s: %w", lang, err)
	}
	if len(msgs) != 1 {
		return nil, fmt.Errorf("reminder in %s renders as %d messages", lang, len(msgs))
	}
	return outbox.Encode(msgs[0])
}
