package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/broadcast"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// adminBroadcast is `tumbuh admin broadcast`: it shows the preview, the
// recipient count and the ETA, and queues only with --yes.
func adminBroadcast(ctx context.Context, db *sqlx.DB, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("broadcast", flag.ContinueOnError)
	fs.SetOutput(stderr)
	textID := fs.String("text", "", "the message in Indonesian (required)")
	textEN := fs.String("text-en", "", "the message in English (English speakers get --text without it)")
	photo := fs.String("photo", "", "a photo file to send, the text as its caption")
	var roles []string
	fs.Func("role", "a role to reach (repeat for several; default all): "+strings.Join(broadcast.Roles, ", "), func(s string) error {
		roles = append(roles, s)
		return nil
	})
	regionCode := fs.String("region", "", "a region code (kecamatan, kelurahan): the region and everything in it")
	posyandu := fs.Int64("posyandu", 0, "a posyandu id")
	childAge := fs.String("child-age", "", "for parents, their children's age band in months, e.g. 6-11")
	at := fs.String("at", "", `when to send, "2026-12-01 09:00" in the region's time zone (default now)`)
	dry := fs.Bool("dry-run", false, "show the preview, count and ETA; queue nothing")
	yes := fs.Bool("yes", false, "queue it (without it, only the preview, count and ETA are shown)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected %q: quote the text", strings.Join(fs.Args(), " "))}
	}
	d := broadcast.Draft{TextID: *textID, TextEN: *textEN,
		Audience: store.Audience{Roles: roles, Region: *regionCode, Posyandu: *posyandu}}
	if *photo != "" {
		b, err := os.ReadFile(*photo)
		if err != nil {
			return fmt.Errorf("read photo: %w", err)
		}
		d.Photo = b
	}
	if *childAge != "" {
		lo, hi, err := broadcast.ParseAgeBand(*childAge)
		if err != nil {
			return usageError{err.Error()}
		}
		d.Audience.ChildMinMonths, d.Audience.ChildMaxMonths = lo, hi
	}
	zone := schedule.DefaultZone // --at's zone when no --region says otherwise
	if *regionCode != "" {
		if r, err := store.RegionByCode(ctx, db, *regionCode); err == nil && r.Timezone != "" {
			zone = r.Timezone
		}
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return fmt.Errorf("time zone %s: %w", zone, err)
	}
	if *at != "" {
		t, err := broadcast.ParseAt(*at, loc)
		if err != nil {
			return usageError{err.Error()}
		}
		d.SendAt = t
	}
	now := time.Now()
	if err := broadcast.Check(ctx, db, d, "", now); err != nil {
		if errors.Is(err, broadcast.ErrInvalid) {
			return usageError{err.Error()}
		}
		return err
	}
	plan, err := broadcast.Preview(ctx, db, d, float64(cfg.TelegramRate), now)
	if err != nil {
		return err
	}
	printPreview(stdout, d, plan, cfg.TelegramRate, loc)
	switch {
	case *dry:
		fmt.Fprintln(stdout, "dry run: nothing queued")
		return nil
	case !*yes:
		fmt.Fprintln(stdout, "not queued: run it again with --yes to send it")
		return nil
	}
	id, n, err := broadcast.Queue(ctx, db, d, "", "cli", now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "queued broadcast %d to %d recipients\n", id, n)
	fmt.Fprintf(stdout, "follow it with: tumbuh admin broadcast status %d\n", id)
	return nil
}

// printPreview shows the messages as recipients will get them, then who
// and when.
func printPreview(w io.Writer, d broadcast.Draft, p broadcast.Plan, rate int, loc *time.Location) {
	for _, lang := range []string{"id", "en"} {
		m := outbox.Message{Broadcast: &outbox.BroadcastRef{Lang: lang}}
		outbox.RenderBroadcast(&m, store.BroadcastContent{TextID: d.TextID, TextEN: d.TextEN, Photo: d.Photo})
		fmt.Fprintf(w, "--- as %s speakers see it", map[string]string{"id": "Indonesian", "en": "English"}[lang])
		if m.Method == outbox.MethodSendPhoto {
			fmt.Fprintf(w, " (a photo of %d bytes, this text as its caption)", len(m.Photo))
		}
		fmt.Fprintf(w, " ---\n%s\n", m.Text)
	}
	fmt.Fprintln(w, "---")
	fmt.Fprintf(w, "recipients: %d\n", p.Count)
	if d.SendAt.IsZero() {
		fmt.Fprintln(w, "sends: now")
	} else {
		fmt.Fprintf(w, "sends: %s\n", d.SendAt.In(loc).Format("2006-01-02 15:04 MST"))
	}
	fmt.Fprintf(w, "takes about %s at %d messages a second", p.ETA, rate)
	if p.Backlog > 0 {
		fmt.Fprintf(w, " (after %d messages already queued)", p.Backlog)
	}
	fmt.Fprintln(w)
}

// adminBroadcastStatus is `tumbuh admin broadcast status|cancel ID`.
func adminBroadcastStatus(ctx context.Context, db *sqlx.DB, args []string, cancel bool, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError{"give the broadcast id"}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return usageError{fmt.Sprintf("broadcast id %q: not a number", args[0])}
	}
	var r store.BroadcastReport
	if cancel {
		r, err = store.CancelBroadcast(ctx, db, id)
	} else {
		r, err = store.BroadcastProgress(ctx, db, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no broadcast %d", id)
	}
	if err != nil {
		return err
	}
	state := string(r.Status)
	if r.Status == store.BroadcastQueued && r.Queued == 0 {
		state = "done"
	} else if r.Status == store.BroadcastQueued && r.SendAt.After(time.Now()) {
		state = "waiting for " + r.SendAt.Format(time.RFC3339)
	} else if r.Status == store.BroadcastQueued {
		state = "sending"
	}
	fmt.Fprintf(stdout, "broadcast %d: %s\nrecipients: %d\nsent: %d\nblocked: %d\nfailed: %d\ncancelled: %d\nstill queued: %d\n",
		r.ID, state, r.Total, r.Sent, r.Blocked, r.Failed, r.Cancelled, r.Queued)
	return nil
}
