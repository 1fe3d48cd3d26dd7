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
	"text/tabwriter"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/account"
	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/region"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

const adminUsage = `usage: tumbuh admin <task> [flags]

tasks:
  regions import FILE        load regions from a CSV: code,parent_code,level,name
  posyandu add --kelurahan CODE --name NAME --puskesmas NAME
                             add a posyandu in a kelurahan (desa), under a puskesmas
                             of its kecamatan (created when new)
  posyandu list              list posyandu with their ids
  schedule ID "Selasa ke-2 08:00-11:00 Balai RW 03"
  schedule ID "2027-01-12 08:00-11:00 Balai RW 03"
  schedule ID cancel 2027-01-12
  schedule ID                set a posyandu's schedule (the nth weekday of each month,
                             "setiap Sabtu …" weekly, or one date), cancel a day (those
                             already reminded are told), or list its coming days
  posgizi ID --start 2027-01-04 --children 3,5 [--sessions 12] [--time 09:00-11:00] [--place TEXT]
                             start a pos gizi round at a posyandu: a session a day but
                             Sundays; its mothers and cadres are reminded each morning
  puskesmas list             list puskesmas with their ids
  invite --role kader --posyandu ID
  invite --role nakes --puskesmas ID
  invite --role admin [--region CODE]
                             make a one-time invite; prints the code and the link
                             (--valid 168h sets how long it works)
  report skdn --region CODE|--posyandu ID|--puskesmas ID --month YYYY-MM [--format text|csv|children]
                             the SKDN / Format F2 of a month
  demo --children N --months M [--seed S] [--region CODE]
                             fill the database with synthetic children and weighings
  broadcast --text TEXT [--text-en TEXT] [--photo FILE] [--role ROLE]...
            [--region CODE] [--posyandu ID] [--child-age 6-11]
            [--at "2026-12-01 09:00"] [--dry-run] [--yes]
                             show a broadcast as recipients will see it, how many
                             it reaches and how long it takes; --yes queues it
  broadcast status ID        how far a broadcast got: sent, blocked, failed
  broadcast cancel ID        stop a broadcast; what is not sent yet is dropped
`

// runAdmin is `tumbuh admin`: operator tasks against the configured database.
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, adminUsage)
		return 0
	}
	cfg, log, ok := loadConfig(getenv, stderr)
	if !ok {
		return 2
	}
	task := strings.Join(args[:min(2, len(args))], " ")
	if args[0] == "invite" || args[0] == "demo" || args[0] == "schedule" || args[0] == "posgizi" ||
		args[0] == "broadcast" && (len(args) < 2 || args[1] != "status" && args[1] != "cancel") {
		task = args[0]
	}
	var rest []string
	switch task {
	case "invite", "demo", "schedule", "posgizi", "broadcast":
		rest = args[1:]
	case "broadcast status", "broadcast cancel", "regions import", "posyandu add", "posyandu list", "puskesmas list",
		"report skdn":
		rest = args[2:]
	default:
		fmt.Fprintf(stderr, "tumbuh admin: unknown task %q\n\n%s", strings.Join(args, " "), adminUsage)
		return 2
	}
	db, closeDB, err := app.OpenDatabase(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "tumbuh admin: %v\n", err)
		return 1
	}
	defer closeDB()
	switch task {
	case "regions import":
		err = adminImportRegions(ctx, db, rest, stdout)
	case "posyandu add":
		err = adminAddPosyandu(ctx, db, rest, stdout, stderr)
	case "posyandu list":
		err = adminListPosyandu(ctx, db, stdout)
	case "puskesmas list":
		err = adminListPuskesmas(ctx, db, stdout)
	case "invite":
		err = adminInvite(ctx, db, cfg, rest, stdout, stderr)
	case "report skdn":
		err = adminReportSKDN(ctx, db, rest, stdout, stderr)
	case "demo":
		err = adminDemo(ctx, db, rest, stdout, stderr)
	case "schedule":
		err = adminSchedule(ctx, db, rest, stdout, time.Now())
	case "posgizi":
		err = adminPosGizi(ctx, db, rest, stdout, stderr)
	case "broadcast":
		err = adminBroadcast(ctx, db, cfg, rest, stdout, stderr)
	case "broadcast status", "broadcast cancel":
		err = adminBroadcastStatus(ctx, db, rest, task == "broadcast cancel", stdout)
	}
	var usageErr usageError
	if errors.As(err, &usageErr) {
		fmt.Fprintf(stderr, "tumbuh admin %s: %v\n", task, err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "tumbuh admin %s: %v\n", task, err)
		return 1
	}
	return 0
}

