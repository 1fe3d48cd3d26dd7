package survey

import (
	"math"
	"strconv"
)

// appendFixed2 appends x with exactly 2 decimals, rounded half away from
// zero; it is strconv.AppendFloat(b, x, 'f', 2, 64) without its generic cost
// (a fifth of the run time on big files). decimal is '.' or ','.
func appendFixed2(b []byte, x float64, decimal byte) []byte {
	c := math.Round(x * 100)
	if !(math.Abs(c) < 1e15) {
		b = strconv.AppendFloat(b, x, 'f', 2, 64)
		if decimal != '.' {
			for i := range b {
				if b[i] == '.' {
					b[i] = decimal
				}
			}
		}
		return b
	}
	n := int64(c)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	frac := n % 100
	return append(b, decimal, byte('0'+frac/10), byte('0'+frac%10))
}

// parseISODate reads YYYY-MM-DD and returns the day number since 1970-01-01.
func parseISODate(s string) (int64, bool) {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(t string) (int64, bool) {
		var v int64
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			v = v*10 + int64(t[i]-'0')
		}
		return v, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's days_from_civil: the proleptic Gregorian
// date as a day number, 1970-01-01 = 0.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
