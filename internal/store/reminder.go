package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// Placeholder stands in a reminder template for what differs between
// recipients besides the chat: the dose day (YYYYMMDD) in a tablet
// reminder's buttons, the pregnancy id in a weekly message's.
const Placeholder = "99999999"

// Batch is what a scheduler tick queues with: the tick's time, the start of
// quiet hours (the deadline of a day's reminder), and the rendered
// templates, Placeholder and chat id 0 in them, per language in Langs order.
type Batch struct {
	Now        time.Time
	QuietStart time.Duration
	Langs      []string
	// Templates per language: tablet reminders have 4 (daily, daily with
	// the nudge, weekly, weekly with the nudge); pregnancy messages one a
	// week, from FirstPregnancyWeek to LastPregnancyWeek.
	Templates []json.RawMessage
	// PregnancyTotal is the count of tablets of a pregnancy.
	PregnancyTotal int
}

func (b Batch) templates() pq.StringArray {
	out := make(pq.StringArray, len(b.Templates))
	for i, t := range b.Templates {
		out[i] = string(t)
	}
	return out
}

// Queued is what a producer of a tick did.
type Queued struct {
	Queued, Skipped int64
}

// langIndex is the 0-based position of the chat's language in $langs.
const langIndex = `(COALESCE(array_position(CAST($4 AS text[]), lang), 1) - 1)`

// reminderTail records as skipped the rows of todo found at or after their
// deadline, and queues the others, with the payload picked and filled in.
const reminderTail = `
	skipped AS (
		INSERT INTO reminder_skips (dedupe_key, user_id, due_at, recorded_at)
		SELECT key, user_id, due_at, $1 FROM todo
		WHERE $1 >= deadline AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = todo.key)
		ON CONFLICT DO NOTHING
		RETURNING 1
	), queued AS (
		INSERT INTO outbox (chat_id, kind, priority, payload, dedupe_key, due_at)
		SELECT chat_id, 'reminder', 0,
			jsonb_set(CAST(replace((CAST($5 AS text[]))[idx], '` + Placeholder + `', fill) AS jsonb), '{chat_id}', to_jsonb(chat_id)),
			key, due_at
		FROM todo WHERE $1 < deadline
		ON CONFLICT (dedupe_key) DO NOTHING
		RETURNING 1
	)
	SELECT (SELECT count(*) FROM queued), (SELECT count(*) FROM skipped)`

// userChat joins a row's user to their chat, language and zone.
const userChat = `
	JOIN users u ON u.id = p.user_id
	JOIN chats c ON c.chat_id = u.chat_id
	LEFT JOIN regions g ON g.code = u.region_code`

// QueueTablets handles every tablet plan whose next reminder is due at
// b.Now, in one statement: it moves the plan to its following reminder
// and, unless the plan is paused, the reminders are stopped, the chat
// blocked the bot, the dose is already taken or the tablets are all taken,
// queues the reminder under the key ttd:<user>:<day> (or records it
// skipped when found after its day's deadline). A plan locked by another
// tick is left to it. Missed reminders come one per tick each, so a long
// outage is worked through in order.
func QueueTablets(ctx context.Context, q Querier, b Batch) (Queued, error) {
	query := `
	WITH due AS (
		SELECT p.user_id, p.next_due_at AS due_at, p.weekly, p.started_on, p.paused,
			u.chat_id, COALESCE(c.language, 'id') AS lang, c.blocked_at,
			COALESCE(g.timezone, 'Asia/Jakarta') AS tz
		FROM ttd_plans p ` + userChat + `
		WHERE p.next_due_at <= $1
		FOR UPDATE OF p SKIP LOCKED
	), advanced AS (
		UPDATE ttd_plans p SET next_due_at = ttd_next_due(d.due_at, d.tz, p.remind_at, p.weekly, p.weekday, p.started_on)
		FROM due d WHERE p.user_id = d.user_id
	), live AS (
		SELECT d.*, CAST(d.due_at AT TIME ZONE d.tz AS date) AS day, CASE WHEN d.weekly THEN 7 ELSE 1 END AS step
		FROM due d
		WHERE NOT d.paused AND d.blocked_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = d.user_id AND s.kind IN ('all', 'ttd'))
	), todo AS (
		SELECT l.user_id, l.chat_id, l.due_at, to_char(l.day, 'YYYYMMDD') AS fill,
			'ttd:' || l.user_id || ':' || to_char(l.day, 'YYYY-MM-DD') AS key,
			(l.day + make_interval(secs => $2)) AT TIME ZONE l.tz AS deadline,
			` + langIndex + ` * 4 + CAST(l.weekly AS int) * 2 + 1 + CAST(
				l.day - 3 * l.step >= l.started_on
				AND NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = l.user_id
					AND x.dose_date IN (l.day - l.step, l.day - 2 * l.step, l.day - 3 * l.step))
				AND (l.day - 4 * l.step < l.started_on OR EXISTS (SELECT 1 FROM ttd_doses x
					WHERE x.user_id = l.user_id AND x.dose_date = l.day - 4 * l.step))
			AS int) AS idx
		FROM live l
		WHERE NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = l.user_id AND x.dose_date = l.day)
			AND (SELECT count(*) FROM ttd_doses x WHERE x.user_id = l.user_id AND x.dose_date >= l.started_on)
				< CASE WHEN l.weekly THEN ` + fmt.Sprint(GirlsTabletTotal) + ` ELSE $3 END
	), ` + reminderTail
	var out Queued
	err := q.QueryRowxContext(ctx, query, b.Now, b.QuietStart.Seconds(), b.PregnancyTotal, pq.StringArray(b.Langs), b.templates()).
		Scan(&out.Queued, &out.Skipped)
	if err != nil {
		return Queued{}, fmt.Errorf("queue tablet reminders: %w", err)
	}
	return out, nil
}

