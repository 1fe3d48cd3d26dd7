package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/demo"
)

// adminDemo is `tumbuh admin demo`: synthetic children and weighings.
func adminDemo(ctx context.Context, db *sqlx.DB, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	children := fs.Int("children", 1000, "how many children")
	months := fs.Int("months", 12, "weighings in the last M months, this one included")
	seed := fs.Uint64("seed", 1, "random seed")
	regionCode := fs.String("region", "", "only the kelurahan under this Kemendagri code")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *children <= 0 || *months <= 0 || *months > 60 {
		return usageError{"--children must be positive and --months between 1 and 60"}
	}
	seeded, err := app.SeedDemo(ctx, db)
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintln(stdout, "no regions yet: loaded Kota Tangerang Selatan")
	}
	start := time.Now()
	res, err := demo.Load(ctx, db, demo.Options{Children: *children, Months: *months, Seed: *seed,
		Region: *regionCode, Today: time.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d children and %d measurements at %d posyandu (%d new) in %s\n",
		res.Children, res.Measurements, res.Posyandu, res.NewPosyandu, time.Since(start).Round(time.Millisecond))
	return nil
}
