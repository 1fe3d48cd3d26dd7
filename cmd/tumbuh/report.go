package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/report"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// itemLabels name the SKDN items in the operator's text output. The chat
// names them from the locales; this command is an operator tool.
var itemLabels = [skdn.NumItems]string{
	skdn.S:           "balita terdaftar (children under five)",
	skdn.K:           "punya Buku KIA (with a Buku KIA)",
	skdn.D:           "ditimbang (weighed this month)",
	skdn.DPrime:      "ditimbang 2 bulan (weighed this and last month)",
	skdn.N:           "naik (gained at least the KBM)",
	skdn.T:           "tidak naik (gained less)",
	skdn.TwoT:        "2x tidak naik (T twice in a row)",
	skdn.O:           "tidak ditimbang bulan lalu (not weighed last month)",
	skdn.B:           "baru (first weighing)",
	skdn.BGM:         "bawah garis merah (below the red line)",
	skdn.Stunted:     "pendek (stunted, TB/U < -2 SD)",
	skdn.Wasted:      "gizi kurang/buruk (wasted, BB/TB < -2 SD)",
	skdn.Underweight: "BB kurang (underweight, BB/U < -2 SD)",
	skdn.Overweight:  "gizi lebih (overweight, BB/TB > +2 SD)",
}

// adminReportSKDN is `tumbuh admin report skdn`.
func adminReportSKDN(ctx context.Context, db *sqlx.DB, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report skdn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	regionCode := fs.String("region", "", "Kemendagri code: a kelurahan, kecamatan or city (every posyandu under it)")
	posyandu := fs.Int64("posyandu", 0, "one posyandu id")
	puskesmas := fs.Int64("puskesmas", 0, "every posyandu of a puskesmas id")
	monthFlag := fs.String("month", "", "month, YYYY-MM")
	format := fs.String("format", "text", "text, csv (Format F2) or children (one row per child weighed)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	var scopes []skdn.Scope
	if *regionCode != "" {
		scopes = append(scopes, skdn.ForRegion(*regionCode))
	}
	if *posyandu != 0 {
		scopes = append(scopes, skdn.ForPosyandu(*posyandu))
	}
	if *puskesmas != 0 {
		scopes = append(scopes, skdn.ForPuskesmas(*puskesmas))
	}
	if len(scopes) != 1 {
		return usageError{"give one of --region CODE, --posyandu ID or --puskesmas ID"}
	}
	month, err := skdn.ParseMonth(*monthFlag)
	if err != nil {
		return usageError{"--month: " + err.Error()}
	}
	if err := scopes[0].Validate(); err != nil {
		return usageError{err.Error()}
	}
	switch *format {
	case "text", "csv":
		r, err := report.SKDN(ctx, db, scopes[0], month)
		if err != nil {
			return notFoundHint(err)
		}
		if *format == "csv" {
			return skdn.WriteF2(stdout, r, nil)
		}
		return writeSKDNText(stdout, r)
	case "children":
		rows, err := report.SKDNChildren(ctx, db, scopes[0], month)
		if err != nil {
			return notFoundHint(err)
		}
		return skdn.WriteChildren(stdout, rows)
	}
	return usageError{"--format must be text, csv or children"}
}

func notFoundHint(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w (see tumbuh admin posyandu list)", err)
	}
	return err
}

// writeSKDNText writes the totals with their ratios, then, for more than
// one posyandu, a line of counts per posyandu.
func writeSKDNText(w io.Writer, r *skdn.Report) error {
	s := r.Summary()
	fmt.Fprintf(w, "SKDN %s, %s: %d posyandu, %d reporting\n\n", s.Month, r.Scope, s.Posyandu, s.Reporting)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range s.Lines {
		ratio := ""
		if l.HasRatio {
			ratio = l.Kind.Code() + " " + l.Ratio.String()
			if l.Ratio.Den > 0 {
				ratio += "%"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", l.Item.Code(), itemLabels[l.Item], l.Count, ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Posyandu) < 2 {
		return nil
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := []string{"ID", "POSYANDU", "KELURAHAN"}
	for _, it := range skdn.Items() {
		head = append(head, it.Code())
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for i := range r.Posyandu {
		p := &r.Posyandu[i]
		cells := []string{strconv.FormatInt(p.ID, 10), p.Name, p.RegionCode}
		for _, it := range skdn.Items() {
			cells = append(cells, strconv.Itoa(p.Counts.Total(it)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}
