package measure

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// months maps the month names and abbreviations people type, Indonesian
// (with the old spellings Pebruari and Nopember, and the common Febuari) and
// English, to their months.
var months = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1,
	"februari": 2, "pebruari": 2, "febuari": 2, "february": 2, "feb": 2, "peb": 2,
	"maret": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11,
	"desember": 12, "december": 12, "des": 12, "dec": 12,
}

// daysAgo maps the words for a day relative to today to how many days ago it
// is.
var daysAgo = map[string]int{
	"hari ini": 0, "today": 0, "tadi": 0, "sekarang": 0,
	"kemarin": 1, "kemaren": 1, "yesterday": 1,
	"kemarin lusa": 2, "kemaren lusa": 2,
}

// Date reads a calendar day and returns it as midnight UTC of that year,
// month and day. Day, month and year always come in that order, except in
// ISO form (a four-digit year first) and after an English-style month name.
// The parts are separated by "-", "/", ".", "," or spaces:
//
//	"12-03-2024", "12/3/24", "12.3.2024", "2024-03-12"
//	"12 Maret 2024", "12 mar 2024", "12-Mar-24", "12 March 2024", "Maret 12, 2024"
//	"12-3", "12 Maret": the most recent such day not after today
//	"hari ini", "tadi", "today", "kemarin", "yesterday", "kemarin lusa"
//	"3 hari lalu", "3 hari yang lalu", "3 hari yg lalu", "3 days ago"
//
// An optional leading "tanggal" or "tgl" is ignored. A two-digit year is
// 20yy up to today's two-digit year and 19yy above it; a four-digit year must
// be from 1900. today's calendar date is read in today's own location. Date
// does not refuse a day after today (child.CheckMeasureDate and
// child.CheckBirthDate do). Text that is not such a
// day, or a day that does not exist (31-02-2024, 13/13/2024), gives
// ErrNotDate.
func Date(s string, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	if len(s) > maxInput || !utf8.ValidString(s) {
		return time.Time{}, ErrNotDate
	}
	words := strings.Fields(strings.ToLower(s))
	if len(words) > 0 && (words[0] == "tanggal" || words[0] == "tgl" || words[0] == "tgl.") {
		words = words[1:]
	}
	ty, tm, td := today.Date()
	if n, ok := relative(words); ok {
		return time.Date(ty, tm, td-n, 0, 0, 0, 0, time.UTC), nil
	}
	f := strings.FieldsFunc(strings.Join(words, " "), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '/' || r == '.' || r == ','
	})
	d, m, y, ok := fields(f, ty%100)
	switch {
	case !ok:
		return time.Time{}, ErrNotDate
	case y == 0:
		// No year: the latest such day not after today; 29 February may be
		// up to eight years back (2100 is not a leap year).
		for y = ty; y >= ty-8; y-- {
			if t, ok := civil(y, m, d); ok && !t.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
				return t, nil
			}
		}
		return time.Time{}, ErrNotDate
	}
	t, ok := civil(y, m, d)
	if !ok {
		return time.Time{}, ErrNotDate
	}
	return t, nil
}

// relative reads "kemarin", "3 hari lalu" and the like as days before today.
func relative(words []string) (int, bool) {
	if n, ok := daysAgo[strings.Join(words, " ")]; ok {
		return n, true
	}
	switch {
	case len(words) < 3:
		return 0, false
	case words[1] == "hari":
		if rest := strings.Join(words[2:], " "); rest != "lalu" && rest != "yang lalu" && rest != "yg lalu" {
			return 0, false
		}
	case words[1] == "days" || words[1] == "day":
		if len(words) != 3 || words[2] != "ago" {
			return 0, false
		}
	default:
		return 0, false
	}
	return smallInt(words[0], 4)
}

// fields reads the parts of a date: day, month and year (0 when not given).
func fields(f []string, yy int) (d int, m time.Month, y int, ok bool) {
	if len(f) != 2 && len(f) != 3 {
		return 0, 0, 0, false
	}
	named := -1 // index of the month name, if any
	for i, p := range f {
		if _, isName := months[p]; isName {
			if named >= 0 {
				return 0, 0, 0, false
			}
			named = i
		}
	}
	var dayF, monF, yearF string
	switch {
	case named == 0: // "Maret 12 2024", "March 12, 2024"
		monF, dayF = f[0], f[1]
	case named == 1: // "12 Maret 2024"
		dayF, monF = f[0], f[1]
	case named > 1:
		return 0, 0, 0, false
	case len(f) == 3 && len(f[0]) == 4: // ISO: 2024-03-12
		yearF, monF, dayF = f[0], f[1], f[2]
	default:
		dayF, monF = f[0], f[1]
	}
	if len(f) == 3 && yearF == "" {
		yearF = f[2]
	}
	dn, ok := smallInt(dayF, 2)
	if !ok {
		return 0, 0, 0, false
	}
	if named >= 0 {
		m = months[monF]
	} else {
		mn, ok := smallInt(monF, 2)
		if !ok {
			return 0, 0, 0, false
		}
		m = time.Month(mn)
	}
	if yearF != "" {
		if y, ok = year(yearF, yy); !ok {
			return 0, 0, 0, false
		}
	}
	return dn, m, y, true
}

// year reads a four-digit year from 1900 or a two-digit one, 20yy up to
// today's yy and 19yy above.
func year(s string, yy int) (int, bool) {
	n, ok := smallInt(s, 4)
	switch {
	case !ok:
		return 0, false
	case len(s) == 4 && n >= 1900:
		return n, true
	case len(s) == 2 && n <= yy:
		return 2000 + n, true
	case len(s) == 2:
		return 1900 + n, true
	}
	return 0, false
}

// smallInt reads 1 to maxDigits ASCII digits.
func smallInt(s string, maxDigits int) (int, bool) {
	if len(s) == 0 || len(s) > maxDigits {
		return 0, false
	}
	for i := range len(s) {
		if !isDigit(rune(s[i])) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// civil returns midnight UTC of y-m-d, or false when that day does not exist.
func civil(y int, m time.Month, d int) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
