package textclean_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/textclean"
)

func TestClean(t *testing.T) {
	tcs := []struct {
		name, in, want string
	}{
		{"plain", "Siti Aminah", "Siti Aminah"},
		{"empty", "", ""},
		{"nul inside", "Siti\x00Aminah", "SitiAminah"},
		{"nul only", "\x00\x00", ""},
		{"invalid bytes", "Cia\xffter", "Cia\uFFFDter"},
		{"lone surrogate as utf-8", "a\xed\xa0\x80b", "a\uFFFDb"},
		{"right-to-left override", "Budi\u202Egnp.exe", "Budignp.exe"},
		{"zero-width space", "Si\u200Bti", "Siti"},
		{"right-to-left mark", "\u200FSiti", "Siti"},
		{"isolates", "\u2066Siti\u2069", "Siti"},
		{"bom and word joiner", "\uFEFFSi\u2060ti", "Siti"},
		{"zwj dropped", "👩\u200D👧", "👩👧"},
		{"c1 control", "a\u0085b", "ab"},
		{"bell and escape", "a\x07\x1bb", "ab"},
		{"tab and newline kept", "a\tb\nc", "a\tb\nc"},
		{"carriage return dropped", "a\r\nb", "a\nb"},
		{"combining marks kept", "Jose\u0301", "Jose\u0301"},
		{"arabic kept", "عائشة", "عائشة"},
		{"emoji kept", "🌸 Ibu", "🌸 Ibu"},
		{"noncharacter", "a\uFFFEb\uFDD0c", "abc"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, textclean.Clean(tc.in))
		})
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"Siti\x00Aminah", "\xff\xfe", "\u202Eabc", "👩\u200D👧", "a\u0301", "/start \x00abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := textclean.Clean(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q: %q", s, got)
		}
		if strings.ContainsRune(got, 0) {
			t.Fatalf("NUL out of %q", s)
		}
		for _, r := range got {
			if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r >= 0x200B && r <= 0x200F {
				t.Fatalf("control %U out of %q", r, s)
			}
		}
		if again := textclean.Clean(got); again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
		if len(got) > len(s)*3 {
			t.Fatalf("grew too much: %d → %d", len(s), len(got))
		}
	})
}
