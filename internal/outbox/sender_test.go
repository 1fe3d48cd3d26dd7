package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// recorder is a Deliverer that remembers every call, optionally failing some.
type recorder struct {
	mu    sync.Mutex
	calls []outbox.Message
	fail  func(m outbox.Message) error
}

func (r *recorder) Deliver(_ context.Context, m outbox.Message) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, m)
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return 0, err
		}
	}
	return len(r.calls), nil
}

func (r *recorder) texts(chatID int64) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.calls {
		if m.ChatID == chatID {
			out = append(out, m.Text)
		}
	}
	return out
}

func payloads(t *testing.T, chatID int64, texts ...string) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for _, s := range texts {
		p, err := outbox.Encode(outbox.Message{Method: outbox.MethodSendMessage, ChatID: chatID, Text: s})
		require.NoError(t, err)
		out = append(out, p)
	}
	return out
}

// enqueue queues messages for the loop.
func enqueue(t *testing.T, db *sqlx.DB, chatID int64, texts ...string) {
	t.Helper()
	ctx := context.Background()
	tx, err := store.Begin(ctx, db)
	require.NoError(t, err)
	defer tx.Rollback()
	var entries []store.OutboxEntry
	for _, p := range payloads(t, chatID, texts...) {
		entries = append(entries, store.OutboxEntry{ChatID: chatID, Kind: "reply", Payload: p})
	}
	_, err = tx.Enqueue(ctx, entries)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
}

// updateIDs numbers the turns replies starts.
var updateIDs atomic.Int64

