package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/policy"
)

type childRow struct {
	ID          int64           `db:"id"`
	Name        string          `db:"name"`
	Sex         string          `db:"sex"`
	BirthDate   time.Time       `db:"birth_date"`
	BirthWeight sql.NullFloat64 `db:"birth_weight_kg"`
	BirthLength sql.NullFloat64 `db:"birth_length_cm"`
	PosyanduID  sql.NullInt64   `db:"posyandu_id"`
}

func (r childRow) child() child.Child {
	return child.Child{
		ID: r.ID, Name: r.Name, Sex: child.Sex(r.Sex), BirthDate: r.BirthDate.UTC(),
		BirthWeightKg: r.BirthWeight.Float64, BirthLengthCm: r.BirthLength.Float64,
		PosyanduID: r.PosyanduID.Int64,
	}
}

const childColumns = `c.id, c.name, c.sex, c.birth_date, c.birth_weight_kg, c.birth_length_cm, c.posyandu_id`

// InsertChild stores a new child and returns its id.
func (s *Store) InsertChild(ctx context.Context, c child.Child, createdBy int64) (int64, error) {
	const q = `
		INSERT INTO children (name, sex, birth_date, birth_weight_kg, birth_length_cm, posyandu_id, created_by)
		VALUES ($1, $2, $3, NULLIF(CAST($4 AS numeric), 0), NULLIF(CAST($5 AS numeric), 0), NULLIF($6, 0), NULLIF($7, 0))
		RETURNING id`
	var id int64
	err := s.q.QueryRowxContext(ctx, q, c.Name, string(c.Sex), c.BirthDate, c.BirthWeightKg, c.BirthLengthCm,
		c.PosyanduID, createdBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert child: %w", err)
	}
	return id, nil
}

