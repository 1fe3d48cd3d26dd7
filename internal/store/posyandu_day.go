package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// PosyanduDay is one planned (or cancelled) posyandu day.
type PosyanduDay struct {
	ID         int64     `db:"id"`
	PosyanduID int64     `db:"posyandu_id"`
	Posyandu   string    `db:"posyandu"`
	Day        time.Time `db:"day"` // midnight UTC of the local day
	StartsAt   time.Time `db:"starts_at"`
	EndsAt     time.Time `db:"ends_at"`
	Place      string    `db:"place"`
	Status     string    `db:"status"`
	TimeZone   string    `db:"tz"`
}

// posyanduZone is the zone of posyandu p.
const posyanduZone = `COALESCE((SELECT g.timezone FROM posyandu y JOIN regions g ON g.code = y.region_code WHERE y.id = $1), 'Asia/Jakarta')`

// PosyanduZone returns the IANA zone of a posyandu's region.
func (s *Store) PosyanduZone(ctx context.Context, posyanduID int64) (string, error) {
	var tz string
	if err := s.q.GetContext(ctx, &tz, `SELECT `+posyanduZone, posyanduID); err != nil {
		return "", fmt.Errorf("zone of posyandu %d: %w", posyanduID, err)
	}
	return tz, nil
}

// hhmm is a time of day for SQL.
func hhmm(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// SetPosyanduSchedule stores the posyandu's recurring schedule, replacing
// any; its days are planned until plannedUntil by AddPosyanduDays.
func (s *Store) SetPosyanduSchedule(ctx context.Context, posyanduID int64, rrule string, start, end time.Duration, place string, plannedUntil time.Time) error {
	const q = `
		INSERT INTO posyandu_schedules (posyandu_id, rrule, starts, ends, place, planned_until)
		VALUES ($1, $2, CAST($3 AS time), CAST($4 AS time), $5, $6)
		ON CONFLICT (posyandu_id) DO UPDATE SET rrule = EXCLUDED.rrule, starts = EXCLUDED.starts, ends = EXCLUDED.ends,
			place = EXCLUDED.place, planned_until = EXCLUDED.planned_until, updated_at = now()`
	if _, err := s.q.ExecContext(ctx, q, posyanduID, rrule, hhmm(start), hhmm(end), place, plannedUntil); err != nil {
		return fmt.Errorf("set schedule of posyandu %d: %w", posyanduID, err)
	}
	return nil
}

// PosyanduSchedule is a stored recurring schedule.
type PosyanduSchedule struct {
	PosyanduID   int64         `db:"posyandu_id"`
	RRule        string        `db:"rrule"`
	Start        time.Duration `db:"-"`
	End          time.Duration `db:"-"`
	StartSecs    int64         `db:"starts"`
	EndSecs      int64         `db:"ends"`
	Place        string        `db:"place"`
	PlannedUntil time.Time     `db:"planned_until"`
	TimeZone     string        `db:"tz"`
}

// SchedulesToPlan lists the schedules planned only up to before horizon.
func SchedulesToPlan(ctx context.Context, q Querier, horizon time.Time) ([]PosyanduSchedule, error) {
	const query = `
		SELECT s.posyandu_id, s.rrule, EXTRACT(EPOCH FROM s.starts)::bigint AS starts, EXTRACT(EPOCH FROM s.ends)::bigint AS ends,
			s.place, s.planned_until, COALESCE(g.timezone, 'Asia/Jakarta') AS tz
		FROM posyandu_schedules s JOIN posyandu y ON y.id = s.posyandu_id LEFT JOIN regions g ON g.code = y.region_code
		WHERE s.planned_until < $1`
	var out []PosyanduSchedule
	if err := q.SelectContext(ctx, &out, query, horizon); err != nil {
		return nil, fmt.Errorf("schedules to plan: %w", err)
	}
	for i := range out {
		out[i].Start, out[i].End = time.Duration(out[i].StartSecs)*time.Second, time.Duration(out[i].EndSecs)*time.Second
	}
	return out, nil
}

// MarkPlanned records that a schedule's days are planned until until.
func MarkPlanned(ctx context.Context, q Querier, posyanduID int64, until time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE posyandu_schedules SET planned_until = $2 WHERE posyandu_id = $1 AND planned_until < $2`, posyanduID, until); err != nil {
		return fmt.Errorf("mark posyandu %d planned: %w", posyanduID, err)
	}
	return nil
}

// Posyandu reminders: the afternoon before and the morning itself, local.
const (
	posyanduEve     = "15:00"
	posyanduMorning = "06:00"
)

// AddPosyanduDays plans days of a posyandu (midnight UTC of local days)
// with local hours and place. A day already planned gets the new hours and
// place; a cancelled one is planned again only when revive is set (a date
// listed by hand), not by its schedule.
func AddPosyanduDays(ctx context.Context, q Querier, posyanduID int64, days []time.Time, start, end time.Duration, place string, revive bool) error {
	texts := make([]string, len(days))
	for i, d := range days {
		texts[i] = d.Format("2006-01-02")
	}
	query := `
		WITH z AS (SELECT ` + posyanduZone + ` AS tz)
		INSERT INTO posyandu_days (posyandu_id, day, starts_at, ends_at, place, eve_at, morning_at)
		SELECT $1, d, (d + CAST($3 AS time)) AT TIME ZONE z.tz, (d + CAST($4 AS time)) AT TIME ZONE z.tz, $5,
			((d - 1) + CAST('` + posyanduEve + `' AS time)) AT TIME ZONE z.tz, (d + CAST('` + posyanduMorning + `' AS time)) AT TIME ZONE z.tz
		FROM z, unnest(CAST($2 AS date[])) AS d
		ON CONFLICT (posyandu_id, day) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
			place = EXCLUDED.place, status = 'planned', cancel_pending = false
			WHERE posyandu_days.status = 'planned' OR $6`
	if _, err := q.ExecContext(ctx, query, posyanduID, pq.StringArray(texts), hhmm(start), hhmm(end), place, revive); err != nil {
		return fmt.Errorf("plan days of posyandu %d: %w", posyanduID, err)
	}
	return nil
}

// CancelPosyanduDays cancels the planned days of a posyandu that start
// after now and are not in keep (nil: cancel none but the listed ones in
// only). Those already reminded are told by the scheduler.
func CancelPosyanduDays(ctx context.Context, q Querier, posyanduID int64, now time.Time, keep []time.Time) error {
	texts := make([]string, len(keep))
	for i, d := range keep {
		texts[i] = d.Format("2006-01-02")
	}
	const query = `UPDATE posyandu_days SET status = 'cancelled', cancel_pending = true
		WHERE posyandu_id = $1 AND status = 'planned' AND starts_at > $2 AND day <> ALL (CAST($3 AS date[]))`
	if _, err := q.ExecContext(ctx, query, posyanduID, now, pq.StringArray(texts)); err != nil {
		return fmt.Errorf("cancel days of posyandu %d: %w", posyanduID, err)
	}
	return nil
}

// CancelPosyanduDay cancels one planned day by id, of one of posyanduIDs;
// ErrNotFound when there is none such.
func CancelPosyanduDay(ctx context.Context, q Querier, dayID int64, posyanduIDs []int64) (PosyanduDay, error) {
	const query = `UPDATE posyandu_days SET status = 'cancelled', cancel_pending = true
		WHERE id = $1 AND posyandu_id = ANY($2) AND status = 'planned'
		RETURNING id, posyandu_id, '' AS posyandu, day, starts_at, ends_at, place, status, '' AS tz`
	var d PosyanduDay
	err := q.GetContext(ctx, &d, query, dayID, pq.Int64Array(posyanduIDs))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("posyandu day %d: %w", dayID, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("cancel posyandu day %d: %w", dayID, err)
	}
	return d, nil
}

// UpcomingPosyanduDays lists a posyandu's planned days that end after now, first n.
func UpcomingPosyanduDays(ctx context.Context, q Querier, posyanduID int64, now time.Time, n int) ([]PosyanduDay, error) {
	const query = `
		SELECT d.id, d.posyandu_id, y.name AS posyandu, d.day, d.starts_at, d.ends_at, d.place, d.status,
			COALESCE(g.timezone, 'Asia/Jakarta') AS tz
		FROM posyandu_days d JOIN posyandu y ON y.id = d.posyandu_id LEFT JOIN regions g ON g.code = y.region_code
		WHERE d.posyandu_id = $1 AND d.status = 'planned' AND d.ends_at > $2
		ORDER BY d.day LIMIT $3`
	var out []PosyanduDay
	if err := q.SelectContext(ctx, &out, query, posyanduID, now, n); err != nil {
		return nil, fmt.Errorf("upcoming days of posyandu %d: %w", posyanduID, err)
	}
	return out, nil
}

// The reminders of a posyandu day.
const (
	PosyanduEve     = "eve"
	PosyanduMorning = "morning"
	PosyanduCancel  = "cancel"
)

// DuePosyanduDay is a posyandu day with a reminder due: Which is
// PosyanduEve, PosyanduMorning or PosyanduCancel.
type DuePosyanduDay struct {
	PosyanduDay
	Which string `db:"which"`
	// MovedTo is, for a cancellation, the day it moved to: the posyandu's
	// planned day nearest to it within a fortnight, not yet passed (a new
	// schedule or date set while cancelling the old one).
	MovedTo sql.NullTime `db:"moved_to"`
}

// DuePosyanduDays lists the posyandu reminders due at now.
func DuePosyanduDays(ctx context.Context, q Querier, now time.Time) ([]DuePosyanduDay, error) {
	const query = `
		SELECT d.id, d.posyandu_id, y.name AS posyandu, d.day, d.starts_at, d.ends_at, d.place, d.status,
			COALESCE(g.timezone, 'Asia/Jakarta') AS tz, w.which,
			CASE WHEN w.which = 'cancel' THEN (SELECT n.day FROM posyandu_days n
				WHERE n.posyandu_id = d.posyandu_id AND n.id <> d.id AND n.status = 'planned'
					AND n.day BETWEEN d.day - 14 AND d.day + 14
					AND n.day >= CAST($1 AT TIME ZONE COALESCE(g.timezone, 'Asia/Jakarta') AS date)
				ORDER BY abs(n.day - d.day), n.day DESC LIMIT 1) END AS moved_to
		FROM posyandu_days d JOIN posyandu y ON y.id = d.posyandu_id LEFT JOIN regions g ON g.code = y.region_code,
		LATERAL (SELECT 'eve' AS which WHERE d.status = 'planned' AND NOT d.eve_done AND d.eve_at <= $1 AND d.morning_at > $1
			UNION ALL SELECT 'morning' WHERE d.status = 'planned' AND NOT d.morning_done AND d.morning_at <= $1
			UNION ALL SELECT 'cancel' WHERE d.cancel_pending) w
		WHERE (d.status = 'planned' AND ((NOT d.eve_done AND d.eve_at <= $1) OR (NOT d.morning_done AND d.morning_at <= $1)))
			OR d.cancel_pending
		ORDER BY d.id`
	var out []DuePosyanduDay
	if err := q.SelectContext(ctx, &out, query, now); err != nil {
		return nil, fmt.Errorf("due posyandu days: %w", err)
	}
	return out, nil
}

// posyanduRecipients are the people a posyandu's day concerns: its cadres,
// the guardians of its children, and parents and pregnant women registered
// with it; not those who stopped these reminders or blocked the bot.
const posyanduRecipients = `
	SELECT DISTINCT u.id AS user_id, u.chat_id, COALESCE(c.language, 'id') AS lang
	FROM users u JOIN chats c ON c.chat_id = u.chat_id
	WHERE c.blocked_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = u.id AND s.kind IN ('all', 'posyandu'))
		AND (u.id IN (SELECT r.user_id FROM user_roles r WHERE r.role = 'kader' AND r.posyandu_id = (SELECT posyandu_id FROM d))
			OR u.id IN (SELECT g.user_id FROM guardians g JOIN children ch ON ch.id = g.child_id
				WHERE ch.posyandu_id = (SELECT posyandu_id FROM d) AND ch.deleted_at IS NULL)
			OR (u.posyandu_id = (SELECT posyandu_id FROM d)
				AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('orang_tua', 'ibu_hamil'))))`

// QueuePosyanduDay queues one reminder of a posyandu day to everyone it
// concerns, with b.Templates one per language of b.Langs, and marks it done,
// in one statement: a second tick finds it done. The eve and morning
// reminders go while the day has not started (after that they are recorded
// skipped); a cancellation goes to those already reminded.
func QueuePosyanduDay(ctx context.Context, q Querier, b Batch, dayID int64, which string) (Queued, error) {
	var mark, recipients, deadline string
	switch which {
	case PosyanduEve:
		mark = `eve_done = true WHERE id = $6 AND status = 'planned' AND NOT eve_done`
	case PosyanduMorning:
		mark = `morning_done = true, eve_done = true WHERE id = $6 AND status = 'planned' AND NOT morning_done`
	case PosyanduCancel:
		mark = `cancel_pending = false WHERE id = $6 AND cancel_pending`
	default:
		return Queued{}, fmt.Errorf("posyandu reminder %q", which)
	}
	recipients = posyanduRecipients
	deadline = `d.starts_at`
	if which == PosyanduCancel {
		recipients = `
			SELECT DISTINCT u.id AS user_id, u.chat_id, COALESCE(c.language, 'id') AS lang
			FROM outbox o JOIN users u ON u.id = CAST(split_part(o.dedupe_key, ':', 4) AS bigint)
			JOIN chats c ON c.chat_id = u.chat_id
			WHERE o.dedupe_key LIKE 'posy:' || $6 || ':%' AND split_part(o.dedupe_key, ':', 3) <> 'cancel'
				AND c.blocked_at IS NULL`
		deadline = `'infinity'::timestamptz`
	}
	query := `
	WITH d AS (
		UPDATE posyandu_days SET ` + mark + `
		RETURNING id, posyandu_id, starts_at
	), r AS (` + recipients + `
	), todo AS (
		SELECT r.user_id, r.chat_id, d.starts_at AS due_at, ` + deadline + ` AS deadline,
			'posy:' || d.id || ':' || $7 || ':' || r.user_id AS key,
			COALESCE(array_position(CAST($4 AS text[]), r.lang), 1) AS idx, 0 AS off
		FROM d, r
		WHERE CAST($2 AS float8) IS NOT NULL AND CAST($3 AS int) IS NOT NULL
	), ` + reminderTail(`(CAST($5 AS jsonb[]))[idx] || jsonb_build_object('chat_id', chat_id)`, `true`)
	out, err := queueBulk(ctx, q, query, b, dayID, which)
	if err != nil {
		return Queued{}, fmt.Errorf("queue %s reminders of posyandu day %d: %w", which, dayID, err)
	}
	return out, nil
}