// usageError is a mistake in the command line, answered with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func adminImportRegions(ctx context.Context, db *sqlx.DB, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError{"give one CSV file: tumbuh admin regions import FILE"}
	}
	f, err := os.Open(args[0])
	if err != nil {
		return fmt.Errorf("open regions file: %w", err)
	}
	defer f.Close()
	n, err := app.ImportRegions(ctx, db, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d regions\n", n)
	return nil
}

func adminAddPosyandu(ctx context.Context, db *sqlx.DB, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("posyandu add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kel := fs.String("kelurahan", "", "Kemendagri code of the kelurahan/desa, e.g. 36.74.01.1001")
	name := fs.String("name", "", "posyandu name, e.g. \"Posyandu Melati\"")
	pkm := fs.String("puskesmas", "", "name of the puskesmas the posyandu reports to")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *kel == "" || strings.TrimSpace(*name) == "" || strings.TrimSpace(*pkm) == "" {
		return usageError{"--kelurahan, --name and --puskesmas are required"}
	}
	r, err := store.RegionByCode(ctx, db, *kel)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no region %s: import regions first", *kel)
	}
	if err != nil {
		return err
	}
	if r.Level != region.LevelDesa {
		return usageError{fmt.Sprintf("%s (%s) is a %s, not a kelurahan/desa", r.Code, r.Name, r.Level)}
	}
	p, err := store.EnsurePuskesmas(ctx, db, r.ParentCode, strings.TrimSpace(*pkm))
	if err != nil {
		return err
	}
	pos, err := store.EnsurePosyandu(ctx, db, r.Code, strings.TrimSpace(*name), p.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "posyandu %d: %s, %s (puskesmas %d: %s)\n", pos.ID, pos.Name, r.Name, p.ID, p.Name)
	return nil
}

func adminListPosyandu(ctx context.Context, db *sqlx.DB, stdout io.Writer) error {
	ps, err := store.ListPosyandu(ctx, db)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tKELURAHAN\tPUSKESMAS ID")
	for _, p := range ps {
		fmt.Fprintf(w, "%d\t%s\t%s\t%d\n", p.ID, p.Name, p.RegionCode, p.PuskesmasID)
	}
	return w.Flush()
}

func adminListPuskesmas(ctx context.Context, db *sqlx.DB, stdout io.Writer) error {
	ps, err := store.ListPuskesmas(ctx, db)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tKECAMATAN")
	for _, p := range ps {
		fmt.Fprintf(w, "%d\t%s\t%s\n", p.ID, p.Name, p.RegionCode)
	}
	return w.Flush()
}

func adminInvite(ctx context.Context, db *sqlx.DB, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "kader, nakes or admin")
	posyandu := fs.Int64("posyandu", 0, "posyandu id (kader)")
	puskesmas := fs.Int64("puskesmas", 0, "puskesmas id (nakes)")
	regionCode := fs.String("region", "", "region code an admin oversees (admin, optional)")
	valid := fs.Duration("valid", 7*24*time.Hour, "how long the invite works")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	inv, err := account.Invite(ctx, db, account.NewInvite{Role: *role, PosyanduID: *posyandu, PuskesmasID: *puskesmas,
		RegionCode: *regionCode, Valid: *valid, CreatedBy: "cli"}, time.Now())
	if errors.Is(err, account.ErrBadInvite) {
		return usageError{err.Error()}
	}
	if err != nil {
		return fmt.Errorf("%w (does the posyandu, puskesmas or region exist?)", err)
	}
	place := inv.PlaceName
	if place == "" {
		place = "-"
	}
	fmt.Fprintf(stdout, "invite code: %s\nrole: %s at %s\nvalid until: %s\n", inv.Code, inv.Role, place, inv.ExpiresAt.Format(time.RFC3339))
	if link := deepLink(ctx, cfg, inv.Code); link != "" {
		fmt.Fprintf(stdout, "link: %s\n", link)
	}
	fmt.Fprintf(stdout, "or send the bot: /start %s\n", inv.Code)
	return nil
}

