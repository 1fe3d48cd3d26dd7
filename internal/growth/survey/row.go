package survey

import (
	"strconv"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// readInput turns one record into a growth.Input; a non-empty reason means
// the row is bad.
func (h *header) readInput(rec []string) (growth.Input, string) {
	var in growth.Input
	sex, ok := parseSex(h.field(rec, inSex))
	if !ok {
		return in, "unknown sex " + strconv.Quote(h.field(rec, inSex))
	}
	in.Sex = sex

	age, why := h.readAge(rec)
	if why != "" {
		return in, why
	}
	in.Age = age

	for _, m := range [...]struct {
		dst *float64
		col int
	}{
		{&in.Weight, inWeight}, {&in.LenHei, inLenHei}, {&in.HeadC, inHeadC},
		{&in.ArmC, inArmC}, {&in.TriSkin, inTriSkin}, {&in.SubSkin, inSubSkin},
	} {
		v := h.field(rec, m.col)
		x, err := parseNumber(v)
		if err != nil {
			return in, "unreadable " + inputCols[m.col] + " " + strconv.Quote(v)
		}
		*m.dst = x
	}
	in.Position = parsePosition(h.field(rec, inMeasure))
	in.Oedema = parseOedema(h.field(rec, inOedema))
	return in, ""
}

// readAge takes the first of age_days, age_months or birth_date + visit_date
// that is filled in; none gives an unknown age (not an error).
func (h *header) readAge(rec []string) (growth.Age, string) {
	for _, c := range [...]int{inAgeDays, inAgeMonths} {
		v := h.field(rec, c)
		if isBlank(v) {
			continue
		}
		x, err := parseNumber(v)
		if err != nil {
			return growth.Age{}, "unreadable " + inputCols[c] + " " + strconv.Quote(v)
		}
		if x < 0 {
			return growth.Age{}, "negative age: " + inputCols[c] + " " + strconv.Quote(v)
		}
		if c == inAgeDays {
			return growth.AgeInDays(x), ""
		}
		return growth.AgeInMonths(x), ""
	}
	b, v := h.field(rec, inBirthDate), h.field(rec, inVisitDate)
	if isBlank(b) || isBlank(v) {
		return growth.Age{}, ""
	}
	birth, ok := parseISODate(b)
	if !ok {
		return growth.Age{}, "unreadable birth_date " + strconv.Quote(b) + " (want YYYY-MM-DD)"
	}
	visit, ok := parseISODate(v)
	if !ok {
		return growth.Age{}, "unreadable visit_date " + strconv.Quote(v) + " (want YYYY-MM-DD)"
	}
	if visit < birth {
		return growth.Age{}, "negative age: visit_date " + v + " is before birth_date " + b
	}
	return growth.AgeInDays(float64(visit - birth)), ""
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}
