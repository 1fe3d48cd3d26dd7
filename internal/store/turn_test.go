package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// StartTurn reads the conversation in the statement that takes the chat's
// lock, from a snapshot taken before it. A turn that waited for another turn
// of the same chat must still see what that one left: the conversation it
// saved, the replies it queued (pacing), and the account it created.
func TestStartTurnAfterWaitingSeesTheTurnBefore(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	const chatID = 5150
	opts := store.TurnOptions{UserID: chatID, PaceBurst: 3}

	first, err := store.Begin(ctx, db)
	require.NoError(t, err)
	defer first.Rollback()
	turn, fresh, err := first.StartTurn(ctx, 1, chatID, opts)
	require.NoError(t, err)
	require.True(t, fresh)
	assert.Nil(t, turn.Conversation)
	assert.Nil(t, turn.User)
	assert.Empty(t, turn.Sends)

	type started struct {
		turn store.Turn
		err  error
	}
	second := make(chan started, 1)
	go func() {
		tx, err := store.Begin(ctx, db)
		if err != nil {
			second <- started{err: err}
			return
		}
		defer tx.Rollback()
		turn, _, err := tx.StartTurn(ctx, 2, chatID, opts)
		second <- started{turn, err}
	}()
	// The second turn must be waiting on the chat before the first commits.
	require.Eventually(t, func() bool {
		var waiting int
		require.NoError(t, db.Get(&waiting, `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND datname = current_database()`))
		return waiting == 1
	}, time.Minute, 5*time.Millisecond)

	_, err = first.Querier().ExecContext(ctx, `INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at)
		VALUES ($1, $1, 'Siti', '2026-11', now())`, chatID)
	require.NoError(t, err)
	_, err = first.Querier().ExecContext(ctx, `INSERT INTO user_roles (user_id, role)
		SELECT id, 'orang_tua' FROM users WHERE telegram_id = $1`, chatID)
	require.NoError(t, err)
	rows, err := first.EndTurn(ctx, turn, store.TurnEnd{
		Conversation: &store.Conversation{Flow: "timbang", Step: "weight", State: json.RawMessage(`{"child_id": 7}`),
			Turn: 1, ExpiresAt: turn.Now.Add(time.Hour)},
		Priority: 10, Payloads: []json.RawMessage{json.RawMessage(`{"method":"sendMessage","text":"Berat?"}`)},
		Lease: time.Minute,
	})
	require.NoError(t, err)
	require.Len(t, rows, 1, "the reply is leased to the caller")
	require.NoError(t, first.Commit())

	got := <-second
	require.NoError(t, got.err)
	require.NotNil(t, got.turn.Conversation, "the conversation the first turn saved")
	assert.Equal(t, "weight", got.turn.Conversation.Step)
	assert.JSONEq(t, `{"child_id": 7}`, string(got.turn.Conversation.State))
	require.NotNil(t, got.turn.User, "the account the first turn created")
	assert.Equal(t, "Siti", got.turn.User.Name)
	assert.Equal(t, []policy.Grant{{Role: policy.Parent}}, got.turn.User.Grants, "with the role it was given")
	assert.Len(t, got.turn.Sends, 1, "the reply the first turn queued paces the next")
}

// A turn that did not wait reads everything in its first statement, and
// EndTurn ends the conversation, keeps it, or saves it.
func TestEndTurnConversation(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	const chatID = 5151
	update := int64(10)
	step := func(end store.TurnEnd) *store.Conversation {
		t.Helper()
		tx, err := store.Begin(ctx, db)
		require.NoError(t, err)
		defer tx.Rollback()
		update++
		turn, fresh, err := tx.StartTurn(ctx, update, chatID, store.TurnOptions{})
		require.NoError(t, err)
		require.True(t, fresh)
		_, err = tx.EndTurn(ctx, turn, end)
		require.NoError(t, err)
		require.NoError(t, tx.Commit())
		return turn.Conversation
	}
	saved := &store.Conversation{Flow: "anak", Step: "name", Turn: 1, ExpiresAt: time.Now().Add(time.Hour)}
	assert.Nil(t, step(store.TurnEnd{Conversation: saved}))
	got := step(store.TurnEnd{KeepConversation: true})
	require.NotNil(t, got)
	assert.Equal(t, "name", got.Step)
	assert.JSONEq(t, `{}`, string(got.State), "no state is stored as an empty object")
	assert.NotNil(t, step(store.TurnEnd{}), "kept")
	assert.Nil(t, step(store.TurnEnd{}), "ended")
}
