package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// Profile is everything stored about a registered person themselves.
type Profile struct {
	UserID         int64     `db:"id"`
	TelegramID     int64     `db:"telegram_id"`
	ChatID         int64     `db:"chat_id"`
	Name           string    `db:"name"`
	Phone          string    `db:"phone"`
	Language       string    `db:"language"`
	ConsentVersion string    `db:"consent_version"`
	ConsentAt      time.Time `db:"consent_at"`
	RegionCode     string    `db:"region_code"`
	RegionName     string    `db:"region_name"`
	PosyanduID     int64     `db:"posyandu_id"`
	PosyanduName   string    `db:"posyandu_name"`
	RegisteredAt   time.Time `db:"registered_at"`
	Roles          []string  `db:"-"`
}

// ProfileByTelegramID returns the person registered from that Telegram
// account, or ErrNotFound.
func (s *Store) ProfileByTelegramID(ctx context.Context, telegramID int64) (Profile, error) {
	const q = `
		SELECT u.id, u.telegram_id, u.chat_id, u.name, COALESCE(u.phone, '') AS phone,
			COALESCE(c.language, '') AS language, u.consent_version, u.consent_at,
			COALESCE(u.region_code, '') AS region_code, COALESCE(r.name, '') AS region_name,
			COALESCE(u.posyandu_id, 0) AS posyandu_id, COALESCE(p.name, '') AS posyandu_name,
			COALESCE(u.registered_at, u.created_at) AS registered_at,
			COALESCE((SELECT array_agg(DISTINCT role) FROM user_roles WHERE user_id = u.id), '{}') AS roles
		FROM users u
		LEFT JOIN chats c ON c.chat_id = u.chat_id
		LEFT JOIN regions r ON r.code = u.region_code
		LEFT JOIN posyandu p ON p.id = u.posyandu_id
		WHERE u.telegram_id = $1`
	var row struct {
		Profile
		Roles pq.StringArray `db:"roles"`
	}
	if err := s.q.GetContext(ctx, &row, q, telegramID); err != nil {
		return Profile{}, fmt.Errorf("profile of telegram id %d: %w", telegramID, notFound(err))
	}
	p := row.Profile
	p.Roles = row.Roles
	p.ConsentAt, p.RegisteredAt = p.ConsentAt.UTC(), p.RegisteredAt.UTC()
	return p, nil
}

// DeleteUser removes a registered person: their roles and guardianships go
// with them (ON DELETE CASCADE), invites they used forget who used them, the
// chat's waiting conversation and every message queued or sent to it (whose
// texts may carry names) are deleted. The chat row stays, without anything
// personal, so a goodbye queued after this still reaches them in their
// language.
func (s *Store) DeleteUser(ctx context.Context, userID, chatID int64) error {
	stmts := []struct {
		what string
		q    string
		arg  int64
	}{
		{"forget invite users", `UPDATE invites SET used_by = NULL WHERE used_by = $1`, userID},
		{"delete user", `DELETE FROM users WHERE id = $1`, userID},
		{"delete conversation", `DELETE FROM conversations WHERE chat_id = $1`, chatID},
		{"delete messages", `DELETE FROM outbox WHERE chat_id = $1`, chatID},
	}
	for _, st := range stmts {
		res, err := s.q.ExecContext(ctx, st.q, st.arg)
		if err != nil {
			return fmt.Errorf("%s %d: %w", st.what, st.arg, err)
		}
		if st.what == "delete user" {
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("delete user %d: %w", userID, ErrNotFound)
			}
		}
	}
	return nil
}
