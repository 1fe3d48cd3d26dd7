package chaos_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// The broadcast of TestBroadcastLeaderSIGKILL: bcRecipients parents at
// bcRate messages a second take about ten seconds, so the kill lands in the
// middle of it.
const (
	bcRate       = 300
	bcRecipients = 3000
	bcBlocked    = 10 // recipients whose chat answers 403: blocked, not sent
	bcTextID     = "Posyandu Melati buka Sabtu ini jam 08.00. Jangan lupa bawa buku KIA."
	bcTextEN     = "Posyandu Melati opens this Saturday at 08:00. Remember to bring the KIA book."

	// bcKillAt is how many messages Telegram has when the leader is
	// killed: a bit over a third, and half a mark group past a claim's
	// start (claims of 500 rows, marks written per hundred from a claim's
	// start), so some fifty messages are sent but not yet recorded and the
	// resend path is exercised, not dodged.
	bcKillAt = 1050

	// bcClaim is the most bulk rows a leader leases at once: claimBulk takes
	// min(BulkBatch, 2 × rate) rows, and outbox.NewSender's BulkBatch is
	// 500, so 500 at 300 messages a second.
	bcClaim = min(500, 2*bcRate)

	// The chat id ranges of the seeded people.
	bcAudience     = int64(770_000_000) // parents: the audience
	bcKaders       = int64(771_000_000) // kaders only: another role
	bcBlockedChats = int64(772_000_000) // parents whose chat blocked the bot before
	bcStoppedChats = int64(773_000_000) // parents whose chat stopped the bot
	bcNoRole       = int64(774_000_000) // consented, no role yet
	bcChatsOnly    = int64(775_000_000) // chats that never consented
)

