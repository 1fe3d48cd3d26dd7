package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// toRoles walks a user to the roles question and returns that message's id.
func toRoles(t *testing.T, h *harness, u tgtest.User) int {
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	h.do(h.tg.SendText(u, "Dewi"))
	h.do(h.tg.SendText(u, "0812 3456 7890"))
	roles := h.last(u)
	requireSays(t, roles, "id", flows.MsgRegRolesAsk)
	return roles.ID
}

func count(t *testing.T, h *harness, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, h.db.Get(&n, query, args...))
	return n
}

func TestDuplicateUpdateHasOneEffect(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 6001, FirstName: "Ani"}
	start := h.tg.SendCommand(u, "start")
	h.do(start)
	h.do(start) // Telegram delivers the same update again
	h.settle()

	assert.Len(t, h.tg.Sent(u.ID), 1, "one reply for one update")
	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM processed_updates WHERE update_id = $1`, start.ID))
	assert.Equal(t, 1, count(t, h, `SELECT turn FROM conversations WHERE chat_id = $1`, u.ID))
}

func TestConcurrentUpdatesOfOneChatAreSerial(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 6002, FirstName: "Dewi"}
	rolesMsg := toRoles(t, h, u)

	// Two presses arrive at once over two webhook connections. Without the
	// chat lock one toggle would overwrite the other.
	a := h.tg.PressButton(u, rolesMsg, "role:orang_tua")
	b := h.tg.PressButton(u, rolesMsg, "role:ibu_hamil")
	var wg sync.WaitGroup
	for _, upd := range []models.Update{a, b} {
		wg.Go(func() {
			status, err := h.tg.Deliver(context.Background(), upd)
			assert.NoError(t, err)
			assert.Equal(t, 200, status)
		})
	}
	wg.Wait()
	h.settle()

	var roles pq.StringArray
	require.NoError(t, h.db.Get(&roles, `
		SELECT array_agg(r ORDER BY r) FROM conversations, jsonb_array_elements_text(state->'roles') r
		WHERE chat_id = $1`, u.ID))
	assert.Equal(t, pq.StringArray{"ibu_hamil", "orang_tua"}, roles)
	assert.Equal(t, 6, count(t, h, `SELECT turn FROM conversations WHERE chat_id = $1`, u.ID))
}

func TestCrashBetweenCommitAndSendStillDelivers(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6003, FirstName: "Sri"}
	h.stop() // the process is gone; its turn committed but never sent

	start := h.tg.SendCommand(u, "start")
	upd, ok := bot.ReadUpdate(&start)
	require.True(t, ok)
	// The dead process held its replies' lease; a short one keeps the test quick.
	h.app.Turns.ReplyLease = 300 * time.Millisecond
	res, err := h.app.Turns.Handle(context.Background(), upd)
	require.NoError(t, err)
	require.NotEmpty(t, res.Replies)
	assert.Empty(t, h.tg.Sent(u.ID))

	// A new process starts; its sender finds the committed reply and sends it.
	h2 := startApp(t, h.db, h.tg, polling)
	h2.settle()
	require.Len(t, h.tg.Sent(u.ID), 1)
	requireSays(t, h.tg.Sent(u.ID)[0], "id", flows.MsgRegConsentAsk)
	// The update itself was handled once: the new poller got it confirmed
	// and the turn's dedupe kept it from running again.
	assert.Equal(t, 1, count(t, h2, `SELECT count(*) FROM processed_updates`))
}

// A process killed between commit and send holds its replies' lease for
// 30 s, but its heartbeat stops: another process sees it dead within
// seconds and sends the replies, in order.
func TestADeadProcessesRepliesGoOutWithinSeconds(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6005, FirstName: "Wati"}
	h.stop()

	// The killed process: registered, beat once, never stopped.
	dead, err := store.RegisterProcess(context.Background(), h.db, "killed", 1)
	require.NoError(t, err)
	h.app.Turns.Owner = dead
	h.app.Turns.ReplyLease = 30 * time.Second
	start := h.tg.SendCommand(u, "start")
	upd, ok := bot.ReadUpdate(&start)
	require.True(t, ok)
	res, err := h.app.Turns.Handle(context.Background(), upd)
	require.NoError(t, err)
	require.NotEmpty(t, res.Replies)

	began := time.Now()
	h2 := startApp(t, h.db, h.tg, polling)
	h2.settle()
	took := time.Since(began)
	require.Len(t, h.tg.Sent(u.ID), 1)
	requireSays(t, h.tg.Sent(u.ID)[0], "id", flows.MsgRegConsentAsk)
	assert.Less(t, took, 20*time.Second, "taken over on the dead heartbeat (%s), not after the 30 s lease", took)
	t.Logf("replies of a dead process sent after %s", took)
}

func TestTooManyRequestsWaitsRetryAfter(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6004, FirstName: "Tuti"}
	h.tg.Fail("sendMessage", tgtest.Failure{Status: 429, RetryAfter: 1, Times: 1})
	h.do(h.tg.SendCommand(u, "start"))

	calls := h.tg.CallsTo("sendMessage")
	require.Len(t, calls, 2)
	assert.Equal(t, 429, calls[0].Status)
	assert.Equal(t, 200, calls[1].Status)
	assert.GreaterOrEqual(t, calls[1].At.Sub(calls[0].At), time.Second, "the retry waited retry_after")
	assert.Len(t, h.tg.Sent(u.ID), 1)
}

func TestServerErrorIsRetried(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6005, FirstName: "Yati"}
	h.tg.Fail("sendMessage", tgtest.Failure{Status: 502, Times: 2})
	h.do(h.tg.SendCommand(u, "start"))
	calls := h.tg.CallsTo("sendMessage")
	require.Len(t, calls, 3)
	assert.Equal(t, []int{502, 502, 200}, []int{calls[0].Status, calls[1].Status, calls[2].Status})
	assert.Len(t, h.tg.Sent(u.ID), 1)
}

func TestForbiddenMarksChatBlocked(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6006, FirstName: "Lina"}
	h.tg.Fail("sendMessage", tgtest.Failure{Status: 403, ChatID: u.ID})
	h.do(h.tg.SendCommand(u, "start"))

	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM chats WHERE chat_id = $1 AND blocked_at IS NOT NULL`, u.ID))
	assert.Equal(t, 0, count(t, h, `SELECT count(*) FROM outbox WHERE status = 'pending'`))
	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM outbox WHERE status = 'dropped'`))
	assert.Len(t, h.tg.CallsTo("sendMessage"), 1, "no retry to a chat that blocked the bot")

	// They unblock and write again: the chat is active again.
	h.tg.ClearFailures()
	h.do(h.tg.SendText(u, "halo"))
	assert.Equal(t, 0, count(t, h, `SELECT count(*) FROM chats WHERE chat_id = $1 AND blocked_at IS NOT NULL`, u.ID))
	assert.NotEmpty(t, h.tg.Sent(u.ID))
}

func TestRestartResumesAtTheSameStep(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6007, FirstName: "Nur"}
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	h.do(h.tg.SendText(u, "Nur Aini"))
	h.stop()

	h2 := startApp(t, h.db, h.tg, polling)
	h2.do(h.tg.SendText(u, "+62 812-1111-2222"))
	sent := h.tg.Sent(u.ID)
	requireSays(t, sent[len(sent)-1], "id", flows.MsgRegRolesAsk)
	var state struct {
		Name  string `db:"name"`
		Phone string `db:"phone"`
	}
	require.NoError(t, h.db.Get(&state, `SELECT state->>'name' AS name, state->>'phone' AS phone FROM conversations WHERE chat_id = $1`, u.ID))
	assert.Equal(t, "Nur Aini", state.Name)
	assert.Equal(t, "+6281211112222", state.Phone)
}

func TestIdleConversationExpiresPolitely(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 6008, FirstName: "Eka"}
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	_, err := h.db.Exec(`UPDATE conversations SET expires_at = now() - interval '1 minute' WHERE chat_id = $1`, u.ID)
	require.NoError(t, err)

	h.do(h.tg.SendText(u, "Eka Putri"))
	// Not registered, so the bot starts over, after saying why.
	sent := h.tg.Sent(u.ID)
	requireSays(t, sent[len(sent)-2], "id", flows.MsgExpired)
	requireSays(t, sent[len(sent)-1], "id", flows.MsgRegConsentAsk)
}
