package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
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
	// Templates per language: tablet reminders have TabletTemplates, with
	// their day filled in; pregnancy messages one a week, from
	// FirstPregnancyWeek to LastPregnancyWeek, with Placeholder for the
	// pregnancy id.
	Templates []json.RawMessage
	// FirstDay is the day of the first tablet template.
	FirstDay time.Time
	// PregnancyTotal is the count of tablets of a pregnancy.
	PregnancyTotal int
	// Part and Parts split the tablet plans by user id (user_id % Parts =
	// Part), so that ticks can queue a large batch on several connections
	// at once; Parts 0 is one part.
	Part, Parts int
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
// deadline (or with no template), and queues the others with the payload
// of payload, an expression over a row of todo.
func reminderTail(payload, usable string) string {
	return `
	skipped AS (
		INSERT INTO reminder_skips (dedupe_key, user_id, due_at, recorded_at)
		SELECT key, user_id, due_at, $1 FROM todo
		WHERE ($1 >= deadline OR NOT (` + usable + `)) AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = todo.key)
		ON CONFLICT DO NOTHING
		RETURNING 1
	), queued AS (
		INSERT INTO outbox (chat_id, kind, priority, payload, dedupe_key, due_at)
		SELECT chat_id, 'reminder', 0, ` + payload + `, key, due_at
		FROM todo WHERE $1 < deadline AND ` + usable + `
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
		RETURNING 1
	)
	SELECT (SELECT count(*) FROM queued), (SELECT count(*) FROM skipped)`
}

// filled is a text template with Placeholder replaced by fill and the chat
// id set; dated is a ready JSON template picked by the day's offset, the
// chat id added (no text is parsed per row).
var (
	filled = reminderTail(`jsonb_set(CAST(replace((CAST($5 AS text[]))[idx], '`+Placeholder+`', fill) AS jsonb), '{chat_id}', to_jsonb(chat_id))`, `true`)
	dated  = reminderTail(`(CAST($5 AS jsonb[]))[idx]`, `off BETWEEN 0 AND `+fmt.Sprint(TabletDays-1))
)

// TabletDays is how many days the tablet templates of a Batch cover, from
// Batch.FirstDay: the day before, the day of and the day after the tick in
// WIB cover every Indonesian zone.
const TabletDays = 3

// TabletTemplates is the number of tablet templates per language: daily or
// weekly, with or without the nudge, for each of TabletDays days, in that
// order (the day varies fastest).
const TabletTemplates = 2 * 2 * TabletDays

// userChat joins a row's user to their chat, language and zone.
const userChat = `
	JOIN users u ON u.id = p.user_id
	JOIN chats c ON c.chat_id = u.chat_id
	LEFT JOIN regions g ON g.code = u.region_code`

