package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/policy"
)

// User is a registered person.
type User struct {
	ID         int64
	TelegramID int64
	ChatID     int64
	Name       string
	Roles      []string
	// TimeZone is the IANA zone of the person's region ("" when unknown).
	TimeZone string
	// Grants are the roles with the places they are for, in the order given.
	Grants []policy.Grant
}

// grantRow is a role with its place, as user_roles holds it.
type grantRow struct {
	Role        string `db:"role" json:"role"`
	PosyanduID  int64  `db:"posyandu_id" json:"posyandu_id"`
	PuskesmasID int64  `db:"puskesmas_id" json:"puskesmas_id"`
	RegionCode  string `db:"region_code" json:"region_code"`
}

func grants(rows []grantRow) []policy.Grant {
	out := make([]policy.Grant, len(rows))
	for i, r := range rows {
		out[i] = policy.Grant{Role: policy.Role(r.Role), PosyanduID: r.PosyanduID, PuskesmasID: r.PuskesmasID, RegionCode: r.RegionCode}
	}
	return out
}

// grantsJSON decodes userByTelegramIDSQL's grants.
func grantsJSON(raw []byte) ([]policy.Grant, error) {
	var rows []grantRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("decode grants: %w", err)
	}
	return grants(rows), nil
}

// userByTelegramIDSQL selects the account of a Telegram id (a parameter)
// with its roles and its region's time zone.
func userByTelegramIDSQL(telegramID string) string {
	return `SELECT u.id, u.telegram_id, u.chat_id, u.name,
			COALESCE(array_agg(DISTINCT r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
			COALESCE((SELECT g.timezone FROM regions g WHERE g.code = u.region_code), '') AS timezone,
			COALESCE(json_agg(json_build_object('role', r.role, 'posyandu_id', COALESCE(r.posyandu_id, 0),
				'puskesmas_id', COALESCE(r.puskesmas_id, 0), 'region_code', COALESCE(r.region_code, '')) ORDER BY r.id)
				FILTER (WHERE r.role IS NOT NULL), '[]') AS grants
		FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
		WHERE u.telegram_id = ` + telegramID + `
		GROUP BY u.id`
}

// UserByTelegramID returns the user with that Telegram id, or ErrNotFound.
func (t *Tx) UserByTelegramID(ctx context.Context, telegramID int64) (User, error) {
	var u User
	var roles pq.StringArray
	var grantsRaw []byte
	err := t.q.QueryRowxContext(ctx, userByTelegramIDSQL("$1"), telegramID).Scan(&u.ID, &u.TelegramID, &u.ChatID, &u.Name, &roles, &u.TimeZone, &grantsRaw)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user of telegram id %d: %w", telegramID, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user of telegram id %d: %w", telegramID, err)
	}
	u.Roles = roles
	if u.Grants, err = grantsJSON(grantsRaw); err != nil {
		return User{}, fmt.Errorf("load user of telegram id %d: %w", telegramID, err)
	}
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
	err := t.q.QueryRowxContext(ctx, q, u.TelegramID, u.ChatID, u.Name, u.Phone, u.ConsentVersion,
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
	if _, err := t.q.ExecContext(ctx, q, userID, g.Role, g.PosyanduID, g.PuskesmasID, g.RegionCode, g.InviteID); err != nil {
		return fmt.Errorf("add role %s to user %d: %w", g.Role, userID, err)
	}
	return nil
}

// Grants returns a user's roles with the places they are for.
func (s *Store) Grants(ctx context.Context, userID int64) ([]policy.Grant, error) {
	const q = `
		SELECT role, COALESCE(posyandu_id, 0) AS posyandu_id, COALESCE(puskesmas_id, 0) AS puskesmas_id,
			COALESCE(region_code, '') AS region_code
		FROM user_roles WHERE user_id = $1 ORDER BY id`
	var rows []grantRow
	if err := s.q.SelectContext(ctx, &rows, q, userID); err != nil {
		return nil, fmt.Errorf("load roles of user %d: %w", userID, err)
	}
	return grants(rows), nil
}

// AddGrant gives a user a role; giving the same role twice is a no-op.
func (s *Store) AddGrant(ctx context.Context, userID int64, g policy.Grant) error {
	const q = `
		INSERT INTO user_roles (user_id, role, posyandu_id, puskesmas_id, region_code)
		VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), NULLIF($5, ''))
		ON CONFLICT DO NOTHING`
	if _, err := s.q.ExecContext(ctx, q, userID, string(g.Role), g.PosyanduID, g.PuskesmasID, g.RegionCode); err != nil {
		return fmt.Errorf("add role %s to user %d: %w", g.Role, userID, err)
	}
	return nil
}

// UserPosyandu returns the posyandu a user chose at registration, or 0.
func (s *Store) UserPosyandu(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.q.GetContext(ctx, &id, `SELECT COALESCE(posyandu_id, 0) FROM users WHERE id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("posyandu of user %d: %w", userID, notFound(err))
	}
	return id, nil
}

// RecipientChat is where to reach a registered person.
type RecipientChat struct {
	ChatID   int64  `db:"chat_id"`
	Language string `db:"language"`
	Blocked  bool   `db:"blocked"`
}

// ChatOfUser returns the chat of a registered person, or ErrNotFound.
func (s *Store) ChatOfUser(ctx context.Context, userID int64) (RecipientChat, error) {
	const q = `
		SELECT u.chat_id, COALESCE(c.language, '') AS language, c.blocked_at IS NOT NULL AS blocked
		FROM users u JOIN chats c ON c.chat_id = u.chat_id WHERE u.id = $1`
	var r RecipientChat
	if err := s.q.GetContext(ctx, &r, q, userID); err != nil {
		return RecipientChat{}, fmt.Errorf("chat of user %d: %w", userID, notFound(err))
	}
	return r, nil
}
