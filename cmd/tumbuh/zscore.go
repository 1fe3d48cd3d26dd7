package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
)

const zscoreUsage = `usage: tumbuh zscore [--in file.csv] [--out file.csv] [--summary]

Adds WHO z-scores, flags and Indonesian categories to a CSV of measurements,
like the survey module of WHO Anthro, or with --summary prints prevalence
(percent and 95% CI) by sex and age group instead.

Input columns (by header name, any case, any order; others are kept):
  sex                    1/2, m/f, l/p
  age_days | age_months | birth_date + visit_date (YYYY-MM-DD)
  weight (kg), lenhei (cm), measure (l/h, empty = unknown), oedema (y/n)
  headc, armc (cm), triskin, subskin (mm)  optional
Separator: comma, semicolon or tab (from the header); a decimal comma is read.

Bad rows are reported on stderr with their line number and get empty scores.
Exit status: 0, or 1 when the file cannot be read, 2 for bad flags.

flags:
`

// runZscore is the `tumbuh zscore` command: it reads a CSV of measurements
// and writes it back with z-score columns, or a prevalence summary.
func runZscore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zscore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	inPath := fs.String("in", "", "input CSV file (default stdin)")
	outPath := fs.String("out", "", "output CSV file (default stdout)")
	summary := fs.Bool("summary", false, "print a prevalence table instead of the scored rows")
	fs.Usage = func() {
		fmt.Fprint(stderr, zscoreUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tumbuh zscore: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}

	in := stdin
	if *inPath != "" {
		f, err := os.Open(*inPath)
		if err != nil {
			fmt.Fprintf(stderr, "tumbuh zscore: cannot read the input: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	in = contextReader{ctx, in}
	bad := func(e survey.RowError) {
		fmt.Fprintf(stderr, "tumbuh zscore: line %d: %s (scores left empty)\n", e.Line, e.Reason)
	}

	if *summary {
		p, err := survey.Summarize(in, bad)
		if err != nil {
			fmt.Fprintf(stderr, "tumbuh zscore: %v\n", err)
			return 1
		}
		return writeOut(*outPath, stdout, stderr, p.Print)
	}
	return writeOut(*outPath, stdout, stderr, func(w io.Writer) error {
		_, err := survey.Score(in, w, bad)
		return err
	})
}

// writeOut runs write against --out (created) or stdout, reporting errors.
func writeOut(path string, stdout, stderr io.Writer, write func(io.Writer) error) int {
	out := stdout
	var f *os.File
	if path != "" {
		var err error
		if f, err = os.Create(path); err != nil {
			fmt.Fprintf(stderr, "tumbuh zscore: cannot create the output: %v\n", err)
			return 1
		}
		out = f
	}
	err := write(out)
	if f != nil {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "tumbuh zscore: %v\n", err)
		return 1
	}
	return 0
}

// contextReader stops reading once ctx is done (Ctrl-C on a long file).
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

// Read implements io.Reader.
func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, fmt.Errorf("interrupted: %w", err)
	}
	return c.r.Read(p)
}
