package localchat_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/localchat"
	"github.com/tumbuh-id/tumbuh/internal/person"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// startBot runs the real bot over a fresh seeded database, polling a fake
// Telegram, until the test ends.
func startBot(t *testing.T) (*tgtest.Server, *sqlx.DB) {
	t.Helper()
	db := pgtest.New(t)
	seeded, err := app.SeedDemo(context.Background(), db)
	require.NoError(t, err)
	require.True(t, seeded)
	srv := tgtest.NewTest(t)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token(),
		"TELEGRAM_API_URL":   srv.URL(),
		"TUMBUH_DATA_DIR":    t.TempDir(),
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	require.NoError(t, err)
	a, err := app.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	return srv, db
}

// patience bounds a wait for the bot to do what it normally does at once.
// It is wide because a loaded CI machine running the race detector can stall
// a turn for seconds; a passing test never waits it out.
const patience = time.Minute

// chat runs a script for user and returns the transcript.
func chat(t *testing.T, srv *tgtest.Server, db *sqlx.DB, user tgtest.User, script ...string) string {
	t.Helper()
	var out strings.Builder
	in := strings.NewReader(strings.Join(script, "\n") + "\n")
	err := localchat.Run(context.Background(), srv, db, in, &out, localchat.Options{User: user, Timeout: patience})
	require.NoError(t, err, "transcript so far:\n%s", out.String())
	return out.String()
}

// assertInOrder checks that every part occurs in text, each after the one before.
func assertInOrder(t *testing.T, text string, parts ...string) {
	t.Helper()
	rest := text
	for _, p := range parts {
		i := strings.Index(rest, p)
		if !assert.GreaterOrEqual(t, i, 0, "%q missing (or out of order) in transcript:\n%s", p, text) {
			return
		}
		rest = rest[i+len(p):]
	}
}

func TestRegistrationScript(t *testing.T) {
	t.Parallel()
	srv, db := startBot(t)
	user := tgtest.User{ID: 4242, FirstName: "Siti", LanguageCode: "id"}

	out := chat(t, srv, db, user,
		"/start",
		"1",
		"Siti Aminah",
		"/kontak",
		"1",
		"lanjut",
		"Serpong",
		"Ciater",
		"1",
	)

	assertInOrder(t, out,
		"> /start\n",
		"🤖 Selamat datang di Tumbuh!",
		"Apakah Anda setuju?",
		"[1] ✅ Setuju",
		"[2] ❌ Tidak setuju",
		"> 1  → ✅ Setuju\n",
		"🤖 Terima kasih! 🙏",
		"Siapa nama Anda?",
		"> Siti Aminah\n",
		"🤖 Salam kenal, Siti Aminah!",
		"[1] 📱 Kirim nomor HP saya (atau ketik /kontak)",
		"> /kontak  → 📱 +6281200004242\n",
		"🤖 Nomor HP sudah dicatat.",
		"Anda termasuk yang mana?",
		"[1] Orang tua balita",
		"[4] Lanjut ➡️",
		"> 1  → Orang tua balita\n",
		"🤖 ✏️ Anda termasuk yang mana?",
		"[1] ✅ Orang tua balita",
		"> lanjut  → Lanjut ➡️\n",
		"🤖 Anda tinggal di kecamatan mana?",
		"> Serpong  → Serpong\n",
		"🤖 Di kelurahan atau desa mana?",
		"> Ciater  → Ciater\n",
		"🤖 Posyandu mana yang paling dekat dengan rumah Anda?",
		"[1] Posyandu Kenanga",
		"> 1  → Posyandu Kenanga\n",
		"🤖 Pendaftaran selesai. Terima kasih, Siti Aminah!",
	)

	var u struct {
		ID       int64  `db:"id"`
		Name     string `db:"name"`
		Phone    string `db:"phone"`
		Region   string `db:"region_code"`
		Posyandu string `db:"posyandu"`
	}
	require.NoError(t, db.Get(&u, `SELECT u.id, u.name, u.phone, u.region_code, p.name AS posyandu
		FROM users u JOIN posyandu p ON p.id = u.posyandu_id WHERE u.telegram_id = $1`, user.ID))
	assert.Equal(t, "Siti Aminah", u.Name)
	assert.Equal(t, "+6281200004242", u.Phone)
	assert.Equal(t, "36.74.01.1001", u.Region, "Ciater")
	assert.Equal(t, "Posyandu Kenanga", u.Posyandu)

	var roles []struct {
		Role     string `db:"role"`
		Posyandu string `db:"posyandu"`
	}
	require.NoError(t, db.Select(&roles, `SELECT r.role, p.name AS posyandu
		FROM user_roles r JOIN posyandu p ON p.id = r.posyandu_id WHERE r.user_id = $1`, u.ID))
	require.Len(t, roles, 1)
	assert.Equal(t, "orang_tua", roles[0].Role)
	assert.Equal(t, "Posyandu Kenanga", roles[0].Posyandu)

	// The same person in a later session is recognised.
	again := chat(t, srv, db, user, "/start")
	assert.Contains(t, again, "🤖 Halo lagi, Siti Aminah! Anda sudah terdaftar.")
}

