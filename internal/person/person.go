// Package person validates what people tell the bot about themselves: their
// name and their phone number. It has no I/O.
package person

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors returned by the parsers; flows turn them into kind messages.
var (
	ErrNameEmpty    = errors.New("name is empty")
	ErrNameNoLetter = errors.New("name has no letter")
	ErrNameTooLong  = errors.New("name is too long")
	ErrPhoneInvalid = errors.New("not an Indonesian mobile number")
)

// MaxNameRunes is the longest name accepted.
const MaxNameRunes = 60

// ParseName tidies a typed name: spaces folded, at least one letter (a name
// of emojis only is refused), at most MaxNameRunes characters.
func ParseName(s string) (string, error) {
	name := strings.Join(strings.Fields(s), " ")
	if name == "" {
		return "", ErrNameEmpty
	}
	if utf8.RuneCountInString(name) > MaxNameRunes {
		return "", ErrNameTooLong
	}
	letters := 0
	for _, r := range name {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return "", ErrNameNoLetter
	}
	return name, nil
}

// ParsePhone reads an Indonesian mobile number in any usual form ("0812-3456-7890",
// "+62 812 3456 7890", "62812…", "812…") and returns it as +628…. Indonesian
// mobile numbers have 9 to 12 digits after the leading 0 and start with 8.
func ParsePhone(s string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", ErrPhoneInvalid
		}
	}
	digits := b.String()
	switch {
	case strings.HasPrefix(digits, "62"):
		digits = digits[2:]
	case strings.HasPrefix(digits, "0"):
		digits = digits[1:]
	}
	if !strings.HasPrefix(digits, "8") || len(digits) < 9 || len(digits) > 12 {
		return "", ErrPhoneInvalid
	}
	return "+62" + digits, nil
}
