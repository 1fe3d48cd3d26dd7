package localchat

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ClockCommand moves local mode's clock: "/waktu +1d", "/waktu +2h30m",
// "/waktu 2026-12-01 19:00" (WIB), "/waktu 19:00" (today), "/waktu" shows
// it. The bot's turns and its scheduler see the new time; reminders due on
// the way are sent as they would have been.
const ClockCommand = "/waktu"

// ErrClock is returned (wrapped) for a /waktu argument that is not a time.
var ErrClock = errors.New(`use +1d, +2h, +30m, "2026-12-01 19:00" or "19:00"`)

// ParseClock reads a /waktu argument against now, in loc: a step forward
// ("+1d", "+1d2h", "+90m") or a local day and time. An empty argument
// returns now.
func ParseClock(arg string, now time.Time, loc *time.Location) (time.Time, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return now, nil
	}
	if rest, ok := strings.CutPrefix(arg, "+"); ok {
		var days int
		if d, after, found := strings.Cut(rest, "d"); found {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 || n > 366 {
				return time.Time{}, ErrClock
			}
			days, rest = n, after
		}
		var step time.Duration
		if rest != "" {
			var err error
			if step, err = time.ParseDuration(rest); err != nil || step < 0 {
				return time.Time{}, ErrClock
			}
		}
		return now.AddDate(0, 0, days).Add(step), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15.04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, arg, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"15:04", "15.04"} {
		if t, err := time.ParseInLocation(layout, arg, loc); err == nil {
			y, m, d := now.In(loc).Date()
			return time.Date(y, m, d, t.Hour(), t.Minute(), 0, 0, loc), nil
		}
	}
	return time.Time{}, ErrClock
}
