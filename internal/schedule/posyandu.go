package schedule

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PosyanduPlan is a posyandu's schedule as a cadre writes it: a rule
// ("Selasa ke-2", every second Tuesday) or one date, a time range and a
// place.
type PosyanduPlan struct {
	// RRule is set for a recurring schedule; Date (midnight UTC) for one day.
	RRule      string
	Date       time.Time
	Start, End time.Duration // local times of day
	Place      string
}

// ErrPosyanduPlan means the text is not a schedule.
var ErrPosyanduPlan = errors.New(`write e.g. "Selasa ke-2 08:00-11:00 Balai RW 03" or "2027-01-12 08:00-11:00 Balai RW 03"`)

var (
	dayNames = map[string]time.Weekday{
		"minggu": time.Sunday, "ahad": time.Sunday, "senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
		"kamis": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday, "sabtu": time.Saturday,
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	}
	timeRange = regexp.MustCompile(`\b(\d{1,2})[.:](\d{2})\s*(?:-|–|s/?d|sampai)\s*(\d{1,2})[.:](\d{2})\b`)
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})\b`)
)

// ParsePosyanduPlan reads "Selasa ke-2 08:00-11:00 Balai RW 03" (the nth
// weekday of each month; "terakhir"/"last" for the last one),
// "setiap Selasa 08:00-11:00 …" (every week) or
// "2027-01-12 08:00-11:00 Balai RW 03" (one day).
func ParsePosyanduPlan(text string) (PosyanduPlan, error) {
	var p PosyanduPlan
	s := strings.TrimSpace(text)
	m := timeRange.FindStringSubmatchIndex(s)
	if m == nil {
		return p, ErrPosyanduPlan
	}
	num := func(i int) int { n, _ := strconv.Atoi(s[m[2*i]:m[2*i+1]]); return n }
	h1, m1, h2, m2 := num(1), num(2), num(3), num(4)
	if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
		return p, ErrPosyanduPlan
	}
	p.Start = time.Duration(h1)*time.Hour + time.Duration(m1)*time.Minute
	p.End = time.Duration(h2)*time.Hour + time.Duration(m2)*time.Minute
	if p.End <= p.Start {
		return p, ErrPosyanduPlan
	}
	head := strings.ToLower(strings.TrimSpace(s[:m[0]]))
	p.Place = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s[m[1]:]), ",-"))
	p.Place = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(p.Place, "di "), "at "))
	if d := isoDate.FindStringSubmatch(head); d != nil {
		t, err := time.Parse("2006-01-02", d[0])
		if err != nil {
			return p, ErrPosyanduPlan
		}
		p.Date = t
		return p, nil
	}
	words := strings.Fields(strings.NewReplacer("setiap", " ", "tiap", " ", "every", " ", ",", " ").Replace(head))
	var day time.Weekday
	found, nth := false, 0
	for _, w := range words {
		if d, ok := dayNames[w]; ok {
			day, found = d, true
			continue
		}
		w = strings.TrimPrefix(strings.TrimPrefix(w, "ke-"), "ke")
		switch w {
		case "terakhir", "last":
			nth = -1
		case "1", "2", "3", "4", "pertama", "kedua", "ketiga", "keempat", "1st", "2nd", "3rd", "4th":
			nth = map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
				"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[w]
		case "":
		default:
			return p, ErrPosyanduPlan
		}
	}
	if !found {
		return p, ErrPosyanduPlan
	}
	if nth == 0 {
		p.RRule = fmt.Sprintf("FREQ=WEEKLY;BYDAY=%s", weekdays[day])
	} else {
		p.RRule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", nth, weekdays[day])
	}
	return p, nil
}

// Days returns the days of a recurring plan in [from, to), as midnight
// UTC of each local day, evaluated in loc.
func (p PosyanduPlan) Days(from, to time.Time, loc *time.Location) ([]time.Time, error) {
	if p.RRule == "" {
		return nil, nil
	}
	start := Midnight(from, loc)
	occ, err := Rule{RRule: p.RRule, Start: start}.Between(start, to)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, 0, len(occ))
	for _, o := range occ {
		y, m, d := o.In(loc).Date()
		out = append(out, time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	}
	return out, nil
}

// VitaminAMonth reports whether day falls in a vitamin A month (February, August).
func VitaminAMonth(day time.Time) bool {
	return day.Month() == time.February || day.Month() == time.August
}

// SessionDays are n consecutive days from start (midnight UTC of a local
// day), Sundays left out: a pos gizi round of 12 sessions spans two weeks.
func SessionDays(start time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	for d := start; len(out) < n; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}
