package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdmin(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	admin := func(args ...string) (int, string, string) {
		return runChatScript(t, getenv, "", append([]string{"admin"}, args...)...)
	}

	code, out, errOut := admin("regions", "import", "../../internal/region/tangsel.csv")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "imported 100 regions") // 38 provinces + the city's 62 rows

	tcs := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"add posyandu", []string{"posyandu", "add", "--kelurahan", "36.74.01.1001", "--name", "Posyandu Cempaka", "--puskesmas", "Puskesmas Serpong 1"}, 0, "posyandu 1: Posyandu Cempaka, Ciater (puskesmas 1: Puskesmas Serpong 1)", ""},
		{"adding again keeps one", []string{"posyandu", "add", "--kelurahan", "36.74.01.1001", "--name", "Posyandu Cempaka", "--puskesmas", "Puskesmas Serpong 1"}, 0, "posyandu 1:", ""},
		{"a kecamatan is not a kelurahan", []string{"posyandu", "add", "--kelurahan", "36.74.01", "--name", "X", "--puskesmas", "Y"}, 2, "", "is a kecamatan, not a kelurahan"},
		{"unknown region", []string{"posyandu", "add", "--kelurahan", "99.99.99.9999", "--name", "X", "--puskesmas", "Y"}, 1, "", "import regions first"},
		{"missing flags", []string{"posyandu", "add", "--name", "X"}, 2, "", "are required"},
		{"list posyandu", []string{"posyandu", "list"}, 0, "Posyandu Cempaka", ""},
		{"list puskesmas", []string{"puskesmas", "list"}, 0, "Puskesmas Serpong 1", ""},
		{"kader invite needs a posyandu", []string{"invite", "--role", "kader"}, 2, "", "needs a posyandu"},
		{"unknown role", []string{"invite", "--role", "lurah"}, 2, "", "must be kader, nakes or admin"},
		{"invite for a posyandu that does not exist", []string{"invite", "--role", "kader", "--posyandu", "404"}, 1, "", "does the posyandu"},
		{"unknown task", []string{"children", "delete"}, 2, "", "unknown task"},
		{"schedule a posyandu", []string{"schedule", "1", "Selasa ke-2 08:00-11:00 Balai RW 03"}, 0, "08:00-11:00  Balai RW 03", ""},
		{"list its days", []string{"schedule", "1"}, 0, "Tue ", ""},
		{"an unreadable schedule", []string{"schedule", "1", "besok pagi"}, 2, "", "Selasa ke-2"},
		{"a pos gizi round needs children", []string{"posgizi", "1", "--start", "2027-01-04"}, 2, "", "--children is required"},
		{"a pos gizi round of children of another posyandu", []string{"posgizi", "1", "--start", "2027-01-04", "--children", "77"}, 1, "", "not of posyandu 1"},
		{"cancel a day that is not planned", []string{"schedule", "1", "cancel", "2020-01-01"}, 1, "", "no planned day"},
	}
	for _, tc := range tcs {
		code, out, errOut := admin(tc.args...)
		assert.Equal(t, tc.wantCode, code, "%s: %s", tc.name, errOut)
		assert.Contains(t, out, tc.wantOut, tc.name)
		assert.Contains(t, errOut, tc.wantErr, tc.name)
	}

	// An invite made here works in the bot.
	code, out, errOut = admin("invite", "--role", "kader", "--posyandu", "1")
	require.Equal(t, 0, code, errOut)
	m := regexp.MustCompile(`invite code: ([A-Z0-9]{10})`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	assert.Contains(t, out, "role: kader at Posyandu Cempaka")
	assert.Contains(t, out, "/start "+m[1])

	code, transcript, errOut := runChatScript(t, getenv, "/start "+m[1]+"\n", "chat", patience, "--user", "42")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, transcript, "Anda diundang menjadi kader posyandu di Posyandu Cempaka.")
}
