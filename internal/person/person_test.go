package person_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/person"
)

func TestParseName(t *testing.T) {
	tcs := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "Siti Aminah", "Siti Aminah", nil},
		{"spaces folded", "  Siti   Aminah \n", "Siti Aminah", nil},
		{"with emoji", "Ibu Rina 🌸", "Ibu Rina 🌸", nil},
		{"apostrophe", "Ma'ruf", "Ma'ruf", nil},
		{"empty", "   ", "", person.ErrNameEmpty},
		{"emojis only", "🌸🌸😊", "", person.ErrNameNoLetter},
		{"digits only", "12345", "", person.ErrNameNoLetter},
		{"too long", strings.Repeat("a", 61), "", person.ErrNameTooLong},
		{"longest", strings.Repeat("a", 60), strings.Repeat("a", 60), nil},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got, err := person.ParseName(tc.in)
			assert.ErrorIs(t, err, tc.err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParsePhone(t *testing.T) {
	tcs := []struct {
		name, in, want string
		ok             bool
	}{
		{"08 form", "081234567890", "+6281234567890", true},
		{"dashes", "0812-3456-7890", "+6281234567890", true},
		{"plus 62 with spaces", "+62 812 3456 7890", "+6281234567890", true},
		{"62 form", "6281234567890", "+6281234567890", true},
		{"without prefix", "81234567890", "+6281234567890", true},
		{"short valid", "0812345678", "+62812345678", true},
		{"parentheses", "(0812) 3456 789", "+628123456789", true},
		{"landline", "021-7654321", "", false},
		{"too short", "0812345", "", false},
		{"too long", "08123456789012", "", false},
		{"letters", "0812abc4567", "", false},
		{"plus in middle", "0812+34567890", "", false},
		{"empty", "", "", false},
		{"emoji", "📞", "", false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got, err := person.ParsePhone(tc.in)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, person.ErrPhoneInvalid)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
