package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// GirlsTabletTotal is an adolescent girl's yearly count: one a week.
const GirlsTabletTotal = 52

// TabletPlan is a person's iron tablet schedule.
type TabletPlan struct {
	UserID    int64
	Weekly    bool
	Weekday   time.Weekday
	RemindAt  time.Duration // local time of day
	StartedOn time.Time     // midnight UTC of the local day counting starts
	Paused    bool
	// Taken counts the doses confirmed since StartedOn.
	Taken int
}

// userZone is the time zone of a user, for statements that compute local days.
const userZone = `COALESCE((SELECT g.timezone FROM regions g WHERE g.code = u.region_code), 'Asia/Jakarta')`

// EnsureTabletPlan gives the user a plan if they have none: weekly (a girl)
// on Monday or daily (pregnant), at 19:00, counting from their local day at
// now. A weekly plan asked to be daily (a girl now pregnant), or any plan
// when restart is set (a new pregnancy), becomes daily and counts again
// from today. It reports whether a plan was created or changed.
func (s *Store) EnsureTabletPlan(ctx context.Context, userID int64, weekly, restart bool, now time.Time) (bool, error) {
	q := `
		INSERT INTO ttd_plans AS p (user_id, weekly, started_on, next_due_at)
		SELECT u.id, $2, CAST($3 AT TIME ZONE z.tz AS date),
			ttd_next_due($3, z.tz, '19:00', $2, 1::smallint, CAST($3 AT TIME ZONE z.tz AS date))
		FROM users u, LATERAL (SELECT ` + userZone + ` AS tz) z WHERE u.id = $1
		ON CONFLICT (user_id) DO UPDATE SET weekly = EXCLUDED.weekly, started_on = EXCLUDED.started_on,
			taken = (SELECT count(*) FROM ttd_doses x WHERE x.user_id = $1 AND x.dose_date >= EXCLUDED.started_on),
			next_due_at = ttd_next_due($3, (SELECT ` + userZone + ` FROM users u WHERE u.id = $1),
				p.remind_at, EXCLUDED.weekly, p.weekday, EXCLUDED.started_on), updated_at = now()
			WHERE (p.weekly AND NOT EXCLUDED.weekly) OR $4`
	res, err := s.q.ExecContext(ctx, q, userID, weekly, now, restart)
	if err != nil {
		return false, fmt.Errorf("ensure tablet plan of user %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// TabletPlan returns the user's plan with its count, or ErrNotFound.
func (s *Store) TabletPlan(ctx context.Context, userID int64) (TabletPlan, error) {
	const q = `
		SELECT p.user_id, p.weekly, p.weekday, EXTRACT(EPOCH FROM p.remind_at)::bigint, p.started_on, p.paused, p.taken
		FROM ttd_plans p WHERE p.user_id = $1`
	var p TabletPlan
	var wd int
	var secs int64
	err := s.q.QueryRowxContext(ctx, q, userID).Scan(&p.UserID, &p.Weekly, &wd, &secs, &p.StartedOn, &p.Paused, &p.Taken)
	if errors.Is(err, sql.ErrNoRows) {
		return TabletPlan{}, fmt.Errorf("tablet plan of user %d: %w", userID, ErrNotFound)
	}
	if err != nil {
		return TabletPlan{}, fmt.Errorf("load tablet plan of user %d: %w", userID, err)
	}
	p.Weekday, p.RemindAt = time.Weekday(wd), time.Duration(secs)*time.Second
	return p, nil
}

// PlanChange is a change to a plan; nil fields stay.
type PlanChange struct {
	Weekday  *time.Weekday
	RemindAt *time.Duration
	Paused   *bool
}

// ChangeTabletPlan applies c and reschedules the next reminder from now.
func (s *Store) ChangeTabletPlan(ctx context.Context, userID int64, c PlanChange, now time.Time) error {
	var wd *int
	if c.Weekday != nil {
		v := int(*c.Weekday)
		wd = &v
	}
	var at *string
	if c.RemindAt != nil {
		v := fmt.Sprintf("%02d:%02d", int(*c.RemindAt/time.Hour), int(*c.RemindAt%time.Hour/time.Minute))
		at = &v
	}
	q := `
		UPDATE ttd_plans p SET weekday = COALESCE($2, p.weekday), remind_at = COALESCE(CAST($3 AS time), p.remind_at),
			paused = COALESCE($4, p.paused), updated_at = now(),
			next_due_at = ttd_next_due($5, (SELECT ` + userZone + ` FROM users u WHERE u.id = p.user_id),
				COALESCE(CAST($3 AS time), p.remind_at), p.weekly, CAST(COALESCE($2, p.weekday) AS smallint), p.started_on)
		WHERE p.user_id = $1`
	res, err := s.q.ExecContext(ctx, q, userID, wd, at, c.Paused, now)
	if err != nil {
		return fmt.Errorf("change tablet plan of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("tablet plan of user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// RecordDose counts the tablet of day once: a second confirmation of the
// same day changes nothing. A dose beyond total is not counted (full). It
// returns the count since the plan started, which tablet this one is, and
// whether this call added it.
func (s *Store) RecordDose(ctx context.Context, userID int64, day time.Time, total int, now time.Time) (number int, added bool, err error) {
	const q = `
		WITH p AS (SELECT started_on, taken FROM ttd_plans WHERE user_id = $1 FOR UPDATE),
		ins AS (
			INSERT INTO ttd_doses (user_id, dose_date, taken_at)
			SELECT $1, $2, $4 FROM p WHERE p.taken < $3 AND $2 >= p.started_on
			ON CONFLICT DO NOTHING
			RETURNING dose_date
		), counted AS (
			UPDATE ttd_plans SET taken = taken + 1 WHERE user_id = $1 AND EXISTS (SELECT 1 FROM ins)
		)
		SELECT (SELECT count(*) FROM ttd_doses x, p WHERE x.user_id = $1 AND x.dose_date >= p.started_on AND x.dose_date <= $2)
			+ (SELECT count(*) FROM ins), (SELECT count(*) FROM ins) > 0`
	err = s.q.QueryRowxContext(ctx, q, userID, day, total, now).Scan(&number, &added)
	if err != nil {
		return 0, false, fmt.Errorf("record dose of user %d: %w", userID, err)
	}
	return number, added, nil
}

// DoseTaken reports whether the tablet of day is recorded.
func (s *Store) DoseTaken(ctx context.Context, userID int64, day time.Time) (bool, error) {
	var ok bool
	err := s.q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM ttd_doses WHERE user_id = $1 AND dose_date = $2)`, userID, day)
	if err != nil {
		return false, fmt.Errorf("dose of user %d: %w", userID, err)
	}
	return ok, nil
}

// SnoozeDose asks for the reminder of day again at at, once per dose.
func (s *Store) SnoozeDose(ctx context.Context, userID int64, day, at time.Time) (bool, error) {
	const q = `INSERT INTO ttd_snoozes (user_id, dose_date, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	res, err := s.q.ExecContext(ctx, q, userID, day, at)
	if err != nil {
		return false, fmt.Errorf("snooze dose of user %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// KadersOfUser returns the user ids of the cadres of the user's posyandu.
func (s *Store) KadersOfUser(ctx context.Context, userID int64) ([]int64, error) {
	const q = `
		SELECT DISTINCT r.user_id FROM users u JOIN user_roles r ON r.posyandu_id = u.posyandu_id AND r.role = 'kader'
		WHERE u.id = $1 AND r.user_id <> u.id ORDER BY r.user_id`
	var ids []int64
	if err := s.q.SelectContext(ctx, &ids, q, userID); err != nil {
		return nil, fmt.Errorf("kaders of user %d: %w", userID, err)
	}
	return ids, nil
}

// Adherence is how many people with a tablet plan for a whole month took
// at least three quarters of that month's doses.
type Adherence struct {
	Plans, Adherent int
}

// Share is Adherent/Plans, 0 with no plans.
func (a Adherence) Share() float64 {
	if a.Plans == 0 {
		return 0
	}
	return float64(a.Adherent) / float64(a.Plans)
}

// TabletAdherence counts, over the plans that ran (unpaused) through the
// month starting at month, those with at least 75% of its doses
// confirmed: every day for a daily plan, the plan's weekday for a weekly one.
func TabletAdherence(ctx context.Context, q Querier, month time.Time) (Adherence, error) {
	const sqlq = `
		WITH m AS (SELECT CAST($1 AS date) AS first, CAST($1 AS date) + interval '1 month' - interval '1 day' AS last),
		plans AS (
			SELECT p.user_id,
				(SELECT count(*) FROM generate_series(m.first, m.last, interval '1 day') d
					WHERE NOT p.weekly OR extract(dow FROM d) = p.weekday) AS scheduled,
				(SELECT count(*) FROM ttd_doses x WHERE x.user_id = p.user_id AND x.dose_date BETWEEN m.first AND m.last) AS taken
			FROM ttd_plans p, m WHERE p.started_on <= m.first AND NOT p.paused
		)
		SELECT count(*), count(*) FILTER (WHERE taken >= 0.75 * scheduled) FROM plans`
	var a Adherence
	if err := q.QueryRowxContext(ctx, sqlq, month).Scan(&a.Plans, &a.Adherent); err != nil {
		return Adherence{}, fmt.Errorf("tablet adherence of %s: %w", month.Format("2006-01"), err)
	}
	return a, nil
}