// replies queues messages as a turn does, leased to the caller.
func replies(t *testing.T, db *sqlx.DB, chatID int64, texts ...string) []store.OutboxRow {
	t.Helper()
	ctx := context.Background()
	tx, err := store.Begin(ctx, db)
	require.NoError(t, err)
	defer tx.Rollback()
	turn, fresh, err := tx.StartTurn(ctx, updateIDs.Add(1), chatID, store.TurnOptions{})
	require.NoError(t, err)
	require.True(t, fresh)
	rows, err := tx.EndTurn(ctx, turn, store.TurnEnd{KeepConversation: true, Priority: 10,
		Payloads: payloads(t, chatID, texts...), Lease: time.Minute})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	return rows
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestTwoSendersNeverTakeTheSameRow(t *testing.T) {
	db := pgtest.New(t)
	const chats, perChat = 40, 5
	for c := int64(1); c <= chats; c++ {
		enqueue(t, db, c, "a", "b", "c", "d", "e")
	}
	rec := &recorder{}
	var wg sync.WaitGroup
	for range 2 {
		s := outbox.NewSender(db, rec, quiet())
		s.Batch = 7
		wg.Go(func() {
			for {
				n, err := s.Drain(context.Background())
				assert.NoError(t, err)
				if n == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	assert.Len(t, rec.calls, chats*perChat, "every row once, none twice")
	for c := int64(1); c <= chats; c++ {
		assert.Equal(t, []string{"a", "b", "c", "d", "e"}, rec.texts(c), "chat %d in order", c)
	}
	var pending int
	require.NoError(t, db.Get(&pending, `SELECT count(*) FROM outbox WHERE status <> 'sent'`))
	assert.Zero(t, pending)
}

func TestRepliesQueueBehindEarlierMessages(t *testing.T) {
	db := pgtest.New(t)
	enqueue(t, db, 3, "earlier")
	assert.Empty(t, replies(t, db, 3, "later"), "not leased: the loop sends it after the earlier one")
	assert.Len(t, replies(t, db, 4, "a", "b"), 2, "another chat's replies are leased at once")
	rec := &recorder{}
	s := outbox.NewSender(db, rec, quiet())
	for range 2 {
		_, err := s.Drain(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"earlier", "later"}, rec.texts(3))
	assert.Empty(t, rec.texts(4), "leased rows are the caller's to send")
}

func TestSendStopsAtFirstFailureAndKeepsOrder(t *testing.T) {
	db := pgtest.New(t)
	rows := replies(t, db, 9, "one", "two", "three")
	require.Len(t, rows, 3)
	failed := false
	rec := &recorder{fail: func(m outbox.Message) error {
		if m.Text == "two" && !failed {
			failed = true
			return errors.New("connection reset")
		}
		return nil
	}}
	s := outbox.NewSender(db, rec, quiet())
	s.Send(context.Background(), rows)
	assert.Equal(t, []string{"one", "two"}, rec.texts(9), "three waits behind two")

	// The retry is due after the backoff; the loop then sends two, then three.
	_, err := db.Exec(`UPDATE outbox SET not_before = now() WHERE status = 'pending'`)
	require.NoError(t, err)
	for range 3 {
		_, err := s.Drain(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"one", "two", "two", "three"}, rec.texts(9))
}

func TestOutcomes(t *testing.T) {
	tcs := []struct {
		name       string
		err        error
		wantStatus string
		check      func(t *testing.T, db *sqlx.DB)
	}{
		{"permanent", &outbox.PermanentError{Reason: "Bad Request: chat not found"}, "failed", func(t *testing.T, db *sqlx.DB) {
			var reason string
			require.NoError(t, db.Get(&reason, `SELECT last_error FROM outbox`))
			assert.Equal(t, "Bad Request: chat not found", reason)
		}},
		{"forbidden", outbox.ErrForbidden, "dropped", func(t *testing.T, db *sqlx.DB) {
			var blocked bool
			require.NoError(t, db.Get(&blocked, `SELECT blocked_at IS NOT NULL FROM chats WHERE chat_id = 5`))
			assert.True(t, blocked)
		}},
		{"rate limited", &outbox.RetryAfterError{After: 30 * time.Second}, "pending", func(t *testing.T, db *sqlx.DB) {
			var wait float64
			require.NoError(t, db.Get(&wait, `SELECT EXTRACT(EPOCH FROM not_before - now()) FROM outbox`))
			assert.InDelta(t, 30, wait, 2)
		}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			_, err := db.Exec(`INSERT INTO chats (chat_id) VALUES (5)`)
			require.NoError(t, err)
			rows := replies(t, db, 5, "x")
			s := outbox.NewSender(db, &recorder{fail: func(outbox.Message) error { return tc.err }}, quiet())
			s.Send(context.Background(), rows)
			var status string
			require.NoError(t, db.Get(&status, `SELECT status FROM outbox`))
			assert.Equal(t, tc.wantStatus, status)
			tc.check(t, db)
		})
	}
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt <= 20; attempt++ {
		d := outbox.Backoff(attempt)
		full := min(time.Second<<min(attempt-1, 10), 10*time.Minute)
		assert.GreaterOrEqual(t, d, full/2, "attempt %d", attempt)
		assert.LessOrEqual(t, d, full, "attempt %d", attempt)
	}
}

// A bulk reminder's payload is a shared template without its chat: it goes
// to the row's chat.
func TestPayloadWithoutChatGoesToTheRowsChat(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	tx, err := store.Begin(ctx, db)
	require.NoError(t, err)
	defer tx.Rollback()
	_, err = tx.Enqueue(ctx, []store.OutboxEntry{{ChatID: 7, Kind: "reminder", Payload: payloads(t, 0, "minum TTD")[0]}})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	rec := &recorder{}
	_, err = outbox.NewSender(db, rec, quiet()).Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"minum TTD"}, rec.texts(7))
}

// Replies sent at the same moment have their "sent" marks written in
// groups; every one of them is marked, each Send returns only once its own
// mark is written, and Telegram's message id lands on the right row.
func TestConcurrentRepliesAreAllMarked(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	const chats = 120
	leased := make([][]store.OutboxRow, chats)
	for c := range chats {
		leased[c] = replies(t, db, int64(7000+c), "satu", "dua")
		require.Len(t, leased[c], 2)
	}
	rec := &recorder{}
	s := outbox.NewSender(db, rec, quiet())
	var wg sync.WaitGroup
	for c := range chats {
		wg.Go(func() {
			s.Send(ctx, leased[c])
			// Returned: both of its marks are written.
			var sent int
			assert.NoError(t, db.Get(&sent, `SELECT count(*) FROM outbox WHERE chat_id = $1 AND status = 'sent'`, 7000+c))
			assert.Equal(t, 2, sent, "chat %d", 7000+c)
		})
	}
	wg.Wait()
	var rows []struct {
		ID    int64  `db:"id"`
		MsgID int64  `db:"telegram_message_id"`
		Text  string `db:"text"`
		Chat  int64  `db:"chat_id"`
	}
	require.NoError(t, db.Select(&rows, `SELECT id, telegram_message_id, payload->>'text' AS text, chat_id FROM outbox WHERE status = 'sent'`))
	require.Len(t, rows, 2*chats)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rows {
		// The recorder's message id is the call's position: that call
		// must be this row's message.
		require.Positive(t, r.MsgID)
		call := rec.calls[r.MsgID-1]
		assert.Equal(t, r.Chat, call.ChatID, "row %d", r.ID)
		assert.Equal(t, r.Text, call.Text, "row %d", r.ID)
	}
}