// Issue 9: kill the bulk sender's leader with SIGKILL in the middle of a
// broadcast queued the way an operator queues one (`tumbuh admin broadcast
// --yes`): the other replica takes the lead, the broadcast completes and
// its counts add up, every recipient gets the message, nobody outside the
// audience gets anything, and the only duplicates are the documented
// at-least-once window: messages of the dead leader's leased batch that
// Telegram accepted but whose "sent" mark (written a hundred at a time, see
// outbox.sentBatch) never reached the database. The successor takes those
// rows over once the dead process's heartbeat is stale and sends them
// again, so
//
//   - a doubled chat got exactly two copies, the first before the kill and
//     the second after it;
//   - its row is one the dead leader had leased and the successor claimed
//     again (attempts ≥ 2);
//   - there are at most bcClaim of those rows, one claimed batch.
func TestBroadcastLeaderSIGKILL(t *testing.T) {
	b := setup(t, fmt.Sprintf("TELEGRAM_RATE=%d", bcRate))
	db, err := sqlx.Open("postgres", b.cluster.URL("tumbuh"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	// The replicas have migrated the database (they are ready): seed it.
	seedPeople(t, db, bcAudience, 20, "", "orang_tua", "kader") // parents who are kaders too, reached once
	seedPeople(t, db, bcAudience+20, bcRecipients-20, "", "orang_tua")
	seedPeople(t, db, bcKaders, 100, "", "kader")
	seedPeople(t, db, bcBlockedChats, 50, "blocked", "orang_tua")
	seedPeople(t, db, bcStoppedChats, 50, "stopped", "orang_tua")
	seedPeople(t, db, bcNoRole, 50, "")
	_, err = db.Exec(`INSERT INTO chats (chat_id) SELECT $1::bigint + g FROM generate_series(0, 49) g`, bcChatsOnly)
	require.NoError(t, err)
	lang := map[int64]string{} // the audience, by chat: its language
	rows, err := db.Query(`SELECT chat_id, COALESCE(language, 'id') FROM chats WHERE chat_id >= $1 AND chat_id < $2`,
		bcAudience, bcAudience+bcRecipients)
	require.NoError(t, err)
	for rows.Next() {
		var c int64
		var l string
		require.NoError(t, rows.Scan(&c, &l))
		lang[c] = l
	}
	require.NoError(t, rows.Err())
	require.Len(t, lang, bcRecipients)
	// Some recipients blocked the bot since they registered: Telegram
	// answers 403, the chat is marked blocked and counted so.
	blocked := map[int64]bool{}
	for i := range bcBlocked {
		c := bcAudience + int64(7+i*293)
		blocked[c] = true
		b.tg.Fail("sendMessage", tgtest.Failure{Status: http.StatusForbidden, ChatID: c})
	}

	// Telegram's count of the messages it took.
	var delivered atomic.Int64
	events, stop := b.tg.Subscribe()
	t.Cleanup(stop)
	go func() {
		for ev := range events {
			if ev.Kind == tgtest.EventSent {
				delivered.Add(1)
			}
		}
	}()

	leader := b.waitLeader(t)
	var survivor *replica
	for _, r := range b.replicas {
		if r != leader {
			survivor = r
		}
	}
	assert.Equal(t, "1", leaderGauge(t, leader), "replica %s's /metrics says it leads", leader.name)
	assert.Equal(t, "0", leaderGauge(t, survivor), "replica %s's /metrics says it does not lead", survivor.name)

	// Queued as an operator does.
	out := b.admin(t, "broadcast", "--text", bcTextID, "--text-en", bcTextEN, "--role", "orang_tua", "--yes")
	queuedAt := time.Now()
	var id int64
	var queued int
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "queued broadcast ") {
			_, err := fmt.Sscanf(line, "queued broadcast %d to %d recipients", &id, &queued)
			require.NoError(t, err, "queue line %q", line)
		}
	}
	require.NotZero(t, id, "tumbuh admin broadcast queued nothing:\n%s", out)
	require.Equal(t, bcRecipients, queued, "the audience: the parents, each once, none whose chat blocked or stopped the bot")
	assert.Contains(t, out, fmt.Sprintf("recipients: %d", bcRecipients))

	// Kill the leader when Telegram has bcKillAt of the messages.
	waitUntil(t, "a third of the broadcast", func() bool { return delivered.Load() >= bcKillAt })
	lead, ok := leader.leadership()
	require.True(t, ok && lead.leading, "replica %s still leads at the kill", leader.name)
	if rec, ok := survivor.leadership(); ok {
		require.False(t, rec.leading, "replica %s does not lead at the kill", survivor.name)
	}
	killedAt := time.Now()
	leader.kill()
	atKill := delivered.Load()
	var recorded int
	require.NoError(t, db.Get(&recorded, `SELECT count(*) FROM outbox WHERE broadcast_id = $1 AND status = 'sent'`, id))
	t.Logf("replica %s (process %d), the leader, killed (SIGKILL) %s after the queueing: Telegram had %d of %d messages, %d recorded sent",
		leader.name, lead.process, killedAt.Sub(queuedAt).Round(time.Millisecond), atKill, bcRecipients, recorded)

	var took leadRecord
	waitUntil(t, "replica "+survivor.name+" to take the lead", func() bool {
		rec, ok := survivor.leadership()
		took = rec
		return ok && rec.leading
	})
	takeover := took.at.Sub(killedAt)
	assert.Less(t, takeover, 10*time.Second, "the other replica leads within seconds (it tries the lock every second)")
	assert.Equal(t, "1", leaderGauge(t, survivor), "replica %s's /metrics says it leads", survivor.name)

	pending := func() int {
		var n int
		require.NoError(t, db.Get(&n, `SELECT count(*) FROM outbox WHERE broadcast_id = $1 AND status = 'pending'`, id))
		return n
	}
	waitUntil(t, "the broadcast to complete", func() bool { return pending() == 0 })
	doneAt := time.Now()
	// Nothing is left to send: a while later nothing more has been sent.
	calls := len(b.tg.Calls())
	time.Sleep(2 * time.Second)
	require.Len(t, b.tg.Calls(), calls, "nothing sent after the broadcast completed")

	// The operator's report adds up.
	status := parseStatus(t, b.admin(t, "broadcast", "status", strconv.FormatInt(id, 10)))
	assert.Equal(t, "done", status["state"])
	assert.Equal(t, bcRecipients, status.n(t, "recipients"))
	assert.Equal(t, status.n(t, "recipients"), status.n(t, "sent")+status.n(t, "blocked")+status.n(t, "failed"),
		"sent + blocked + failed = recipients: %v", status)
	assert.Equal(t, bcRecipients-bcBlocked, status.n(t, "sent"))
	assert.Equal(t, bcBlocked, status.n(t, "blocked"))
	assert.Zero(t, status.n(t, "failed"))
	assert.Zero(t, status.n(t, "cancelled"))
	assert.Zero(t, status.n(t, "still queued"))

	// Telegram's side: every call to a chat went to the audience.
	for _, c := range b.tg.Calls() {
		raw, ok := c.Params["chat_id"]
		if !ok {
			continue
		}
		chat, err := strconv.ParseInt(raw, 10, 64)
		require.NoError(t, err, "%s to chat %q", c.Method, raw)
		_, in := lang[chat]
		require.True(t, in, "%s to chat %d, outside the audience", c.Method, chat)
		require.Equal(t, "sendMessage", c.Method, "chat %d", chat)
	}

	// The rows the successor took over from the dead leader: leased by both.
	var takenOver []int64
	require.NoError(t, db.Select(&takenOver, `SELECT chat_id FROM outbox WHERE broadcast_id = $1 AND attempts >= 2`, id))
	assert.LessOrEqual(t, len(takenOver), bcClaim, "only the dead leader's batch is claimed twice")

	// Every recipient got it; a chat got it twice only for a row of the
	// dead leader's batch, once before the kill and once after.
	var first, last time.Time
	var lost, doubled int
	var resentAt time.Time
	for chat, l := range lang {
		msgs := b.tg.Sent(chat)
		if blocked[chat] {
			assert.Empty(t, msgs, "chat %d blocked the bot", chat)
			continue
		}
		if len(msgs) == 0 {
			lost++
			continue
		}
		want := bcTextID
		if l == "en" {
			want = bcTextEN
		}
		for _, m := range msgs {
			assert.Equal(t, want, m.Text, "chat %d (%s)", chat, l)
			if first.IsZero() || m.Date.Before(first) {
				first = m.Date
			}
			if m.Date.After(last) {
				last = m.Date
			}
		}
		if len(msgs) == 1 {
			continue
		}
		doubled += len(msgs) - 1
		assert.Len(t, msgs, 2, "chat %d: resent at most once", chat)
		assert.Contains(t, takenOver, chat, "chat %d: doubled, but its row was not the dead leader's", chat)
		// The first copy is the dead leader's: sent before the kill (its
		// request may reach the fake a moment after on a busy machine).
		assert.True(t, msgs[0].Date.Before(killedAt.Add(2*time.Second)), "chat %d: first copy at kill %+s",
			chat, msgs[0].Date.Sub(killedAt))
		assert.True(t, msgs[1].Date.After(killedAt), "chat %d: second copy at kill %+s", chat, msgs[1].Date.Sub(killedAt))
		if resentAt.IsZero() || msgs[1].Date.Before(resentAt) {
			resentAt = msgs[1].Date
		}
	}
	assert.Zero(t, lost, "recipients who got nothing")
	assert.LessOrEqual(t, doubled, len(takenOver), "duplicates only among the rows taken over from the dead leader")

	// The rows marked sent name a message the chat has.
	var marked []struct {
		Chat int64 `db:"chat_id"`
		Msg  int   `db:"telegram_message_id"`
	}
	require.NoError(t, db.Select(&marked, `SELECT chat_id, telegram_message_id FROM outbox
		WHERE broadcast_id = $1 AND status = 'sent'`, id))
	assert.Len(t, marked, bcRecipients-bcBlocked)
	for _, m := range marked {
		assert.True(t, slices.ContainsFunc(b.tg.Sent(m.Chat), func(s tgtest.Message) bool { return s.ID == m.Msg }),
			"chat %d: the row names message %d, which the chat does not have", m.Chat, m.Msg)
	}

	resent := "none"
	if !resentAt.IsZero() {
		resent = resentAt.Sub(killedAt).Round(time.Millisecond).String()
	}
	t.Logf("recipients %d (blocked %d), delivered %d, lost %d, duplicates %d (bound: rows taken over %d ≤ one claim %d); "+
		"killed at %d/%d; takeover (lock) %s after the kill, first resend %s after; "+
		"broadcast sent in %s (first to last message), completed %s after the kill",
		bcRecipients, bcBlocked, bcRecipients-bcBlocked-lost, lost, doubled, len(takenOver), bcClaim,
		atKill, bcRecipients, takeover.Round(time.Millisecond), resent,
		last.Sub(first).Round(time.Millisecond), doneAt.Sub(killedAt).Round(time.Millisecond))
}

