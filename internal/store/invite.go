package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Invite is an invitation to a role, with the name of its place.
type Invite struct {
	ID          int64
	Code        string
	Role        string
	PosyanduID  int64
	PuskesmasID int64
	RegionCode  string
	PlaceName   string
	ExpiresAt   time.Time
	UsedAt      *time.Time
}

// ErrInviteUnusable means the code does not exist, was used, or expired.
var ErrInviteUnusable = errors.New("invite unusable")

type inviteRow struct {
	ID          int64          `db:"id"`
	Code        string         `db:"code"`
	Role        string         `db:"role"`
	PosyanduID  sql.NullInt64  `db:"posyandu_id"`
	PuskesmasID sql.NullInt64  `db:"puskesmas_id"`
	RegionCode  sql.NullString `db:"region_code"`
	PlaceName   string         `db:"place_name"`
	ExpiresAt   time.Time      `db:"expires_at"`
	UsedAt      sql.NullTime   `db:"used_at"`
}

const sqlSelectInvite = `
	SELECT i.id, i.code, i.role, i.posyandu_id, i.puskesmas_id, i.region_code, i.expires_at, i.used_at,
		COALESCE(p.name, k.name, r.name, '') AS place_name
	FROM invites i
	LEFT JOIN posyandu p ON p.id = i.posyandu_id
	LEFT JOIN puskesmas k ON k.id = i.puskesmas_id
	LEFT JOIN regions r ON r.code = i.region_code
	WHERE i.code = $1`

// UsableInvite returns the invite with code if it is unused and unexpired
// at now, or ErrInviteUnusable. With lock, the row stays locked until the
// transaction ends, so two people cannot both redeem it.
func (t *Tx) UsableInvite(ctx context.Context, code string, now time.Time, lock bool) (Invite, error) {
	q := sqlSelectInvite
	if lock {
		q += ` FOR UPDATE OF i`
	}
	var r inviteRow
	err := t.q.GetContext(ctx, &r, q, normaliseCode(code))
	if errors.Is(err, sql.ErrNoRows) {
		return Invite{}, ErrInviteUnusable
	}
	if err != nil {
		return Invite{}, fmt.Errorf("load invite: %w", err)
	}
	if r.UsedAt.Valid || !now.Before(r.ExpiresAt) {
		return Invite{}, ErrInviteUnusable
	}
	return Invite{
		ID: r.ID, Code: r.Code, Role: r.Role, PosyanduID: r.PosyanduID.Int64,
		PuskesmasID: r.PuskesmasID.Int64, RegionCode: r.RegionCode.String, PlaceName: r.PlaceName,
		ExpiresAt: r.ExpiresAt,
	}, nil
}

// UseInvite marks an invite used by userID. Call it after UsableInvite with lock.
func (t *Tx) UseInvite(ctx context.Context, inviteID, userID int64, now time.Time) error {
	const q = `UPDATE invites SET used_at = $3, used_by = $2 WHERE id = $1 AND used_at IS NULL`
	res, err := t.q.ExecContext(ctx, q, inviteID, userID, now)
	if err != nil {
		return fmt.Errorf("use invite %d: %w", inviteID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrInviteUnusable
	}
	return nil
}

// NewInvite is what an operator asks for.
type NewInvite struct {
	Role        string
	PosyanduID  int64
	PuskesmasID int64
	RegionCode  string
	CreatedBy   string
	ExpiresAt   time.Time
}

// CreateInvite stores an invite under a fresh random code and returns it.
func CreateInvite(ctx context.Context, db *sqlx.DB, n NewInvite) (Invite, error) {
	code, err := newCode()
	if err != nil {
		return Invite{}, err
	}
	const q = `
		INSERT INTO invites (code, role, posyandu_id, puskesmas_id, region_code, created_by, expires_at)
		VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), NULLIF($5, ''), $6, $7)`
	if _, err := db.ExecContext(ctx, q, code, n.Role, n.PosyanduID, n.PuskesmasID, n.RegionCode, n.CreatedBy, n.ExpiresAt); err != nil {
		return Invite{}, fmt.Errorf("create %s invite: %w", n.Role, err)
	}
	var r inviteRow
	if err := db.GetContext(ctx, &r, sqlSelectInvite, code); err != nil {
		return Invite{}, fmt.Errorf("read back invite: %w", err)
	}
	return Invite{ID: r.ID, Code: r.Code, Role: r.Role, PosyanduID: r.PosyanduID.Int64,
		PuskesmasID: r.PuskesmasID.Int64, RegionCode: r.RegionCode.String, PlaceName: r.PlaceName,
		ExpiresAt: r.ExpiresAt}, nil
}

// codeAlphabet leaves out letters easily misread (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newCode returns a 10-character random code (about 49 bits), fit for a
// Telegram deep link payload and for typing. Bytes that would favour the
// first letters of the alphabet are drawn again.
func newCode() (string, error) {
	const n = 10
	limit := 256 - 256%len(codeAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("random invite code: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, codeAlphabet[int(b)%len(codeAlphabet)])
			}
		}
	}
	return string(out), nil
}

func normaliseCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}
