package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster pgtest starts for this package.
func TestMain(m *testing.M) { pgtest.Main(m) }

// chatEnv is an environment for local mode over a fresh test database.
func chatEnv(t *testing.T) (func(string) string, string) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"DATABASE_URL": pgtest.NewURL(t), "TUMBUH_DATA_DIR": dir}
	return func(k string) string { return env[k] }, dir
}

// patience is the --timeout for chat in tests: how long it waits for the bot
// to answer a line. It is wide because a loaded CI machine running the race
// detector can stall a turn for seconds; a passing test never waits it out.
const patience = "--timeout=1m"

// runChatScript runs `tumbuh <args>` with script as stdin.
func runChatScript(t *testing.T, getenv func(string) string, script string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(script), &out, &errOut, getenv)
	return code, out.String(), errOut.String()
}

func TestChatScript(t *testing.T) {
	t.Parallel()
	getenv, dir := chatEnv(t)

	code, out, errOut := runChatScript(t, getenv, "/start\n", "chat", patience, "--user", "7", "--name", "Budi")

	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "Kota Tangerang Selatan", "a new database is seeded, and says so")
	assert.Contains(t, out, "> /start\n")
	assert.Contains(t, out, "🤖 Selamat datang di Tumbuh!")
	assert.Contains(t, out, "Apakah Anda setuju?")
	assert.Contains(t, out, "[1] ✅ Setuju")
	assert.Empty(t, errOut, "the terminal shows only the conversation")
	log, err := os.ReadFile(filepath.Join(dir, chatLogFile))
	require.NoError(t, err)
	assert.Contains(t, string(log), "long polling started", "the log goes to the data directory")
	assert.NotContains(t, string(log), "Budi", "no personal data in the log")
}

func TestChatUsersShareDatabase(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	register := strings.Join([]string{"/start", "1", "Ani Lestari", "/kontak", "1", "Lanjut", "Serpong", "Ciater", "1"}, "\n") + "\n"

	code, out, errOut := runChatScript(t, getenv, register, "chat", patience, "--user", "1", "--name", "Ani")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	require.Contains(t, out, "Pendaftaran selesai. Terima kasih, Ani Lestari!")

	code, out, errOut = runChatScript(t, getenv, "/start\n", "chat", patience, "--user", "2", "--name", "Budi")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "Selamat datang di Tumbuh!", "user 2 is new")
	assert.NotContains(t, out, "Kota Tangerang Selatan", "the database is seeded only once")

	code, out, errOut = runChatScript(t, getenv, "/start\n", "chat", patience, "--user", "1")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "Halo lagi, Ani Lestari! Anda sudah terdaftar.")
}

func TestChatFlags(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "help", args: []string{"chat", "-h"}, wantCode: 0, wantErr: "-user int"},
		{name: "unknown flag", args: []string{"chat", "--colour"}, wantCode: 2, wantErr: "flag provided but not defined"},
		{name: "bad user id", args: []string{"chat", "--user", "0"}, wantCode: 2, wantErr: "--user must be a positive"},
		{name: "stray argument", args: []string{"chat", "halo"}, wantCode: 2, wantErr: "unexpected arguments"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			getenv := func(k string) string {
				if k == "TUMBUH_DATA_DIR" {
					return t.TempDir()
				}
				return ""
			}
			code, _, errOut := runChatScript(t, getenv, "", tc.args...)
			assert.Equal(t, tc.wantCode, code)
			assert.Contains(t, errOut, tc.wantErr)
		})
	}
}

func TestChatClock(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	script := strings.Join([]string{"/start", "1", "Ani", "081234567891", "ibu hamil, lanjut", "serpong", "ciater", "melati",
		"/waktu besok", "/waktu +1d", ""}, "\n")
	code, out, errOut := runChatScript(t, getenv, script, "chat", patience, "--user", "8", "--name", "Ani")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "🕰 /waktu besok:")
	assert.Contains(t, out, "WIB (")
	assert.Contains(t, out, "💊 Waktunya minum 1 tablet TTD", "the reminder due on the way is sent")
	assert.Contains(t, out, "✅ Sudah minum")
}
