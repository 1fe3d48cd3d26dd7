package conversation_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/locales"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// brokenFlow fails the way a bug would: by panicking or by erring.
type brokenFlow struct{ panics bool }

func (brokenFlow) FlowName() string { return "broken" }
func (f brokenFlow) Begin(*flows.Env, flows.Input) (flows.Outcome, error) {
	return f.fail()
}
func (f brokenFlow) Resume(*flows.Env, flows.Conversation, flows.Input) (flows.Outcome, error) {
	return f.fail()
}
func (f brokenFlow) Reprompt(*flows.Env, flows.Conversation, ...flows.Text) (flows.Outcome, error) {
	return f.fail()
}
func (f brokenFlow) fail() (flows.Outcome, error) {
	if f.panics {
		panic("step bug")
	}
	return flows.Outcome{}, errors.New("step failed")
}

func TestAFailingStepCostsOneApology(t *testing.T) {
	for _, tc := range []struct {
		name   string
		panics bool
	}{{"error", false}, {"panic", true}} {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			h := conversation.NewHandler(db, flows.NewEngine(flows.MustRegistry(flows.Spec{Flow: flows.Register()}, flows.Spec{Flow: brokenFlow{panics: tc.panics}})),
				bot.NewRenderer(locales.MustBundle()), slog.New(slog.NewTextHandler(io.Discard, nil)))
			_, err := db.Exec(`INSERT INTO chats (chat_id) VALUES (1);
				INSERT INTO conversations (chat_id, flow, step, state, turn, expires_at)
				VALUES (1, 'broken', 'x', '{"kept":true}', 3, now() + interval '1 hour')`)
			require.NoError(t, err)

			in := flows.Input{Kind: flows.KindText, ChatID: 1, UserID: 1, Text: "halo"}
			res, err := h.Handle(context.Background(), conversation.Update{ID: 10, Input: in})
			require.NoError(t, err, "the update is consumed, not retried forever")
			require.Len(t, res.Replies, 1)
			var m outbox.Message
			require.NoError(t, json.Unmarshal(res.Replies[0].Payload, &m))
			want, err := bot.NewRenderer(locales.MustBundle()).Text("id", flows.T(flows.MsgInternalError))
			require.NoError(t, err)
			assert.Equal(t, want, m.Text)

			var turn int
			require.NoError(t, db.Get(&turn, `SELECT turn FROM conversations WHERE chat_id = 1`))
			assert.Equal(t, 3, turn, "the person keeps their place")

			again, err := h.Handle(context.Background(), conversation.Update{ID: 10, Input: in})
			require.NoError(t, err)
			assert.True(t, again.Duplicate)
		})
	}
}
