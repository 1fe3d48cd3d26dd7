// Package textclean makes text from outside safe to store and to show to
// others: PostgreSQL cannot keep NUL or invalid UTF-8, and invisible
// direction or zero-width controls let a name pretend to be another.
package textclean

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s as valid UTF-8 with invalid bytes replaced by U+FFFD and
// NUL, other C0/C1 controls (but tab and newline), noncharacters and the
// invisible bidirectional and zero-width formatting characters removed.
// Emoji keep working without them except for joined sequences (👩‍👧), which
// fall apart into their parts; we accept that, since a name or an answer
// needs no ZWJ and a ZWJ hides text as well as any other.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !drop(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || drop(r) {
			return false
		}
		i += size
	}
	return true
}

// drop reports whether r is removed.
func drop(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return true // C0 (NUL included) and C1 controls, DEL
	case r == 0x00AD: // soft hyphen, invisible
		return true
	case r >= 0x200B && r <= 0x200F: // zero-width space, ZWNJ, ZWJ, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E: // bidi embeddings and overrides
		return true
	case r >= 0x2060 && r <= 0x2064: // word joiner and invisible operators
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x061C: // Arabic letter mark
		return true
	case r == 0xFEFF: // zero-width no-break space (BOM)
		return true
	case r >= 0xFFF9 && r <= 0xFFFB: // interlinear annotation controls
		return true
	case r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE: // noncharacters
		return true
	}
	return false
}
