package main

import (
	"regexp"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestAdminBroadcast(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	admin := func(args ...string) (int, string, string) {
		return runChatScript(t, getenv, "", append([]string{"admin"}, args...)...)
	}
	code, _, errOut := admin("regions", "import", "../../internal/region/tangsel.csv")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = admin("posyandu", "add", "--kelurahan", "36.74.01.1001", "--name", "Posyandu Cempaka", "--puskesmas", "Puskesmas Serpong 1")
	require.Equal(t, 0, code, errOut)
	db, err := sqlx.Open("postgres", getenv("DATABASE_URL"))
	require.NoError(t, err)
	defer db.Close()
	storetest.MustCrowd(t, db, 40, 7000, "orang_tua", 1)
	storetest.MustCrowd(t, db, 5, 8000, "kader", 1)

	send := []string{"broadcast", "--text", "Posyandu buka Sabtu", "--text-en", "Posyandu opens Saturday", "--role", "orang_tua", "--region", "36.74.01"}
	tcs := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{"preview without --yes", send, 0, []string{"Posyandu buka Sabtu", "Posyandu opens Saturday", "recipients: 40", "takes about 2s at 30 messages a second", "not queued"}, ""},
		{"dry run", append(send, "--dry-run", "--yes"), 0, []string{"recipients: 40", "dry run: nothing queued"}, ""},
		{"two roles", []string{"broadcast", "--text", "x", "--role", "orang_tua", "--role", "kader"}, 0, []string{"recipients: 45"}, ""},
		{"at a time in the region's zone", []string{"broadcast", "--text", "x", "--region", "36.74.01", "--at", "2099-12-01 09:00"}, 0, []string{"sends: 2099-12-01 09:00 WIB"}, ""},
		{"no text", []string{"broadcast", "--role", "kader"}, 2, nil, "Indonesian text is required"},
		{"bad age band", []string{"broadcast", "--text", "x", "--child-age", "11-6"}, 2, nil, "age band"},
		{"in the past", []string{"broadcast", "--text", "x", "--at", "2020-01-01 09:00"}, 2, nil, "in the past"},
		{"unknown region", []string{"broadcast", "--text", "x", "--region", "99"}, 2, nil, "no region 99"},
		{"status of nothing", []string{"broadcast", "status", "404"}, 1, nil, "no broadcast 404"},
	}
	for _, tc := range tcs {
		code, out, errOut := admin(tc.args...)
		assert.Equal(t, tc.wantCode, code, "%s: %s", tc.name, errOut)
		for _, w := range tc.wantOut {
			assert.Contains(t, out, w, tc.name)
		}
		assert.Contains(t, errOut, tc.wantErr, tc.name)
	}
	assert.Equal(t, 0, storetest.Count(t, db, `SELECT count(*) FROM broadcasts`), "nothing queued without --yes")

	code, out, errOut := admin(append(send, "--yes")...)
	require.Equal(t, 0, code, errOut)
	m := regexp.MustCompile(`queued broadcast (\d+) to 40 recipients`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	code, out, _ = admin("broadcast", "status", m[1])
	require.Equal(t, 0, code)
	assert.Contains(t, out, "recipients: 40\nsent: 0")
	assert.Contains(t, out, "still queued: 40")
	code, out, _ = admin("broadcast", "cancel", m[1])
	require.Equal(t, 0, code)
	assert.Contains(t, out, "cancelled")
	assert.Contains(t, out, "cancelled: 40\nstill queued: 0")
}
