package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// ErrChanged means a row was not in the state the change expected: someone
// moved it meanwhile.
var ErrChanged = errors.New("changed meanwhile")

// ReferralSource is what a referral is made from: a current measurement of
// a child that is not deleted, with the child's posyandu and its puskesmas
// (0 when the child has no posyandu).
type ReferralSource struct {
	ChildID     int64          `db:"child_id"`
	Reasons     pq.StringArray `db:"referral"`
	PosyanduID  int64          `db:"posyandu_id"`
	PuskesmasID int64          `db:"puskesmas_id"`
}

// ReferralSource returns the source of a referral from measurement id, or
// ErrNotFound.
func (s *Store) ReferralSource(ctx context.Context, measurementID int64) (ReferralSource, error) {
	q := `
		SELECT m.child_id, m.referral, COALESCE(c.posyandu_id, 0) AS posyandu_id, COALESCE(p.puskesmas_id, 0) AS puskesmas_id
		FROM measurements m
		JOIN children c ON c.id = m.child_id AND c.deleted_at IS NULL
		LEFT JOIN posyandu p ON p.id = c.posyandu_id
		WHERE m.id = $1 AND ` + current
	var r ReferralSource
	if err := s.q.GetContext(ctx, &r, q, measurementID); err != nil {
		return ReferralSource{}, fmt.Errorf("referral source of measurement %d: %w", measurementID, notFound(err))
	}
	return r, nil
}

// NewReferral is a referral to store.
type NewReferral struct {
	ChildID, MeasurementID, PosyanduID, PuskesmasID, ReferredBy int64
	Reasons                                                     []string
	At                                                          time.Time
}

// InsertReferral stores a referral unless its measurement has one already.
// It returns the id of the referral of that measurement and whether this
// call created it.
func (s *Store) InsertReferral(ctx context.Context, n NewReferral) (int64, bool, error) {
	const q = `
		INSERT INTO referrals (child_id, measurement_id, reasons, posyandu_id, puskesmas_id, referred_by, created_at, moved_at)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0), $7, $7)
		ON CONFLICT (measurement_id) DO NOTHING
		RETURNING id`
	var id int64
	err := s.q.QueryRowxContext(ctx, q, n.ChildID, n.MeasurementID, pq.StringArray(n.Reasons), n.PosyanduID,
		n.PuskesmasID, n.ReferredBy, n.At).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("insert referral of measurement %d: %w", n.MeasurementID, err)
	}
	if err := s.q.GetContext(ctx, &id, `SELECT id FROM referrals WHERE measurement_id = $1`, n.MeasurementID); err != nil {
		return 0, false, fmt.Errorf("referral of measurement %d: %w", n.MeasurementID, notFound(err))
	}
	return id, false, nil
}

// Referral is a stored referral with its child and places.
type Referral struct {
	ID, MeasurementID, PosyanduID, PuskesmasID, ReferredBy int64
	Reasons                                                []string
	Status, Finding, Note, Treatment                       string
	CreatedAt, MovedAt                                     time.Time
	Child                                                  child.Child
	// Posyandu and Puskesmas are names; RegionCode is the posyandu's region.
	Posyandu, Puskesmas, RegionCode string
	// Measurement is the measurement referred, only from Referral.
	Measurement *child.Measurement
}

type referralRow struct {
	childRow
	RefID         int64          `db:"ref_id"`
	MeasurementID int64          `db:"measurement_id"`
	RefPosyanduID int64          `db:"ref_posyandu_id"`
	PuskesmasID   int64          `db:"puskesmas_id"`
	ReferredBy    sql.NullInt64  `db:"referred_by"`
	Reasons       pq.StringArray `db:"reasons"`
	Status        string         `db:"status"`
	Finding       sql.NullString `db:"finding"`
	Note          sql.NullString `db:"note"`
	Treatment     sql.NullString `db:"treatment"`
	CreatedAt     time.Time      `db:"created_at"`
	MovedAt       time.Time      `db:"moved_at"`
	PosyanduName  string         `db:"posyandu_name"`
	PuskesmasName string         `db:"puskesmas_name"`
	RegionCode    string         `db:"region_code"`
}

func (r referralRow) referral() Referral {
	return Referral{
		ID: r.RefID, MeasurementID: r.MeasurementID, PosyanduID: r.RefPosyanduID, PuskesmasID: r.PuskesmasID,
		ReferredBy: r.ReferredBy.Int64, Reasons: r.Reasons, Status: r.Status, Finding: r.Finding.String,
		Note: r.Note.String, Treatment: r.Treatment.String, CreatedAt: r.CreatedAt, MovedAt: r.MovedAt,
		Child: r.child(), Posyandu: r.PosyanduName, Puskesmas: r.PuskesmasName, RegionCode: r.RegionCode,
	}
}

const referralSelect = `
	SELECT ` + childColumns + `, r.id AS ref_id, r.measurement_id, r.posyandu_id AS ref_posyandu_id, r.puskesmas_id,
		r.referred_by, r.reasons, r.status, r.finding, r.note, r.treatment, r.created_at, r.moved_at,
		py.name AS posyandu_name, pk.name AS puskesmas_name, py.region_code
	FROM referrals r
	JOIN children c ON c.id = r.child_id AND c.deleted_at IS NULL
	JOIN posyandu py ON py.id = r.posyandu_id
	JOIN puskesmas pk ON pk.id = r.puskesmas_id`

