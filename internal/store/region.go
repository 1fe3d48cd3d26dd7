package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Region is one administrative region.
type Region struct {
	Code       string `db:"code"`
	ParentCode string `db:"parent_code"`
	Level      string `db:"level"`
	Name       string `db:"name"`
	Timezone   string `db:"timezone"`
}

// Place is an item to choose from: a region code or a posyandu id, and a name.
type Place struct {
	Code string `db:"code"`
	Name string `db:"name"`
}

// UpsertRegions inserts or updates regions in one transaction. Parents must
// come before their children (or already exist).
func UpsertRegions(ctx context.Context, db *sqlx.DB, regions []Region) (int, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin region import: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	const q = `
		INSERT INTO regions (code, parent_code, level, name, timezone)
		VALUES (:code, NULLIF(:parent_code, ''), :level, :name, :timezone)
		ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level,
			name = EXCLUDED.name, timezone = EXCLUDED.timezone`
	const batch = 1000
	for start := 0; start < len(regions); start += batch {
		end := min(start+batch, len(regions))
		if _, err := tx.NamedExecContext(ctx, q, regions[start:end]); err != nil {
			return 0, fmt.Errorf("import regions %s…: %w", regions[start].Code, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit region import: %w", err)
	}
	return len(regions), nil
}

// KecamatanWithPosyandu lists the districts that have at least one posyandu, by name.
func (t *Tx) KecamatanWithPosyandu(ctx context.Context) ([]Place, error) {
	const q = `
		SELECT DISTINCT k.code, k.name
		FROM posyandu p
		JOIN regions d ON d.code = p.region_code
		JOIN regions k ON k.code = d.parent_code AND k.level = 'kecamatan'
		ORDER BY k.name, k.code`
	var out []Place
	if err := t.q.SelectContext(ctx, &out, q); err != nil {
		return nil, fmt.Errorf("list kecamatan: %w", err)
	}
	return out, nil
}

// Kelurahan lists the villages of a district, by name.
func (t *Tx) Kelurahan(ctx context.Context, kecamatan string) ([]Place, error) {
	const q = `SELECT code, name FROM regions WHERE parent_code = $1 AND level = 'desa' ORDER BY name, code`
	var out []Place
	if err := t.q.SelectContext(ctx, &out, q, kecamatan); err != nil {
		return nil, fmt.Errorf("list kelurahan of %s: %w", kecamatan, err)
	}
	return out, nil
}

// PosyanduIn lists the posyandu of a village, by name; Code is the id.
func (t *Tx) PosyanduIn(ctx context.Context, kelurahan string) ([]Place, error) {
	const q = `SELECT CAST(id AS text) AS code, name FROM posyandu WHERE region_code = $1 ORDER BY name, id`
	var out []Place
	if err := t.q.SelectContext(ctx, &out, q, kelurahan); err != nil {
		return nil, fmt.Errorf("list posyandu of %s: %w", kelurahan, err)
	}
	return out, nil
}

// Puskesmas is a community health centre.
type Puskesmas struct {
	ID         int64  `db:"id"`
	Name       string `db:"name"`
	RegionCode string `db:"region_code"`
}

// Posyandu is a village health post.
type Posyandu struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	RegionCode  string `db:"region_code"`
	PuskesmasID int64  `db:"puskesmas_id"`
}

// EnsurePuskesmas returns the puskesmas of that name in the region, creating it if needed.
func EnsurePuskesmas(ctx context.Context, db *sqlx.DB, regionCode, name string) (Puskesmas, error) {
	const q = `
		INSERT INTO puskesmas (region_code, name) VALUES ($1, $2)
		ON CONFLICT (region_code, name) DO UPDATE SET name = EXCLUDED.name
		RETURNING id, name, region_code`
	var p Puskesmas
	if err := db.GetContext(ctx, &p, q, regionCode, name); err != nil {
		return Puskesmas{}, fmt.Errorf("ensure puskesmas in %s: %w", regionCode, err)
	}
	return p, nil
}

// EnsurePosyandu returns the posyandu of that name in the kelurahan, creating it if needed.
func EnsurePosyandu(ctx context.Context, db *sqlx.DB, kelurahan, name string, puskesmasID int64) (Posyandu, error) {
	const q = `
		INSERT INTO posyandu (region_code, name, puskesmas_id) VALUES ($1, $2, $3)
		ON CONFLICT (region_code, name) DO UPDATE SET puskesmas_id = EXCLUDED.puskesmas_id
		RETURNING id, name, region_code, puskesmas_id`
	var p Posyandu
	if err := db.GetContext(ctx, &p, q, kelurahan, name, puskesmasID); err != nil {
		return Posyandu{}, fmt.Errorf("ensure posyandu in %s: %w", kelurahan, err)
	}
	return p, nil
}

// ListPosyandu lists every posyandu with its kelurahan name, for operators.
func ListPosyandu(ctx context.Context, db *sqlx.DB) ([]Posyandu, error) {
	var out []Posyandu
	if err := db.SelectContext(ctx, &out, `SELECT id, name, region_code, puskesmas_id FROM posyandu ORDER BY id`); err != nil {
		return nil, fmt.Errorf("list posyandu: %w", err)
	}
	return out, nil
}

// CountRegions returns how many regions are stored.
func CountRegions(ctx context.Context, db *sqlx.DB) (int, error) {
	var n int
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM regions`); err != nil {
		return 0, fmt.Errorf("count regions: %w", err)
	}
	return n, nil
}

// ListPuskesmas lists every puskesmas, for operators.
func ListPuskesmas(ctx context.Context, db *sqlx.DB) ([]Puskesmas, error) {
	var out []Puskesmas
	if err := db.SelectContext(ctx, &out, `SELECT id, name, region_code FROM puskesmas ORDER BY id`); err != nil {
		return nil, fmt.Errorf("list puskesmas: %w", err)
	}
	return out, nil
}

// RegionByCode returns one region, or ErrNotFound.
func RegionByCode(ctx context.Context, db Querier, code string) (Region, error) {
	var r Region
	const q = `SELECT code, COALESCE(parent_code, '') AS parent_code, level, name, timezone FROM regions WHERE code = $1`
	if err := db.GetContext(ctx, &r, q, code); err != nil {
		return Region{}, fmt.Errorf("region %s: %w", code, notFound(err))
	}
	return r, nil
}

// PuskesmasName returns a puskesmas's name, or ErrNotFound.
func (s *Store) PuskesmasName(ctx context.Context, id int64) (string, error) {
	var name string
	if err := s.q.GetContext(ctx, &name, `SELECT name FROM puskesmas WHERE id = $1`, id); err != nil {
		return "", fmt.Errorf("puskesmas %d: %w", id, notFound(err))
	}
	return name, nil
}

// RegionName returns a region's name, or ErrNotFound.
func (s *Store) RegionName(ctx context.Context, code string) (string, error) {
	var name string
	if err := s.q.GetContext(ctx, &name, `SELECT name FROM regions WHERE code = $1`, code); err != nil {
		return "", fmt.Errorf("region %s: %w", code, notFound(err))
	}
	return name, nil
}
