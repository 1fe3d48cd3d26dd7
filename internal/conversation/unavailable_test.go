package conversation_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/locales"
)

// blipFlow fails its step the way a database restart does: with the error
// of a statement the step ran.
type blipFlow struct{ code string }

func (blipFlow) FlowName() string { return "blip" }
func (f blipFlow) Begin(*flows.Env, flows.Input) (flows.Outcome, error) {
	return flows.Outcome{}, f.err()
}
func (f blipFlow) Resume(*flows.Env, flows.Conversation, flows.Input) (flows.Outcome, error) {
	return flows.Outcome{}, f.err()
}
func (f blipFlow) Reprompt(*flows.Env, flows.Conversation, ...flows.Text) (flows.Outcome, error) {
	return flows.Outcome{}, f.err()
}
func (f blipFlow) err() error {
	return fmt.Errorf("flow blip step x: load child: %w", &pq.Error{Code: pq.ErrorCode(f.code), Message: "blip"})
}

func handler(db *sqlx.DB, extra flows.Runner) *conversation.Handler {
	reg := flows.MustRegistry(flows.Spec{Flow: flows.Register()}, flows.Spec{Flow: extra})
	return conversation.NewHandler(db, flows.NewEngine(reg), bot.NewRenderer(locales.MustBundle()),
		slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// Only a failed step apologises: when the database is what failed, at any
// point of the turn, nothing is consumed and Telegram must deliver again.
func TestADatabaseFailureConsumesNothing(t *testing.T) {
	for _, code := range []string{"57P03", "57P01", "08006", "25006", "40001", "40P01"} {
		t.Run(code, func(t *testing.T) {
			db := pgtest.New(t)
			h := handler(db, blipFlow{code: code})
			_, err := db.Exec(`INSERT INTO chats (chat_id) VALUES (1);
				INSERT INTO conversations (chat_id, flow, step, state, turn, expires_at)
				VALUES (1, 'blip', 'x', '{}', 3, now() + interval '1 hour')`)
			require.NoError(t, err)

			in := flows.Input{Kind: flows.KindText, ChatID: 1, UserID: 1, Text: "halo"}
			_, err = h.Handle(context.Background(), conversation.Update{ID: 10, Input: in})
			require.ErrorIs(t, err, conversation.ErrUnavailable)
			var n int
			require.NoError(t, db.Get(&n, `SELECT count(*) FROM processed_updates`))
			assert.Zero(t, n, "the update is not consumed")
			require.NoError(t, db.Get(&n, `SELECT count(*) FROM outbox`))
			assert.Zero(t, n, "no apology")
		})
	}
}

func TestAnUnreachableDatabaseConsumesNothing(t *testing.T) {
	db, err := sqlx.Open("postgres", "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	h := handler(db, blipFlow{code: "57P03"})
	in := flows.Input{Kind: flows.KindText, ChatID: 1, UserID: 1, Text: "halo"}
	_, err = h.Handle(context.Background(), conversation.Update{ID: 10, Input: in})
	assert.ErrorIs(t, err, conversation.ErrUnavailable)
}