func TestWrongInput(t *testing.T) {
	t.Parallel()
	srv, db := startBot(t)
	tcs := []struct {
		name   string
		script []string
		want   []string // in order, after the script's common prefix
		absent []string
	}{
		{
			name:   "emoji-only name is asked again",
			script: []string{"/start", "1", "🙂"},
			want:   []string{"> 🙂\n", "🤖 Nama perlu berisi huruf", "Siapa nama Anda?"},
			absent: []string{"Salam kenal"},
		},
		{
			name:   "a number with no buttons on screen is sent as text",
			script: []string{"1"},
			want:   []string{"> 1\n", "🤖 Selamat datang di Tumbuh!"},
			absent: []string{"→"},
		},
		{
			name:   "a number beyond the buttons is sent as text",
			script: []string{"/start", "7"},
			want:   []string{"> 7\n", "🤖 Silakan pilih dengan menekan salah satu tombol"},
		},
		{
			name:   "a label typed loosely presses its button",
			script: []string{"/start", "  TIDAK setuju "},
			want:   []string{"> TIDAK setuju  → ❌ Tidak setuju\n", "🤖 Tidak apa-apa. Kami tidak menyimpan data Anda."},
		},
		{
			name:   "/kontak where a name is asked is a contact, not text",
			script: []string{"/start", "1", "/kontak"},
			want:   []string{"> /kontak  → 📱 +62812", "🤖 Maaf, saya hanya bisa membaca tulisan.", "Siapa nama Anda?"},
		},
	}
	for i, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			// One user per case, so the cases share the bot but not a chat.
			user := tgtest.User{ID: int64(7100 + i), FirstName: "Uji", LanguageCode: "id"}
			out := chat(t, srv, db, user, tc.script...)
			last := strings.LastIndex(out, "> "+strings.TrimSpace(tc.script[len(tc.script)-1]))
			require.GreaterOrEqual(t, last, 0, out)
			assertInOrder(t, out[last:], tc.want...)
			for _, a := range tc.absent {
				assert.NotContains(t, out[last:], a)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := tgtest.NewTest(t) // nobody polls it
	user := tgtest.User{ID: 5, FirstName: "Uji"}
	tcs := []struct {
		name        string
		interactive bool
		wantErr     bool
		want        string
	}{
		{name: "a script stops", wantErr: true, want: "> halo\n"},
		{name: "a person is told and goes on", interactive: true, want: "bot belum selesai menjawab"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			start := time.Now()
			err := localchat.Run(context.Background(), srv, db, strings.NewReader("halo\n"), &out,
				localchat.Options{User: user, Interactive: tc.interactive, Timeout: 300 * time.Millisecond})
			assert.Less(t, time.Since(start), patience, "gives up after its timeout instead of hanging")
			if tc.wantErr {
				require.ErrorIs(t, err, localchat.ErrTimeout)
				assert.Contains(t, err.Error(), "still waiting for the poller")
			} else {
				require.NoError(t, err)
			}
			assert.Contains(t, out.String(), tc.want)
		})
	}
}

func TestInteractiveBanner(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := tgtest.NewTest(t)
	var out strings.Builder
	err := localchat.Run(context.Background(), srv, db, strings.NewReader(""), &out,
		localchat.Options{User: tgtest.User{ID: 9, FirstName: "Ibu Siti"}, Interactive: true})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "Ibu Siti (id 9)")
	assert.Contains(t, out.String(), "/kontak")
	assert.Contains(t, out.String(), "Ctrl-D")
	assert.NotContains(t, out.String(), "> \n> ", "no echo in interactive mode")
}

func TestContextEndsSession(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := tgtest.NewTest(t)
	pr, pw := io.Pipe() // a terminal nobody types into
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- localchat.Run(ctx, srv, db, pr, io.Discard, localchat.Options{User: tgtest.User{ID: 3}})
	}()
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(patience):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestDefaultPhone(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name string
		id   int64
		want string
	}{
		{name: "small id", id: 7, want: "+6281200000007"},
		{name: "default user", id: 1001, want: "+6281200001001"},
		{name: "long id keeps its last eight digits", id: 123456789012, want: "+6281256789012"},
		{name: "negative id", id: -42, want: "+6281200000042"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got := localchat.DefaultPhone(tc.id)
			assert.Equal(t, tc.want, got)
			parsed, err := person.ParsePhone(got)
			require.NoError(t, err, "the bot must accept it")
			assert.Equal(t, got, parsed)
		})
	}
}