// deepLink asks Telegram for the bot's username to build t.me/<bot>?start=<code>.
func deepLink(ctx context.Context, cfg config.Config, code string) string {
	if cfg.LocalMode() {
		return ""
	}
	c, err := bot.NewClient(cfg.TelegramToken, cfg.TelegramAPIURL)
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	me, err := c.API().GetMe(ctx)
	if err != nil || me.Username == "" {
		return ""
	}
	return "https://t.me/" + me.Username + "?start=" + code
}

// adminSchedule is `tumbuh admin schedule ID [plan | cancel DATE]`.
func adminSchedule(ctx context.Context, db *sqlx.DB, args []string, stdout io.Writer, now time.Time) error {
	if len(args) == 0 {
		return usageError{"needs a posyandu id (tumbuh admin posyandu list)"}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not a posyandu id", args[0])}
	}
	if _, err := store.On(db).PosyanduNames(ctx, []int64{id}); err != nil {
		return err
	}
	switch {
	case len(args) == 3 && args[1] == "cancel":
		day, err := time.Parse("2006-01-02", args[2])
		if err != nil {
			return usageError{fmt.Sprintf("%q: write the day as 2027-01-12", args[2])}
		}
		days, err := store.UpcomingPosyanduDays(ctx, db, id, now, 1000)
		if err != nil {
			return err
		}
		for _, d := range days {
			if d.Day.Equal(day) {
				if _, err := store.CancelPosyanduDay(ctx, db, d.ID, []int64{id}); err != nil {
					return err
				}
				fmt.Fprintf(stdout, "posyandu %d: %s cancelled; those already reminded will be told\n", id, args[2])
				return nil
			}
		}
		return fmt.Errorf("posyandu %d has no planned day %s", id, args[2])
	case len(args) == 2:
		plan, err := schedule.ParsePosyanduPlan(args[1])
		if err != nil {
			return usageError{err.Error()}
		}
		if err := scheduler.PlanPosyandu(ctx, db, id, plan, now); err != nil {
			return err
		}
	case len(args) != 1:
		return usageError{"give one schedule in quotes, or cancel DATE"}
	}
	days, err := store.UpcomingPosyanduDays(ctx, db, id, now, 6)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		fmt.Fprintf(stdout, "posyandu %d: no days planned\n", id)
	}
	for _, d := range days {
		loc := schedule.Zone(d.TimeZone)
		fmt.Fprintf(stdout, "%s  %s %s-%s  %s\n", d.Posyandu, d.Day.Format("Mon 2006-01-02"), d.StartsAt.In(loc).Format("15:04"),
			d.EndsAt.In(loc).Format("15:04"), d.Place)
	}
	return nil
}

// adminPosGizi is `tumbuh admin posgizi ID --start DATE --children IDS …`.
func adminPosGizi(ctx context.Context, db *sqlx.DB, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"needs a posyandu id (tumbuh admin posyandu list)"}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not a posyandu id", args[0])}
	}
	fs := flag.NewFlagSet("posgizi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	start := fs.String("start", "", "the first session's day, e.g. 2027-01-04")
	sessions := fs.Int("sessions", 12, "how many sessions (a day each, Sundays left out)")
	hours := fs.String("time", "09:00-11:00", "the sessions' local hours")
	place := fs.String("place", "", "where the sessions are held")
	kids := fs.String("children", "", "ids of the posyandu's children in the round, comma-separated")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	day, err := time.Parse("2006-01-02", *start)
	if err != nil {
		return usageError{"--start: write the day as 2027-01-04"}
	}
	if *sessions < 1 || *sessions > 30 {
		return usageError{"--sessions: 1 to 30"}
	}
	plan, err := schedule.ParsePosyanduPlan(day.Format("2006-01-02") + " " + *hours)
	if err != nil {
		return usageError{"--time: write the hours as 09:00-11:00"}
	}
	var children []int64
	for _, f := range strings.Split(*kids, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		c, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return usageError{fmt.Sprintf("--children: %q is not a child id", f)}
		}
		children = append(children, c)
	}
	if len(children) == 0 {
		return usageError{"--children is required"}
	}
	round, err := scheduler.StartPosGizi(ctx, db, scheduler.PosGiziRound{PosyanduID: id, Start: day, Sessions: *sessions,
		From: plan.Start, To: plan.End, Place: *place, Children: children})
	if err != nil {
		return err
	}
	last := schedule.SessionDays(day, *sessions)[*sessions-1]
	fmt.Fprintf(stdout, "pos gizi round %d: %d sessions, %s to %s, %d children\n", round, *sessions,
		day.Format("2006-01-02"), last.Format("2006-01-02"), len(children))
	return nil
}
