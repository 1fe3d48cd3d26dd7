package store

import (
	"context"
	"fmt"

	"github.com/lib/pq"
)

// The kinds of reminder a person can stop; StopAll stops every one.
const (
	StopAll       = "all"
	StopTablet    = "ttd"
	StopPregnancy = "hamil"
	StopPosyandu  = "posyandu"
)

// StopReminders turns off one kind of reminder (or StopAll) for the user.
func (s *Store) StopReminders(ctx context.Context, userID int64, kind string) error {
	const q = `INSERT INTO reminder_stops (user_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	if _, err := s.q.ExecContext(ctx, q, userID, kind); err != nil {
		return fmt.Errorf("stop %s reminders of user %d: %w", kind, userID, err)
	}
	return nil
}

// ResumeReminders turns every reminder of the user back on.
func (s *Store) ResumeReminders(ctx context.Context, userID int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM reminder_stops WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("resume reminders of user %d: %w", userID, err)
	}
	return nil
}

// StoppedReminders lists the kinds the user turned off.
func (s *Store) StoppedReminders(ctx context.Context, userID int64) ([]string, error) {
	var kinds pq.StringArray
	const q = `SELECT COALESCE(array_agg(kind ORDER BY kind), '{}') FROM reminder_stops WHERE user_id = $1`
	if err := s.q.GetContext(ctx, &kinds, q, userID); err != nil {
		return nil, fmt.Errorf("stopped reminders of user %d: %w", userID, err)
	}
	return kinds, nil
}