// UpdateChild stores a corrected name, sex, birth date and birth values.
func (s *Store) UpdateChild(ctx context.Context, c child.Child) error {
	const q = `
		UPDATE children SET name = $2, sex = $3, birth_date = $4, birth_weight_kg = NULLIF(CAST($5 AS numeric), 0),
			birth_length_cm = NULLIF(CAST($6 AS numeric), 0), updated_at = now()
		WHERE id = $1 AND deleted_at IS NULL`
	res, err := s.q.ExecContext(ctx, q, c.ID, c.Name, string(c.Sex), c.BirthDate, c.BirthWeightKg, c.BirthLengthCm)
	if err != nil {
		return fmt.Errorf("update child %d: %w", c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update child %d: %w", c.ID, ErrNotFound)
	}
	return nil
}

// AddGuardian makes a user a guardian of a child; adding twice keeps the
// first relation.
func (s *Store) AddGuardian(ctx context.Context, childID, userID int64, rel child.Relation) error {
	const q = `INSERT INTO guardians (child_id, user_id, relation) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	if _, err := s.q.ExecContext(ctx, q, childID, userID, string(rel)); err != nil {
		return fmt.Errorf("add guardian %d of child %d: %w", userID, childID, err)
	}
	return nil
}

// heldByOthers is true of child c when someone besides user $2 still holds
// it: another guardian, or the posyandu through a measurement taken there.
const heldByOthers = `(EXISTS (SELECT 1 FROM guardians g WHERE g.child_id = c.id AND g.user_id <> $2)
	OR EXISTS (SELECT 1 FROM measurements m WHERE m.child_id = c.id AND m.source = 'posyandu'))`

// ChildHeldByOthers reports whether RemoveGuardian would keep the child
// (true) or delete it, without changing anything.
func (s *Store) ChildHeldByOthers(ctx context.Context, childID, userID int64) (bool, error) {
	var held bool
	q := `SELECT ` + heldByOthers + ` FROM children c WHERE c.id = $1 AND c.deleted_at IS NULL`
	if err := s.q.GetContext(ctx, &held, q, childID, userID); err != nil {
		return false, fmt.Errorf("is child %d held by others than user %d: %w", childID, userID, notFound(err))
	}
	return held, nil
}

// RemoveGuardian ends a user's guardianship of a child. A child left with
// no guardian and no measurement taken at the posyandu is no one's to follow
// any more: it is deleted with its measurements. Otherwise the posyandu
// keeps its record of the child. It reports whether the child was deleted.
func (s *Store) RemoveGuardian(ctx context.Context, childID, userID int64) (bool, error) {
	const q = `
		WITH gone AS (
			DELETE FROM guardians WHERE child_id = $1 AND user_id = $2 RETURNING child_id
		)
		DELETE FROM children c USING gone
		WHERE c.id = gone.child_id AND NOT ` + heldByOthers + `
		RETURNING c.id`
	var id int64
	err := s.q.QueryRowxContext(ctx, q, childID, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove guardian %d of child %d: %w", userID, childID, err)
	}
	return true, nil
}

// ChildAccess is a child with what policy needs to judge who may see it.
type ChildAccess struct {
	Child  child.Child
	Policy policy.Child
}

// ChildWithAccess returns a child that is not deleted, with its guardians
// and the puskesmas of its open referrals, or ErrNotFound.
func (s *Store) ChildWithAccess(ctx context.Context, id int64) (ChildAccess, error) {
	q := `
		SELECT ` + childColumns + `,
			COALESCE((SELECT array_agg(g.user_id) FROM guardians g WHERE g.child_id = c.id), '{}') AS guardians,
			COALESCE((SELECT array_agg(DISTINCT r.puskesmas_id) FROM referrals r
				WHERE r.child_id = c.id AND r.status <> 'selesai'), '{}') AS referred_to
		FROM children c WHERE c.id = $1 AND c.deleted_at IS NULL`
	var r struct {
		childRow
		Guardians  pq.Int64Array `db:"guardians"`
		ReferredTo pq.Int64Array `db:"referred_to"`
	}
	if err := s.q.GetContext(ctx, &r, q, id); err != nil {
		return ChildAccess{}, fmt.Errorf("load child %d: %w", id, notFound(err))
	}
	var referred []int64
	if len(r.ReferredTo) > 0 {
		referred = r.ReferredTo
	}
	return ChildAccess{
		Child:  r.child(),
		Policy: policy.Child{Guardians: r.Guardians, PosyanduID: r.PosyanduID.Int64, ReferredTo: referred},
	}, nil
}

// ChildFor returns a child the actor may act on, or child.ErrNotFound both
// when there is no such child and when policy refuses: a forged id learns
// nothing.
func (s *Store) ChildFor(ctx context.Context, actor policy.Actor, action policy.Action, id int64) (ChildAccess, error) {
	ca, err := s.ChildWithAccess(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !policy.CanChild(actor, action, ca.Policy)) {
		return ChildAccess{}, child.ErrNotFound
	}
	return ca, err
}

// ChildOverview is a child in a list: the child, the guardian's relation
// and the latest current measurement if any.
type ChildOverview struct {
	Child    child.Child
	Relation child.Relation
	Last     *child.Measurement
}

// ChildrenOf lists the children a user is guardian of, oldest first, each
// with their latest measurement.
func (s *Store) ChildrenOf(ctx context.Context, userID int64) ([]ChildOverview, error) {
	q := `
		SELECT ` + childColumns + `, g.relation
		FROM guardians g JOIN children c ON c.id = g.child_id
		WHERE g.user_id = $1 AND c.deleted_at IS NULL
		ORDER BY c.birth_date, c.id`
	var rows []struct {
		childRow
		Relation string `db:"relation"`
	}
	if err := s.q.SelectContext(ctx, &rows, q, userID); err != nil {
		return nil, fmt.Errorf("list children of user %d: %w", userID, err)
	}
	out := make([]ChildOverview, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = ChildOverview{Child: r.child(), Relation: child.Relation(r.Relation)}
		ids[i] = r.ID
	}
	last, err := s.latestMeasurements(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if m, ok := last[out[i].Child.ID]; ok {
			out[i].Last = &m
		}
	}
	return out, nil
}
