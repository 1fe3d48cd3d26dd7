package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// User is a registered person.
type User struct {
	ID         int64
	TelegramID int64
	ChatID     int64
	Name       string
	Roles      []string
}

// UserByTelegramID returns the user with that Telegram id, or ErrNotFound.
func (t *Tx) UserByTelegramID(ctx context.Context, telegramID int64) (User, error) {
	const q = `
		SELECT u.id, u.telegram_id, u.chat_id, u.name,
			COALESCE(array_agg(DISTINCT r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
		FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
		WHERE u.telegram_id = $1
		GROUP BY u.id`
	var u User
	var roles pq.StringArray
	err := t.tx.QueryRowxContext(ctx, q, telegramID).Scan(&u.ID, &u.TelegramID, &u.ChatID, &u.Name, &roles)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user of telegram id %d: %w", telegramID, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user of telegram id %d: %w", telegramID, err)
	}
	u.Roles = roles
	return u, nil
}

// NewUser is what registration stores.
type NewUser struct {
	TelegramID     int64
	ChatID         int64
	Name           string
	Phone          string
	ConsentVersion string
	ConsentAt      time.Time
	RegionCode     string // kelurahan, may be empty
	PosyanduID     int64  // may be 0
}

// CreateUser stores a newly registered person and returns their id.
func (t *Tx) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	const q = `
		INSERT INTO users (telegram_id, chat_id, name, phone, consent_version, consent_at,
			region_code, posyandu_id, registered_at)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, NULLIF($7, ''), NULLIF($8, 0), now())
		ON CONFLICT (telegram_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, name = EXCLUDED.name,
			phone = EXCLUDED.phone, consent_version = EXCLUDED.consent_version,
			consent_at = EXCLUDED.consent_at, region_code = EXCLUDED.region_code,
			posyandu_id = EXCLUDED.posyandu_id, registered_at = now(), updated_at = now()
		RETURNING id`
	var id int64
	err := t.tx.QueryRowxContext(ctx, q, u.TelegramID, u.ChatID, u.Name, u.Phone, u.ConsentVersion,
		u.ConsentAt, u.RegionCode, u.PosyanduID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create user of chat %d: %w", u.ChatID, err)
	}
	return id, nil
}

// Grant is a role given to a user, with the place it is for.
type Grant struct {
	Role        string
	PosyanduID  int64
	PuskesmasID int64
	RegionCode  string
	InviteID    int64
}

// AddRole gives a user a role; giving the same role twice is a no-op.
func (t *Tx) AddRole(ctx context.Context, userID int64, g Grant) error {
	const q = `
		INSERT INTO user_roles (user_id, role, posyandu_id, puskesmas_id, region_code, invite_id)
		VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), NULLIF($5, ''), NULLIF($6, 0))
		ON CONFLICT DO NOTHING`
	if _, err := t.tx.ExecContext(ctx, q, userID, g.Role, g.PosyanduID, g.PuskesmasID, g.RegionCode, g.InviteID); err != nil {
		return fmt.Errorf("add role %s to user %d: %w", g.Role, userID, err)
	}
	return nil
}