// seedPeople registers n people with chats first, first+1, …: consented,
// with roles (none when empty), their chat blocked or stopped when state
// says so; every tenth speaks English.
func seedPeople(t *testing.T, db *sqlx.DB, first int64, n int, state string, roles ...string) {
	t.Helper()
	_, err := db.Exec(`
		WITH c AS (
			INSERT INTO chats (chat_id, language, blocked_at, stopped_at)
			SELECT $1::bigint + g, CASE WHEN g % 10 = 0 THEN 'en' ELSE 'id' END,
				CASE WHEN $3 = 'blocked' THEN now() END, CASE WHEN $3 = 'stopped' THEN now() END
			FROM generate_series(0, $2::int - 1) g
			RETURNING chat_id
		), u AS (
			INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at, registered_at)
			SELECT chat_id, chat_id, 'Ibu ' || chat_id, '2026-11', now(), now() FROM c
			RETURNING id
		)
		INSERT INTO user_roles (user_id, role) SELECT u.id, r FROM u, unnest(CAST($4 AS text[])) r`,
		first, n, state, pq.Array(roles))
	require.NoError(t, err)
}

// leadRecord is a replica's latest "bulk sender leadership" log line.
type leadRecord struct {
	leading bool
	at      time.Time
	process int64
}

// logPath is the log of the replica's current run.
func (r *replica) logPath() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return filepath.Join(r.logDir, fmt.Sprintf("serve-%s-%d.log", r.name, r.starts))
}

