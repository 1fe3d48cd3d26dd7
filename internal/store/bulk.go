package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// Bulk loads many children and measurements in one transaction with COPY:
// first the children (Children), then their measurements, streamed
// (Measurement). Rows go in as given: the caller fills every computed
// column (child.Evaluate) and keeps one current measurement per child and
// day. It is for loading data (the demo), not for a person's turn.
type Bulk struct {
	tx   *sqlx.Tx
	meas *sql.Stmt
	n    int
}

// BeginBulk starts a bulk load.
func BeginBulk(ctx context.Context, db *sqlx.DB) (*Bulk, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin bulk load: %w", err)
	}
	return &Bulk{tx: tx}, nil
}

// ReserveChildIDs takes n ids from the children sequence, so measurements
// can name their child before the children are copied.
func (b *Bulk) ReserveChildIDs(ctx context.Context, n int) ([]int64, error) {
	var ids []int64
	if err := b.tx.SelectContext(ctx, &ids, `SELECT nextval('children_id_seq') FROM generate_series(1, $1)`, n); err != nil {
		return nil, fmt.Errorf("reserve %d child ids: %w", n, err)
	}
	return ids, nil
}

// Children copies children with their ids; hasKIA[i] says whether child i
// has a Buku KIA. It must come before the first Measurement.
func (b *Bulk) Children(ctx context.Context, cs []child.Child, hasKIA []bool) error {
	if b.meas != nil {
		return fmt.Errorf("copy children: measurements are being copied")
	}
	stmt, err := b.tx.PrepareContext(ctx, `COPY children (id, name, sex, birth_date, birth_weight_kg, birth_length_cm,
		posyandu_id, has_kia) FROM STDIN`)
	if err != nil {
		return fmt.Errorf("copy children: %w", err)
	}
	defer stmt.Close()
	for i, c := range cs {
		var pos any
		if c.PosyanduID != 0 {
			pos = c.PosyanduID
		}
		if _, err := stmt.ExecContext(ctx, c.ID, c.Name, string(c.Sex), c.BirthDate, nullIfZero(c.BirthWeightKg),
			nullIfZero(c.BirthLengthCm), pos, hasKIA[i]); err != nil {
			return fmt.Errorf("copy child %d: %w", c.ID, err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("copy children: %w", err)
	}
	return nil
}

// Measurement adds one current measurement, with its computed columns, to
// the copy.
func (b *Bulk) Measurement(ctx context.Context, m child.Measurement) error {
	if b.meas == nil {
		stmt, err := b.tx.PrepareContext(ctx, `COPY measurements (child_id, measured_on, weight_kg, lenhei_cm, position,
			head_cm, arm_cm, oedema, source, recorded_by,
			age_days, zlen, zwei, zwfl, zbmi, zhc, zac, flen, fwei, fwfl, fbmi, fhc, fac,
			cat_wfa, cat_hfa, cat_wfh, cat_bmi, trend, two_t, bgm, gain_g, kbm_g, referral) FROM STDIN`)
		if err != nil {
			return fmt.Errorf("copy measurements: %w", err)
		}
		b.meas = stmt
	}
	lenhei := nullIfZero(m.LenHeiCm)
	pos := position(m.Position)
	if lenhei == nil {
		pos = nil
	}
	var by any
	if m.RecordedBy != 0 {
		by = m.RecordedBy
	}
	args := append([]any{m.ChildID, m.On, nullIfZero(m.WeightKg), lenhei, pos, nullIfZero(m.HeadCm),
		nullIfZero(m.ArmCm), m.Oedema, string(m.Source), by}, computed(m)...)
	if _, err := b.meas.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("copy measurement of child %d: %w", m.ChildID, err)
	}
	b.n++
	return nil
}

// Commit ends the copy and commits; it returns how many measurements
// were loaded.
func (b *Bulk) Commit(ctx context.Context) (int, error) {
	if b.meas != nil {
		if _, err := b.meas.ExecContext(ctx); err != nil {
			return 0, fmt.Errorf("copy measurements: %w", err)
		}
		if err := b.meas.Close(); err != nil {
			return 0, fmt.Errorf("copy measurements: %w", err)
		}
	}
	if err := b.tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit bulk load: %w", err)
	}
	return b.n, nil
}

// Rollback abandons the load; after Commit it does nothing.
func (b *Bulk) Rollback() {
	if b.meas != nil {
		_ = b.meas.Close()
	}
	_ = b.tx.Rollback()
}

// RegionsUnder lists the regions of a level whose code is prefix or starts
// with prefix and a dot ("" for all), by code.
func RegionsUnder(ctx context.Context, db *sqlx.DB, prefix, level string) ([]Region, error) {
	const q = `
		SELECT code, COALESCE(parent_code, '') AS parent_code, level, name, timezone FROM regions
		WHERE level = $2 AND ($1 = '' OR code = $1 OR starts_with(code, $1 || '.'))
		ORDER BY code`
	var out []Region
	if err := db.SelectContext(ctx, &out, q, prefix, level); err != nil {
		return nil, fmt.Errorf("list %s under %q: %w", level, prefix, err)
	}
	return out, nil
}

// AnalyzeLoaded vacuums and analyzes the loaded tables after a bulk
// load: the planner then knows their size, and the reports read
// measurements_day_idx without visiting the table.
func AnalyzeLoaded(ctx context.Context, db *sqlx.DB) error {
	if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE) puskesmas, posyandu, children, measurements`); err != nil {
		return fmt.Errorf("vacuum after bulk load: %w", err)
	}
	return nil
}
