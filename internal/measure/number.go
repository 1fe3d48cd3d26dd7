package measure

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInput is the longest text read, in bytes. A measurement is a few
// characters; this keeps digit strings and the work on them small.
const maxInput = 64

// decimal is a number as typed: its digits and where the separator was.
type decimal struct {
	neg    bool
	digits string // ASCII digits, at least one: the whole part then the fraction
	frac   int    // how many of digits follow the separator
	sep    bool   // a separator was typed ("8,0" has one, "8" has none)
}

// float returns the decimal times 10^shift as the nearest float64. The shift
// is applied to the decimal exponent, so unit conversions add no rounding.
func (d decimal) float(shift int) float64 {
	s := d.digits + "e" + strconv.Itoa(shift-d.frac)
	if d.neg {
		s = "-" + s
	}
	// The digits are valid and at most maxInput long, so ParseFloat cannot fail
	// or overflow; a NaN would be caught by every caller's range check.
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// whole reports the decimal as a non-negative integer below 10^15, if it
// is one with no separator and no sign.
func (d decimal) whole() (int64, bool) {
	if d.neg || d.sep {
		return 0, false
	}
	s := strings.TrimLeft(d.digits, "0")
	if len(s) > 15 {
		return 0, false
	}
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// token is one number or one word of the text.
type token struct {
	num    decimal
	word   string // lower case letters; empty for a number
	isWord bool
}

// lex splits s into numbers and words. It fails on anything else: signs away
// from a digit, punctuation, emoji, a second separator in one number.
func lex(s string) ([]token, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".") // the full stop ending a sentence
	if len(s) > maxInput || !utf8.ValidString(s) {
		return nil, false
	}
	s = strings.ToLower(s)
	var toks []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isDigit(r) || isSign(r) && i+n < len(s) && isDigit(rune(s[i+n])):
			d, j, ok := lexNumber(s, i)
			if !ok {
				return nil, false
			}
			toks = append(toks, token{num: d})
			i = j
		case r >= 'a' && r <= 'z':
			j := i
			for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
				j++
			}
			toks = append(toks, token{word: s[i:j], isWord: true})
			i = j
		default:
			return nil, false
		}
	}
	return joinKoma(toks), true
}

// lexNumber reads a number starting at s[i]: an optional sign, digits, and at
// most one separator followed by digits.
func lexNumber(s string, i int) (decimal, int, bool) {
	var d decimal
	if r, n := utf8.DecodeRuneInString(s[i:]); isSign(r) {
		d.neg = r != '+'
		i += n
	}
	j := skipDigits(s, i)
	whole := s[i:j]
	if j < len(s) && (s[j] == ',' || s[j] == '.') {
		k := skipDigits(s, j+1)
		if k == j+1 {
			return decimal{}, 0, false // "8," or "8.kg": a separator with no digits after it
		}
		d.digits, d.frac, d.sep = whole+s[j+1:k], k-j-1, true
		j = k
	} else {
		d.digits = whole
	}
	if j < len(s) && (s[j] == ',' || s[j] == '.' || isDigit(rune(s[j]))) {
		return decimal{}, 0, false // "8,5,5", "1.250,5"
	}
	return d, j, true
}

// joinKoma reads "8 koma 5" as "8,5".
func joinKoma(toks []token) []token {
	for i := 0; i+2 < len(toks); i++ {
		a, w, b := toks[i], toks[i+1], toks[i+2]
		if a.isWord || a.num.sep || !w.isWord || w.word != "koma" || b.isWord || b.num.sep || b.num.neg {
			continue
		}
		a.num.digits += b.num.digits
		a.num.frac, a.num.sep = len(b.num.digits), true
		toks[i] = a
		toks = append(toks[:i+1], toks[i+3:]...)
	}
	return toks
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(rune(s[i])) {
		i++
	}
	return i
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isSign accepts the minus sign U+2212 too, which some keyboards produce.
func isSign(r rune) bool { return r == '-' || r == '+' || r == '−' }

// Number reads one decimal number: "8,5", "8.5", " 8,50 ", "-3", "8 koma 5".
// The comma and the dot are both decimal separators, so "1.250" is 1.25;
// a number with two separators ("1.250,5", "8,5,5"), a number word, a unit
// or any other text gives ErrNotNumber. Number does not check any range.
func Number(s string) (float64, error) {
	toks, ok := lex(s)
	if !ok || len(toks) != 1 || toks[0].isWord {
		return 0, ErrNotNumber
	}
	v := toks[0].num.float(0)
	if math.IsNaN(v) {
		return 0, ErrNotNumber
	}
	return v, nil
}
