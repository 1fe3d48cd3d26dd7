// Package schedule answers when a reminder is due: RFC 5545 recurrence
// rules evaluated in the recipient's time zone, quiet hours, and until when
// a late reminder still makes sense. It does no I/O.
package schedule

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/teambition/rrule-go"
)

// DefaultZone is the zone of a person whose region is unknown: WIB, where
// most Indonesians live.
const DefaultZone = "Asia/Jakarta"

// zones caches Zone by name: time.LoadLocation reads and parses the zone
// file on every call, and every turn and every due reminder needs one.
var zones sync.Map // name → *time.Location

// Zone returns the location named (an IANA name such as "Asia/Makassar"),
// or WIB when the name is empty or unknown.
func Zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc := loadZone(name)
	zones.Store(name, loc)
	return loc
}

func loadZone(name string) *time.Location {
	if name == "" {
		name = DefaultZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		if loc, err = time.LoadLocation(DefaultZone); err != nil {
			return time.FixedZone("WIB", 7*3600)
		}
	}
	return loc
}

// Quiet are the local hours in which non-urgent messages wait: from Start
// to End the next morning, as offsets from midnight (21:00–06:00 by
// default).
type Quiet struct {
	Start, End time.Duration
}

// DefaultQuiet is 21:00–06:00.
var DefaultQuiet = Quiet{Start: 21 * time.Hour, End: 6 * time.Hour}

// clock is the time of day of t in loc, as an offset from midnight.
func clock(t time.Time, loc *time.Location) time.Duration {
	l := t.In(loc)
	return time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute +
		time.Duration(l.Second())*time.Second
}

// In reports whether t falls in quiet hours in loc.
func (q Quiet) In(t time.Time, loc *time.Location) bool {
	c := clock(t, loc)
	if q.Start == q.End {
		return false
	}
	if q.Start > q.End { // over midnight
		return c >= q.Start || c < q.End
	}
	return c >= q.Start && c < q.End
}

// Open returns t, or the end of the quiet hours t falls in.
func (q Quiet) Open(t time.Time, loc *time.Location) time.Time {
	if !q.In(t, loc) {
		return t
	}
	day := Midnight(t, loc)
	end := At(day, q.End)
	if !end.After(t) {
		end = At(day.AddDate(0, 0, 1), q.End)
	}
	return end
}

// Midnight is the start of t's day in loc.
func Midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// At is the local time of day on the day of midnight (a Midnight value).
func At(midnight time.Time, of time.Duration) time.Time {
	h, m := int(of/time.Hour), int(of%time.Hour/time.Minute)
	y, mo, d := midnight.Date()
	return time.Date(y, mo, d, h, m, 0, 0, midnight.Location())
}

// DayDeadline is until when a reminder of the day of midnight still makes
// sense: the start of that evening's quiet hours (today's tablet, today's
// message: not at night, and not tomorrow).
func (q Quiet) DayDeadline(midnight time.Time) time.Time {
	if q.Start <= q.End {
		return midnight.AddDate(0, 0, 1)
	}
	return At(midnight, q.Start)
}

// Rule is a recurrence: an RRULE ("FREQ=WEEKLY;BYDAY=TU;BYHOUR=19")
// starting at Start, whose zone is the recipient's.
type Rule struct {
	RRule string
	Start time.Time
}

// Between returns the occurrences of r in [from, to), in r.Start's zone.
func (r Rule) Between(from, to time.Time) ([]time.Time, error) {
	opt, err := rrule.StrToROptionInLocation(r.RRule, r.Start.Location())
	if err != nil {
		return nil, fmt.Errorf("read rule %q: %w", r.RRule, err)
	}
	opt.Dtstart = r.Start
	rr, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("rule %q: %w", r.RRule, err)
	}
	out := rr.Between(from, to, true)
	// Between includes to; the range is half-open.
	for len(out) > 0 && !out[len(out)-1].Before(to) {
		out = out[:len(out)-1]
	}
	return out, nil
}

var weekdays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// TabletRule is the RRULE of a tablet reminder: every day, or every week on
// weekday, at the local time of day at.
func TabletRule(weekly bool, weekday time.Weekday, at time.Duration) string {
	h, m := int(at/time.Hour), int(at%time.Hour/time.Minute)
	var b strings.Builder
	if weekly {
		fmt.Fprintf(&b, "FREQ=WEEKLY;BYDAY=%s", weekdays[weekday])
	} else {
		b.WriteString("FREQ=DAILY")
	}
	fmt.Fprintf(&b, ";BYHOUR=%d;BYMINUTE=%d;BYSECOND=0", h, m)
	return b.String()
}

// NthWeekdayRule is "every nth weekday of the month" (n = -1 for the last)
// at a local time, as posyandu days usually are.
func NthWeekdayRule(n int, weekday time.Weekday, at time.Duration) string {
	h, m := int(at/time.Hour), int(at%time.Hour/time.Minute)
	return fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s;BYHOUR=%d;BYMINUTE=%d;BYSECOND=0", n, weekdays[weekday], h, m)
}