// QueueTablets handles every tablet plan whose next reminder is due at
// b.Now, in one statement: it moves the plan to its following reminder (a
// day or a week on, in the person's zone: the change of a plan sets it
// afresh) and, unless the plan is paused, the reminders are stopped, the chat
// blocked the bot, the dose is already taken or the tablets are all taken,
// queues the reminder under the key ttd:<user>:<day> (or records it
// skipped when found after its day's deadline). A tick that meets a plan
// another tick is moving waits for it, then finds it no longer due (or, in
// a catch-up, due with its following reminder). Missed reminders come one
// per tick each, so a long outage is worked through in order.
func QueueTablets(ctx context.Context, q Querier, b Batch) (Queued, error) {
	query := `
	WITH moved AS (
		UPDATE ttd_plans p SET next_due_at =
			((p.next_due_at AT TIME ZONE z.tz) + CASE WHEN p.weekly THEN interval '7 days' ELSE interval '1 day' END) AT TIME ZONE z.tz
		FROM (SELECT u.id, u.chat_id, COALESCE(g.timezone, 'Asia/Jakarta') AS tz FROM users u LEFT JOIN regions g ON g.code = u.region_code) z
		WHERE z.id = p.user_id AND p.next_due_at <= $1 AND p.user_id % $6 = $7
		RETURNING p.user_id, p.next_due_at AS next_at, p.weekly, p.started_on, p.paused, p.taken, z.chat_id, z.tz
	), live AS (
		SELECT m.user_id, m.chat_id, m.weekly, m.started_on, m.taken, m.tz, COALESCE(c.language, 'id') AS lang, d.due_at,
			CAST(d.due_at AT TIME ZONE m.tz AS date) AS day, CASE WHEN m.weekly THEN 7 ELSE 1 END AS step
		FROM moved m JOIN chats c ON c.chat_id = m.chat_id,
			LATERAL (SELECT (m.next_at AT TIME ZONE m.tz - CASE WHEN m.weekly THEN interval '7 days' ELSE interval '1 day' END) AT TIME ZONE m.tz AS due_at) d
		WHERE NOT m.paused AND c.blocked_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = m.user_id AND s.kind IN ('all', 'ttd'))
	), todo AS (
		SELECT l.user_id, l.chat_id, l.due_at, l.day - CAST($8 AS date) AS off,
			'ttd:' || l.user_id || ':' || to_char(l.day, 'YYYY-MM-DD') AS key,
			(l.day + make_interval(secs => $2)) AT TIME ZONE l.tz AS deadline,
			` + langIndex + ` * ` + fmt.Sprint(TabletTemplates) + ` + CAST(l.weekly AS int) * ` + fmt.Sprint(2*TabletDays) + `
				+ (l.day - CAST($8 AS date)) + 1 + ` + fmt.Sprint(TabletDays) + ` * CAST(
				l.day - 3 * l.step >= l.started_on
				AND NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = l.user_id
					AND x.dose_date IN (l.day - l.step, l.day - 2 * l.step, l.day - 3 * l.step))
				AND (l.day - 4 * l.step < l.started_on OR EXISTS (SELECT 1 FROM ttd_doses x
					WHERE x.user_id = l.user_id AND x.dose_date = l.day - 4 * l.step))
			AS int) AS idx
		FROM live l
		WHERE NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = l.user_id AND x.dose_date = l.day)
			AND l.taken < CASE WHEN l.weekly THEN ` + fmt.Sprint(GirlsTabletTotal) + ` ELSE $3 END
	), ` + dated
	parts := max(b.Parts, 1)
	out, err := queueBulk(ctx, q, query, b, parts, b.Part, b.FirstDay.Format("2006-01-02"))
	if err != nil {
		return Queued{}, fmt.Errorf("queue tablet reminders (part %d of %d): %w", b.Part, parts, err)
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
		SELECT d.user_id, u.chat_id, d.due_at, d.dose_date - CAST($6 AS date) AS off,
			'ttd:' || d.user_id || ':' || to_char(d.dose_date, 'YYYY-MM-DD') || ':later' AS key,
			(d.dose_date + make_interval(secs => $2)) AT TIME ZONE COALESCE(g.timezone, 'Asia/Jakarta') AS deadline,
			(COALESCE(array_position(CAST($4 AS text[]), COALESCE(c.language, 'id')), 1) - 1) * ` + fmt.Sprint(TabletTemplates) + `
				+ CAST(COALESCE(p.weekly, false) AS int) * ` + fmt.Sprint(2*TabletDays) + ` + (d.dose_date - CAST($6 AS date)) + 1 AS idx
		FROM due d JOIN users u ON u.id = d.user_id JOIN chats c ON c.chat_id = u.chat_id
		LEFT JOIN regions g ON g.code = u.region_code
		LEFT JOIN ttd_plans p ON p.user_id = d.user_id
		WHERE c.blocked_at IS NULL AND $3 = $3
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = d.user_id AND s.kind IN ('all', 'ttd'))
			AND NOT EXISTS (SELECT 1 FROM ttd_doses x WHERE x.user_id = d.user_id AND x.dose_date = d.dose_date)
	), ` + dated
	out, err := queueBulk(ctx, q, query, b, b.FirstDay.Format("2006-01-02"))
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
	), ` + filled
	out, err := queueBulk(ctx, q, query, b)
	if err != nil {
		return Queued{}, fmt.Errorf("queue pregnancy messages: %w", err)
	}
	return out, nil
}

