package locales

import (
	"strconv"
	"strings"
	"time"
)

var monthNames = map[string][12]string{
	"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// FormatDate writes a calendar day for people: "12 Desember 2026" in
// Indonesian, "12 December 2026" in English.
func FormatDate(lang string, t time.Time) string {
	months, ok := monthNames[lang]
	if !ok {
		months = monthNames["id"]
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// FormatMonth writes a month for people: "November 2026".
func FormatMonth(lang string, t time.Time) string {
	months, ok := monthNames[lang]
	if !ok {
		months = monthNames["id"]
	}
	return months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// FormatDecimal writes a number with at most digits decimals, trailing zeros
// dropped: "8,5" in Indonesian, "8.5" in English; thousands are grouped
// ("1.250,5" / "1,250.5").
func FormatDecimal(lang string, v float64, digits int) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	point, group := ",", "."
	if lang == "en" {
		point, group = ".", ","
	}
	var b strings.Builder
	if neg && (strings.Trim(intPart, "0") != "" || frac != "") {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}
