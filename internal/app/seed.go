package app

import (
	"context"
	"fmt"
	"io"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/region"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// ImportRegions reads a regions CSV (code,parent_code,level,name) and
// stores every region with its province's time zone. Importing again
// updates names; nothing is deleted.
func ImportRegions(ctx context.Context, db *sqlx.DB, r io.Reader) (int, error) {
	regions, err := region.Parse(r)
	if err != nil {
		return 0, fmt.Errorf("read regions: %w", err)
	}
	return storeRegions(ctx, db, regions)
}

func storeRegions(ctx context.Context, db *sqlx.DB, regions []region.Region) (int, error) {
	rows := make([]store.Region, len(regions))
	for i, r := range regions {
		rows[i] = store.Region{Code: r.Code, ParentCode: r.ParentCode, Level: r.Level, Name: r.Name, Timezone: r.Timezone}
	}
	return store.UpsertRegions(ctx, db, rows)
}

// demoPosyandu are the posyandu local mode starts with, in Kota Tangerang Selatan.
var demoPosyandu = []struct{ kelurahan, name, puskesmasIn, puskesmas string }{
	{"36.74.01.1001", "Posyandu Melati", "36.74.01", "Puskesmas Serpong 1"},
	{"36.74.01.1001", "Posyandu Kenanga", "36.74.01", "Puskesmas Serpong 1"},
	{"36.74.01.1002", "Posyandu Mawar", "36.74.01", "Puskesmas Serpong 1"},
	{"36.74.03.1001", "Posyandu Anggrek", "36.74.03", "Puskesmas Pondok Betung"},
	{"36.74.06.1001", "Posyandu Dahlia", "36.74.06", "Puskesmas Pamulang"},
}

// SeedDemo fills an empty database with Kota Tangerang Selatan and a few
// posyandu, so local mode can be tried at once. It does nothing when
// regions exist already, and reports whether it seeded.
func SeedDemo(ctx context.Context, db *sqlx.DB) (bool, error) {
	n, err := store.CountRegions(ctx, db)
	if err != nil || n > 0 {
		return false, err
	}
	regions, err := region.TangerangSelatan()
	if err != nil {
		return false, err
	}
	if _, err := storeRegions(ctx, db, regions); err != nil {
		return false, err
	}
	for _, p := range demoPosyandu {
		pk, err := store.EnsurePuskesmas(ctx, db, p.puskesmasIn, p.puskesmas)
		if err != nil {
			return false, err
		}
		if _, err := store.EnsurePosyandu(ctx, db, p.kelurahan, p.name, pk.ID); err != nil {
			return false, err
		}
	}
	return true, nil
}