// Due says which producers have something due.
type Due struct {
	Tablets, Snoozes, Pregnancy, Posyandu, Plan, PosGizi bool
}

// Any reports whether anything is due.
func (d Due) Any() bool {
	return d.Tablets || d.Snoozes || d.Pregnancy || d.Posyandu || d.Plan || d.PosGizi
}

// PlanAhead is how far ahead posyandu days are planned; a schedule planned
// less than PlanAhead/2 ahead is planned further by the next tick.
const PlanAhead = 120 * 24 * time.Hour

// RemindersDue looks whether any schedule row is due at now, so an idle
// tick costs one round trip: by index, but for tablet plans a scan of
// ttd_plans (20-30 ms for 100,000 plans), which keeps the evening update of
// every plan HOT (migration 0010).
func RemindersDue(ctx context.Context, q Querier, now time.Time) (Due, error) {
	const query = `SELECT
		EXISTS (SELECT 1 FROM ttd_plans WHERE next_due_at <= $1),
		EXISTS (SELECT 1 FROM ttd_snoozes WHERE due_at <= $1),
		EXISTS (SELECT 1 FROM pregnancies WHERE status = 'active' AND next_due_at <= $1),
		EXISTS (SELECT 1 FROM posyandu_days WHERE status = 'planned' AND NOT eve_done AND eve_at <= $1)
			OR EXISTS (SELECT 1 FROM posyandu_days WHERE status = 'planned' AND NOT morning_done AND morning_at <= $1)
			OR EXISTS (SELECT 1 FROM posyandu_days WHERE cancel_pending),
		EXISTS (SELECT 1 FROM posyandu_schedules WHERE planned_until < CAST($2 AS date)),
		EXISTS (SELECT 1 FROM pos_gizi_sessions WHERE NOT done AND reminder_at <= $1)`
	var d Due
	if err := q.QueryRowxContext(ctx, query, now, now.Add(PlanAhead/2).Format("2006-01-02")).Scan(&d.Tablets, &d.Snoozes, &d.Pregnancy, &d.Posyandu, &d.Plan, &d.PosGizi); err != nil {
		return Due{}, fmt.Errorf("look for due reminders: %w", err)
	}
	return d, nil
}

// queueBulk runs a producer's statement with the JIT compiler off: for
// these plans it costs more (most of a second) than it saves.
//
// The tablet reminders' payload is the template itself, with chat_id 0:
// the sender takes the chat from the outbox row, so no JSON is rebuilt per
// row.
//
// The tablet reminders' payload is the template itself, with no chat_id:
// the sender takes the chat from the outbox row, so no JSON is rebuilt per
// row.
func queueBulk(ctx context.Context, q Querier, query string, b Batch, extra ...any) (Queued, error) {
	var out Queued
	args := append([]any{b.Now, b.QuietStart.Seconds(), b.PregnancyTotal, pq.StringArray(b.Langs), b.templates()}, extra...)
	db, ok := q.(*sqlx.DB)
	if !ok { // already in the caller's transaction
		err := q.QueryRowxContext(ctx, query, args...).Scan(&out.Queued, &out.Skipped)
		return out, err
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return out, err
	}
	defer func() { _ = tx.Rollback() }()
	// Not waiting for the commit to reach the disk is safe here: a crash
	// loses the queued rows and the moved schedules together, and the next
	// tick queues them again.
	if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off; SET LOCAL synchronous_commit = off`); err != nil {
		return out, err
	}
	err = tx.QueryRowxContext(ctx, query, args...).Scan(&out.Queued, &out.Skipped)
	if err != nil {
		return out, err
	}
	return out, tx.Commit()
}
