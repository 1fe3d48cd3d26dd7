// Package broadcast is an admin's message to many people: the options the
// chat (/siaran) and `tumbuh admin broadcast` share, their checks, the
// count and ETA shown before anything is queued, and the queueing itself.
package broadcast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Telegram's limits on a message and a photo's caption, in characters.
const (
	MaxText    = 4096
	MaxCaption = 1024
)

// Roles a broadcast may address.
var Roles = []string{"orang_tua", "ibu_hamil", "remaja_putri", "kader", "nakes", "admin"}

// Draft is a broadcast before it is queued.
type Draft struct {
	TextID string // Indonesian, required
	TextEN string // English, optional: English speakers get TextID without it
	Photo  []byte
	// PhotoFileID is a photo Telegram already has: the one an admin sent
	// in the chat.
	PhotoFileID string
	Audience    store.Audience
	SendAt      time.Time // zero: now
}

// Problems with a draft; they wrap ErrInvalid.
var (
	ErrInvalid     = errors.New("invalid broadcast")
	ErrOutOfRegion = fmt.Errorf("%w: the region or posyandu is outside your own region", ErrInvalid)
)

// Validate checks a draft against Telegram's limits and the known roles;
// now is the time a SendAt must be after.
func (d Draft) Validate(now time.Time) error {
	var errs []error
	limit := MaxText
	if len(d.Photo) > 0 || d.PhotoFileID != "" {
		limit = MaxCaption
	}
	if strings.TrimSpace(d.TextID) == "" {
		errs = append(errs, fmt.Errorf("%w: the Indonesian text is required", ErrInvalid))
	}
	for _, t := range []string{d.TextID, d.TextEN} {
		if n := utf8.RuneCountInString(t); n > limit {
			errs = append(errs, fmt.Errorf("%w: a text has %d characters, at most %d allowed", ErrInvalid, n, limit))
		}
	}
	for _, r := range d.Audience.Roles {
		if !slices.Contains(Roles, r) {
			errs = append(errs, fmt.Errorf("%w: unknown role %q (use %s)", ErrInvalid, r, strings.Join(Roles, ", ")))
		}
	}
	a := d.Audience
	if a.ChildMaxMonths > 0 && len(a.Roles) > 0 && !slices.Contains(a.Roles, "orang_tua") {
		errs = append(errs, fmt.Errorf("%w: a child age band needs the orang_tua role", ErrInvalid))
	}
	if !d.SendAt.IsZero() && !d.SendAt.After(now) {
		errs = append(errs, fmt.Errorf("%w: the time to send is in the past", ErrInvalid))
	}
	return errors.Join(errs...)
}

// ParseAgeBand reads a child age band in months such as "6-11".
func ParseAgeBand(s string) (minMonths, maxMonths int, err error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil || a < 0 || b < a || b > 72 {
		return 0, 0, fmt.Errorf("%w: age band %q: use months like 6-11 (0 to 72)", ErrInvalid, s)
	}
	return a, b, nil
}

// ParseAt reads "2026-12-01 09:00" in loc, the admin's time zone.
func ParseAt(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: time %q: use YYYY-MM-DD HH:MM", ErrInvalid, s)
	}
	return t, nil
}

// Plan is what the admin sees before confirming.
type Plan struct {
	Count int
	// Backlog is the bulk messages due before this one's start.
	Backlog int
	// ETA is how long sending takes from its start, backlog included, at
	// the configured rate.
	ETA time.Duration
}

// ETA is how long n messages take at rate a second (0: unpaced, taken as
// 1000 a second).
func ETA(n int, rate float64) time.Duration {
	if rate <= 0 {
		rate = 1000
	}
	return time.Duration(math.Ceil(float64(n)/rate)) * time.Second
}

// Check validates a draft and that its region and posyandu lie within
// scope, the admin's own region ("" for an operator at the command line).
func Check(ctx context.Context, q store.Querier, d Draft, scope string, now time.Time) error {
	if err := d.Validate(now); err != nil {
		return err
	}
	a := d.Audience
	if a.Region != "" {
		if _, err := store.RegionByCode(ctx, q, a.Region); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: no region %s", ErrInvalid, a.Region)
		} else if err != nil {
			return err
		}
		ok, err := store.RegionWithin(ctx, q, a.Region, scope)
		if err != nil {
			return err
		}
		if !ok {
			return ErrOutOfRegion
		}
	}
	if a.Posyandu != 0 {
		code, err := store.PosyanduRegion(ctx, q, a.Posyandu)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: no posyandu %d", ErrInvalid, a.Posyandu)
		} else if err != nil {
			return err
		}
		ok, err := store.RegionWithin(ctx, q, code, scope)
		if err != nil {
			return err
		}
		if !ok {
			return ErrOutOfRegion
		}
	}
	if scope != "" && a.Region == "" && a.Posyandu == 0 {
		return fmt.Errorf("%w: choose a region or posyandu within your own region", ErrInvalid)
	}
	return nil
}

// Preview counts a checked draft's recipients and estimates how long
// sending takes at rate messages a second.
func Preview(ctx context.Context, q store.Querier, d Draft, rate float64, now time.Time) (Plan, error) {
	n, err := store.CountAudience(ctx, q, d.Audience)
	if err != nil {
		return Plan{}, err
	}
	start := d.SendAt
	if start.IsZero() {
		start = now
	}
	backlog, err := store.BulkBacklog(ctx, q, start)
	if err != nil {
		return Plan{}, err
	}
	return Plan{Count: n, Backlog: backlog, ETA: ETA(n+backlog, rate)}, nil
}

// Queue checks a draft and queues it for everyone in its audience; see
// store.QueueBroadcast for why a repeat queues nobody twice.
func Queue(ctx context.Context, db *sqlx.DB, d Draft, scope, createdBy string, now time.Time) (id int64, queued int, err error) {
	if err := Check(ctx, db, d, scope, now); err != nil {
		return 0, 0, err
	}
	return store.QueueBroadcast(ctx, db, d.record(createdBy))
}

// QueueOn is Queue in the caller's transaction (a chat turn's).
func QueueOn(ctx context.Context, q store.Querier, d Draft, scope, createdBy string, now time.Time) (id int64, queued int, err error) {
	if err := Check(ctx, q, d, scope, now); err != nil {
		return 0, 0, err
	}
	return store.QueueBroadcastOn(ctx, q, d.record(createdBy))
}

func (d Draft) record(createdBy string) store.NewBroadcast {
	return store.NewBroadcast{
		CreatedBy: createdBy, TextID: d.TextID, TextEN: d.TextEN, Photo: d.Photo, PhotoFileID: d.PhotoFileID, Audience: d.Audience, SendAt: d.SendAt,
	}
}
