package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Pregnancy weeks with a weekly message, and the local time it is sent at.
const (
	FirstPregnancyWeek = 4
	LastPregnancyWeek  = 42
	pregnancyHour      = "09:00"
)

// Pregnancy is a followed pregnancy.
type Pregnancy struct {
	ID     int64
	UserID int64
	LMP    time.Time // HPHT, midnight UTC
	Status string    // active, born, lost
}

// pregnancyNext sets next_week and next_due_at of the rows it runs over to
// the first week from $week on, in the owner's zone.
const pregnancyNext = `
	next_week = CASE WHEN w.week <= 42 THEN w.week END,
	next_due_at = CASE WHEN w.week <= 42 THEN ((p.lmp + 7 * w.week) + CAST('` + pregnancyHour + `' AS time))
		AT TIME ZONE (SELECT ` + userZone + ` FROM users u WHERE u.id = p.user_id) END`

// StartPregnancy follows a pregnancy from lmp (HPHT): a pregnancy already
// followed is corrected. The weekly messages start with the week after
// today's (today's is shown at once) and never before week 4. The tablet
// count starts again from today.
func (s *Store) StartPregnancy(ctx context.Context, userID int64, lmp, today time.Time) (Pregnancy, error) {
	const ins = `
		INSERT INTO pregnancies (user_id, lmp) VALUES ($1, $2)
		ON CONFLICT (user_id) WHERE status = 'active' DO UPDATE SET lmp = EXCLUDED.lmp
		RETURNING id`
	var id int64
	if err := s.q.GetContext(ctx, &id, ins, userID, lmp); err != nil {
		return Pregnancy{}, fmt.Errorf("start pregnancy of user %d: %w", userID, err)
	}
	q := `UPDATE pregnancies p SET ` + pregnancyNext + `
		FROM (SELECT GREATEST(` + fmt.Sprint(FirstPregnancyWeek) + `, (CAST($2 AS date) - lmp) / 7 + 1) AS week FROM pregnancies WHERE id = $1) w
		WHERE p.id = $1`
	if _, err := s.q.ExecContext(ctx, q, id, today); err != nil {
		return Pregnancy{}, fmt.Errorf("schedule pregnancy %d: %w", id, err)
	}
	return Pregnancy{ID: id, UserID: userID, LMP: lmp, Status: "active"}, nil
}

// ActivePregnancy returns the user's followed pregnancy, or ErrNotFound.
func (s *Store) ActivePregnancy(ctx context.Context, userID int64) (Pregnancy, error) {
	var p Pregnancy
	err := s.q.QueryRowxContext(ctx, `SELECT id, user_id, lmp, status FROM pregnancies WHERE user_id = $1 AND status = 'active'`, userID).
		Scan(&p.ID, &p.UserID, &p.LMP, &p.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return Pregnancy{}, fmt.Errorf("pregnancy of user %d: %w", userID, ErrNotFound)
	}
	if err != nil {
		return Pregnancy{}, fmt.Errorf("load pregnancy of user %d: %w", userID, err)
	}
	return p, nil
}

// EndPregnancy ends the user's pregnancy id as born or lost: no weekly
// message is sent after. ErrNotFound when it is not theirs or already ended.
func (s *Store) EndPregnancy(ctx context.Context, userID, id int64, status string, now time.Time) (Pregnancy, error) {
	const q = `UPDATE pregnancies SET status = $3, ended_at = $4, next_week = NULL, next_due_at = NULL
		WHERE user_id = $1 AND ($2 = 0 OR id = $2) AND status = 'active' RETURNING id, user_id, lmp, status`
	var p Pregnancy
	err := s.q.QueryRowxContext(ctx, q, userID, id, status, now).Scan(&p.ID, &p.UserID, &p.LMP, &p.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return Pregnancy{}, fmt.Errorf("active pregnancy %d of user %d: %w", id, userID, ErrNotFound)
	}
	if err != nil {
		return Pregnancy{}, fmt.Errorf("end pregnancy %d of user %d: %w", id, userID, err)
	}
	return p, nil
}