// Referral returns a referral with its measurement, or ErrNotFound.
func (s *Store) Referral(ctx context.Context, id int64) (Referral, error) {
	var r referralRow
	if err := s.q.GetContext(ctx, &r, referralSelect+` WHERE r.id = $1`, id); err != nil {
		return Referral{}, fmt.Errorf("load referral %d: %w", id, notFound(err))
	}
	out := r.referral()
	var m measurementRow
	err := s.q.GetContext(ctx, &m, `SELECT `+measurementColumns+` FROM measurements m WHERE m.id = $1`, r.MeasurementID)
	if err != nil {
		return Referral{}, fmt.Errorf("measurement of referral %d: %w", id, notFound(err))
	}
	mm := m.measurement()
	out.Measurement = &mm
	return out, nil
}

// ReferralMove moves a referral from one status to the next.
type ReferralMove struct {
	ID       int64
	From, To string
	// Finding, Note and Treatment are set when not empty.
	Finding, Note, Treatment string
	By                       int64
	At                       time.Time
}

// MoveReferral applies a move, or returns ErrChanged when the referral is
// not in status From any more (ErrNotFound when it does not exist).
func (s *Store) MoveReferral(ctx context.Context, m ReferralMove) error {
	const q = `
		UPDATE referrals SET status = $3,
			finding = COALESCE(NULLIF($4, ''), finding), note = COALESCE(NULLIF($5, ''), note),
			treatment = COALESCE(NULLIF($6, ''), treatment), moved_by = NULLIF($7, 0), moved_at = $8
		WHERE id = $1 AND status = $2`
	res, err := s.q.ExecContext(ctx, q, m.ID, m.From, m.To, m.Finding, m.Note, m.Treatment, m.By, m.At)
	if err != nil {
		return fmt.Errorf("move referral %d to %s: %w", m.ID, m.To, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("move referral %d from %s: %w", m.ID, m.From, ErrChanged)
	}
	return nil
}

// ReferralFilter selects open referrals: those to any of the puskesmas,
// from any of the posyandu, or in any of the regions (code prefixes). An
// empty filter selects none.
type ReferralFilter struct {
	PuskesmasIDs, PosyanduIDs []int64
	Regions                   []string
	Limit                     int
}

// OpenReferrals lists open referrals (not selesai) matching f, oldest first.
func (s *Store) OpenReferrals(ctx context.Context, f ReferralFilter) ([]Referral, error) {
	var or []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if len(f.PuskesmasIDs) > 0 {
		or = append(or, `r.puskesmas_id = ANY(CAST(`+arg(pq.Int64Array(f.PuskesmasIDs))+` AS bigint[]))`)
	}
	if len(f.PosyanduIDs) > 0 {
		or = append(or, `r.posyandu_id = ANY(CAST(`+arg(pq.Int64Array(f.PosyanduIDs))+` AS bigint[]))`)
	}
	for _, code := range f.Regions {
		p := arg(code)
		or = append(or, `(py.region_code = `+p+` OR py.region_code LIKE `+p+` || '.%')`)
	}
	if len(or) == 0 {
		return nil, nil
	}
	where := []string{`r.status <> 'selesai'`, `(` + strings.Join(or, ` OR `) + `)`}
	q := referralSelect + ` WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY r.created_at, r.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	var rows []referralRow
	if err := s.q.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("list open referrals: %w", err)
	}
	out := make([]Referral, len(rows))
	for i, r := range rows {
		out[i] = r.referral()
	}
	return out, nil
}

// StaleReferrals lists open referrals of any puskesmas not moved since
// before, oldest first.
func (s *Store) StaleReferrals(ctx context.Context, before time.Time) ([]Referral, error) {
	q := referralSelect + ` WHERE r.status <> 'selesai' AND r.moved_at <= $1 ORDER BY r.created_at, r.id`
	var rows []referralRow
	if err := s.q.SelectContext(ctx, &rows, q, before); err != nil {
		return nil, fmt.Errorf("list stale referrals: %w", err)
	}
	out := make([]Referral, len(rows))
	for i, r := range rows {
		out[i] = r.referral()
	}
	return out, nil
}

// NakesOf returns the user ids of the health workers of a puskesmas.
func (s *Store) NakesOf(ctx context.Context, puskesmasID int64) ([]int64, error) {
	const q = `SELECT DISTINCT user_id FROM user_roles WHERE role = 'nakes' AND puskesmas_id = $1 ORDER BY user_id`
	var ids []int64
	if err := s.q.SelectContext(ctx, &ids, q, puskesmasID); err != nil {
		return nil, fmt.Errorf("nakes of puskesmas %d: %w", puskesmasID, err)
	}
	return ids, nil
}

// ReferralsOfChild lists every referral of a child, open or closed, oldest
// first: what a data export owes the family.
func (s *Store) ReferralsOfChild(ctx context.Context, childID int64) ([]Referral, error) {
	var rows []referralRow
	if err := s.q.SelectContext(ctx, &rows, referralSelect+` WHERE r.child_id = $1 ORDER BY r.created_at, r.id`, childID); err != nil {
		return nil, fmt.Errorf("referrals of child %d: %w", childID, err)
	}
	out := make([]Referral, len(rows))
	for i, r := range rows {
		out[i] = r.referral()
	}
	return out, nil
}
