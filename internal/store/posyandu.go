package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// PosyanduNames returns the names of posyandu by id, in the order asked.
func (s *Store) PosyanduNames(ctx context.Context, ids []int64) ([]Place, error) {
	const q = `SELECT CAST(p.id AS text) AS code, p.name FROM unnest(CAST($1 AS bigint[])) WITH ORDINALITY AS i(id, n)
		JOIN posyandu p ON p.id = i.id ORDER BY i.n`
	var out []Place
	if err := s.q.SelectContext(ctx, &out, q, pq.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("names of posyandu %v: %w", ids, err)
	}
	return out, nil
}

// PosyanduChild is a child of a posyandu as a cadre's lists show it.
type PosyanduChild struct {
	Child child.Child
	// Number is the child's stable number at the posyandu (registration
	// order), used to record by number from the due list.
	Number int
	// Weighed tells whether the child was weighed in the month asked.
	Weighed bool
	// Flagged tells whether the last weighing of the month before called
	// for attention: T, 2T, BGM or a referral reason.
	Flagged bool
	// Guardians are the user ids of the linked guardians.
	Guardians []int64
}

// PosyanduChildren lists the children of a posyandu (not deleted), with
// whether each was weighed in the month of day and flagged the month
// before.
func (s *Store) PosyanduChildren(ctx context.Context, posyanduID int64, day time.Time) ([]PosyanduChild, error) {
	q := `
		WITH kids AS (
			SELECT ` + childColumns + `, row_number() OVER (ORDER BY c.id) AS number
			FROM children c WHERE c.posyandu_id = $1 AND c.deleted_at IS NULL
		)
		SELECT k.id, k.name, k.sex, k.birth_date, k.birth_weight_kg, k.birth_length_cm, k.posyandu_id, k.number,
			EXISTS (SELECT 1 FROM measurements m WHERE m.child_id = k.id AND ` + current + `
				AND m.weight_kg IS NOT NULL AND m.measured_on >= $2 AND m.measured_on < $3) AS weighed,
			COALESCE((SELECT m.trend = 'T' OR m.two_t OR m.bgm OR cardinality(m.referral) > 0 FROM measurements m
				WHERE m.child_id = k.id AND ` + current + ` AND m.weight_kg IS NOT NULL
					AND m.measured_on >= $4 AND m.measured_on < $2
				ORDER BY m.measured_on DESC, m.id DESC LIMIT 1), false) AS flagged,
			COALESCE((SELECT array_agg(g.user_id ORDER BY g.user_id) FROM guardians g WHERE g.child_id = k.id), '{}') AS guardians
		FROM kids k ORDER BY k.number`
	first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	var rows []struct {
		childRow
		Number    int           `db:"number"`
		Weighed   bool          `db:"weighed"`
		Flagged   bool          `db:"flagged"`
		Guardians pq.Int64Array `db:"guardians"`
	}
	if err := s.q.SelectContext(ctx, &rows, q, posyanduID, first, first.AddDate(0, 1, 0), first.AddDate(0, -1, 0)); err != nil {
		return nil, fmt.Errorf("children of posyandu %d: %w", posyanduID, err)
	}
	out := make([]PosyanduChild, len(rows))
	for i, r := range rows {
		out[i] = PosyanduChild{Child: r.child(), Number: r.Number, Weighed: r.Weighed, Flagged: r.Flagged, Guardians: r.Guardians}
	}
	return out, nil
}

// DayCounts are a posyandu day's figures so far.
type DayCounts struct {
	Weighed  int `db:"weighed"`
	Referral int `db:"referral"`
}

// PosyanduDayCounts counts the children of a posyandu measured at the
// posyandu on day, and how many of them a referral is advised for.
func (s *Store) PosyanduDayCounts(ctx context.Context, posyanduID int64, day time.Time) (DayCounts, error) {
	q := `SELECT count(*) AS weighed, count(*) FILTER (WHERE cardinality(m.referral) > 0) AS referral
		FROM measurements m JOIN children c ON c.id = m.child_id
		WHERE c.posyandu_id = $1 AND m.measured_on = $2 AND m.source = 'posyandu' AND ` + current
	var d DayCounts
	if err := s.q.GetContext(ctx, &d, q, posyanduID, day); err != nil {
		return DayCounts{}, fmt.Errorf("counts of posyandu %d: %w", posyanduID, err)
	}
	return d, nil
}

// SetParentPhone records the phone number a cadre gave for a child's
// parent, so the parent can be asked to link the child when they register.
func (s *Store) SetParentPhone(ctx context.Context, childID int64, phone string) error {
	if _, err := s.q.ExecContext(ctx, `UPDATE children SET parent_phone = NULLIF($2, '') WHERE id = $1`, childID, phone); err != nil {
		return fmt.Errorf("parent phone of child %d: %w", childID, err)
	}
	return nil
}

// UserByPhone returns the id of the person registered with phone, or
// ErrNotFound.
func (s *Store) UserByPhone(ctx context.Context, phone string) (int64, error) {
	var id int64
	if err := s.q.GetContext(ctx, &id, `SELECT id FROM users WHERE phone = $1 ORDER BY id LIMIT 1`, phone); err != nil {
		return 0, fmt.Errorf("user by phone: %w", notFound(err))
	}
	return id, nil
}

// ChildrenAwaitingParent lists the children a cadre registered with phone
// as the parent's number whom the person with that phone does not follow
// yet.
func (s *Store) ChildrenAwaitingParent(ctx context.Context, userID int64) ([]child.Child, error) {
	q := `SELECT ` + childColumns + ` FROM children c JOIN users u ON u.phone = c.parent_phone
		WHERE u.id = $1 AND c.deleted_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM guardians g WHERE g.child_id = c.id AND g.user_id = u.id)
		ORDER BY c.id`
	var rows []childRow
	if err := s.q.SelectContext(ctx, &rows, q, userID); err != nil {
		return nil, fmt.Errorf("children awaiting user %d: %w", userID, err)
	}
	out := make([]child.Child, len(rows))
	for i, r := range rows {
		out[i] = r.child()
	}
	return out, nil
}

// ParentPhone returns the parent's phone a cadre recorded for a child ("").
func (s *Store) ParentPhone(ctx context.Context, childID int64) (string, error) {
	var phone sql.NullString
	if err := s.q.GetContext(ctx, &phone, `SELECT parent_phone FROM children WHERE id = $1`, childID); err != nil {
		return "", fmt.Errorf("parent phone of child %d: %w", childID, notFound(err))
	}
	return phone.String, nil
}

// UserPhone returns a registered person's phone ("" when none).
func (s *Store) UserPhone(ctx context.Context, userID int64) (string, error) {
	var phone sql.NullString
	if err := s.q.GetContext(ctx, &phone, `SELECT phone FROM users WHERE id = $1`, userID); err != nil {
		return "", fmt.Errorf("phone of user %d: %w", userID, notFound(err))
	}
	return phone.String, nil
}