// QueueSnoozes queues the "remind me in an hour" reminders due at b.Now
// (with the templates of QueueTablets, never the nudge), under the key
// ttd:<user>:<day>:later, unless the dose was taken meanwhile, reminders
// were stopped or the day's deadline passed (then recorded skipped).
func QueueSnoozes(ctx context.Context, q Querier, b Batch) (Queued, error) {
	query := `
	WITH due AS (
		DELETE FROM ttd_snoozes s WHERE s.due_at <= $1
		RETURNING s.user_id, s.dose_date, s.due_at
	), todo AS (
		SELECT d.user_id, u.chat_id, d.due_at, to_char(d.dose_date, 'YYYYMMDD') AS fill,
			'ttd:' || d.user_id || ':' || to_char(d.dose_date, 'YYYY-MM-DD') || ':later' AS key,
			(d.dose_date + make_interval(secs => $2)) AT TIME ZONE COALESCE(g.timezone, 'Asia/Jakarta') AS deadline,
			(COALESCE(array_position(CAST($4 AS text[]), COALESCE(c.language, 'id')), 1) - 1) * 4
				+ CAST(COALESCE(p.weekly, false) AS int) * 2 + 1 AS idx
		FROM due d JOIN users u ON u.id = d.user_id JOIN chats c ON c.chat_id = u.chat_id
		LEFT JOIN regions g ON g.code = u.region_code
		LEFT JOIN ttd_plans p ON p.user_id = d.user_id
		WHERE c.blocked_at IS NULL AND $3 = $3
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = d.user_id AND s.kind IN ('all', 'ttd'))
			AND NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = d.user_id AND x.dose_date = d.dose_date)
	), ` + reminderTail
	var out Queued
	err := q.QueryRowxContext(ctx, query, b.Now, b.QuietStart.Seconds(), b.PregnancyTotal, pq.StringArray(b.Langs), b.templates()).
		Scan(&out.Queued, &out.Skipped)
	if err != nil {
		return Queued{}, fmt.Errorf("queue snoozed tablet reminders: %w", err)
	}
	return out, nil
}

// QueuePregnancyWeeks queues the weekly pregnancy messages due at b.Now
// under the key hamil:<pregnancy>:<week> and moves each pregnancy to its
// next week (none after LastPregnancyWeek). A message found after its
// day's deadline is recorded skipped.
func QueuePregnancyWeeks(ctx context.Context, q Querier, b Batch) (Queued, error) {
	weeks := LastPregnancyWeek - FirstPregnancyWeek + 1
	query := `
	WITH due AS (
		SELECT p.id, p.user_id, p.next_week AS week, p.next_due_at AS due_at,
			u.chat_id, COALESCE(c.language, 'id') AS lang, c.blocked_at,
			COALESCE(g.timezone, 'Asia/Jakarta') AS tz
		FROM pregnancies p ` + userChat + `
		WHERE p.status = 'active' AND p.next_due_at <= $1
		FOR UPDATE OF p SKIP LOCKED
	), advanced AS (
		UPDATE pregnancies p SET ` + pregnancyNext + `
		FROM (SELECT id, week + 1 AS week FROM due) w WHERE p.id = w.id
	), todo AS (
		SELECT d.user_id, d.chat_id, d.due_at, CAST(d.id AS text) AS fill,
			'hamil:' || d.id || ':' || d.week AS key,
			(CAST(d.due_at AT TIME ZONE d.tz AS date) + make_interval(secs => $2)) AT TIME ZONE d.tz AS deadline,
			` + langIndex + ` * ` + fmt.Sprint(weeks) + ` + d.week - ` + fmt.Sprint(FirstPregnancyWeek) + ` + 1 AS idx
		FROM due d
		WHERE d.blocked_at IS NULL AND $3 = $3
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = d.user_id AND s.kind IN ('all', 'hamil'))
	), ` + reminderTail
	var out Queued
	err := q.QueryRowxContext(ctx, query, b.Now, b.QuietStart.Seconds(), b.PregnancyTotal, pq.StringArray(b.Langs), b.templates()).
		Scan(&out.Queued, &out.Skipped)
	if err != nil {
		return Queued{}, fmt.Errorf("queue pregnancy messages: %w", err)
	}
	return out, nil
}

// Due says which producers have something due.
type Due struct {
	Tablets, Snoozes, Pregnancy bool
}

// Any reports whether anything is due.
func (d Due) Any() bool { return d.Tablets || d.Snoozes || d.Pregnancy }

// RemindersDue looks, by index only, whether any schedule row is due at
// now, so an idle tick costs one round trip.
func RemindersDue(ctx context.Context, q Querier, now time.Time) (Due, error) {
	const query = `SELECT
		EXISTS (SELECT 1 FROM ttd_plans WHERE next_due_at <= $1),
		EXISTS (SELECT 1 FROM ttd_snoozes WHERE due_at <= $1),
		EXISTS (SELECT 1 FROM pregnancies WHERE status = 'active' AND next_due_at <= $1)`
	var d Due
	if err := q.QueryRowxContext(ctx, query, now).Scan(&d.Tablets, &d.Snoozes, &d.Pregnancy); err != nil {
		return Due{}, fmt.Errorf("look for due reminders: %w", err)
	}
	return d, nil
}
