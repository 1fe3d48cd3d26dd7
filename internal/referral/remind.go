package referral

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Renderer turns flow replies into Telegram calls in a language (bot's
// Renderer, as conversation.Renderer names it).
type Renderer interface {
	Render(lang string, chatID int64, replies []flows.Reply) ([]outbox.Message, error)
}

// StaleAfter is how long an open referral may stand unmoved before its
// health workers are reminded, once a day.
const StaleAfter = 7 * 24 * time.Hour

// remindPriority puts reminders after replies and notices.
const remindPriority = 1

// reminderZone is the zone whose calendar day a reminder is for: most
// puskesmas are in WIB, and one zone keeps "once a day" one rule.
var reminderZone = time.FixedZone("WIB", 7*3600)

// RemindStale queues a reminder to every health worker of each open
// referral not moved for StaleAfter, at most once a calendar day (WIB) per
// referral and person: each row's dedupe key is
// ref:<referral id>:<YYYY-MM-DD>:<user id>, so running it again the same
// day, on any replica, queues nothing new. It returns how many messages it
// queued. Blocked chats are skipped.
func RemindStale(ctx context.Context, db *sqlx.DB, render Renderer, now time.Time) (int, error) {
	tx, err := store.Begin(ctx, db)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st := tx.Store()
	stale, err := st.StaleReferrals(ctx, now.Add(-StaleAfter))
	if err != nil {
		return 0, err
	}
	day := now.In(reminderZone).Format(time.DateOnly)
	queued := 0
	nakesOf := map[int64][]int64{} // by puskesmas: many referrals share one
	for _, row := range stale {
		// Read again for its measurement, which the card shows. The
		// reminder needs no guardians, so not load's access check.
		full, err := st.Referral(ctx, row.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		r := wrap(full)
		nakes, ok := nakesOf[r.PuskesmasID]
		if !ok {
			if nakes, err = st.NakesOf(ctx, r.PuskesmasID); err != nil {
				return 0, err
			}
			nakesOf[r.PuskesmasID] = nakes
		}
		days := int(now.Sub(r.MovedAt) / (24 * time.Hour))
		reply := flows.ReferralReminder(Info(r, policy.Actor{}), days)
		for _, userID := range nakes {
			n, err := remindOne(ctx, tx, render, userID, reply, fmt.Sprintf("ref:%d:%s:%d", r.ID, day, userID))
			if err != nil {
				return 0, err
			}
			queued += n
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return queued, nil
}

func remindOne(ctx context.Context, tx *store.Tx, render Renderer, userID int64, reply flows.Reply, key string) (int, error) {
	chat, err := tx.Store().ChatOfUser(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if chat.Blocked {
		return 0, nil
	}
	lang := chat.Language
	if lang == "" {
		lang = "id"
	}
	msgs, err := render.Render(lang, chat.ChatID, []flows.Reply{reply})
	if err != nil {
		return 0, fmt.Errorf("render referral reminder to user %d: %w", userID, err)
	}
	entries := make([]store.OutboxEntry, 0, len(msgs))
	for i, m := range msgs {
		p, err := outbox.Encode(m)
		if err != nil {
			return 0, err
		}
		k := key
		if i > 0 {
			k = fmt.Sprintf("%s:%d", key, i)
		}
		entries = append(entries, store.OutboxEntry{ChatID: chat.ChatID, Kind: "reminder", Priority: remindPriority,
			Payload: p, DedupeKey: k})
	}
	ids, err := tx.Enqueue(ctx, entries)
	return len(ids), err
}