// leadership reads the replica's latest leadership change from its log
// (JSON lines); ok is false when it has logged none (it never led).
func (r *replica) leadership() (rec leadRecord, ok bool) {
	f, err := os.Open(r.logPath())
	if err != nil {
		return rec, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if !bytes.Contains(sc.Bytes(), []byte("bulk sender leadership")) {
			continue
		}
		var e struct {
			Time      time.Time `json:"time"`
			Msg       string    `json:"msg"`
			Leading   *bool     `json:"leading"`
			ProcessID int64     `json:"process_id"`
		}
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Msg != "bulk sender leadership" || e.Leading == nil {
			continue
		}
		rec, ok = leadRecord{leading: *e.Leading, at: e.Time, process: e.ProcessID}, true
	}
	return rec, ok
}

// waitLeader waits until exactly one replica leads the bulk sending and
// returns it.
func (b *bench) waitLeader(t *testing.T) *replica {
	t.Helper()
	var leader *replica
	waitUntil(t, "a bulk sender leader", func() bool {
		var leading []*replica
		for _, r := range b.replicas {
			if rec, ok := r.leadership(); ok && rec.leading {
				leading = append(leading, r)
			}
		}
		if len(leading) == 1 {
			leader = leading[0]
		}
		return len(leading) == 1
	})
	return leader
}

// leaderGauge reads tumbuh_sender_leader from the replica's /metrics.
func leaderGauge(t *testing.T, r *replica) string {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", r.port))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "tumbuh_sender_leader "); ok {
			return v
		}
	}
	t.Fatalf("replica %s: no tumbuh_sender_leader in /metrics", r.name)
	return ""
}

// admin runs `tumbuh admin args…` against the replicas' database and
// returns its standard output.
func (b *bench) admin(t *testing.T, args ...string) string {
	t.Helper()
	r := b.replicas[0]
	cmd := exec.Command(r.bin, append([]string{"admin"}, args...)...)
	cmd.Env = r.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "tumbuh admin %s:\n%s%s", strings.Join(args, " "), stdout.String(), stderr.String())
	return stdout.String()
}

// broadcastStatus is `tumbuh admin broadcast status` read back: "state"
// (done, sending, …) and the counts by their label.
type broadcastStatus map[string]string

func parseStatus(t *testing.T, out string) broadcastStatus {
	t.Helper()
	s := broadcastStatus{}
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "broadcast "); ok {
			if _, state, ok := strings.Cut(rest, ": "); ok {
				s["state"] = state
			}
			continue
		}
		if k, v, ok := strings.Cut(line, ": "); ok {
			s[k] = v
		}
	}
	require.Contains(t, s, "state", "status output:\n%s", out)
	return s
}

func (s broadcastStatus) n(t *testing.T, key string) int {
	t.Helper()
	n, err := strconv.Atoi(s[key])
	require.NoError(t, err, "%q in %v", key, s)
	return n
}
