package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Every turn asks whether its chat already has a reply queued. It must
// read only that chat's queue, whatever the planner believes: with
// statistics from a quiet hour (nothing pending) and then a backlog of
// 5,000 replies for other chats, as after an outage, the turn's plan (a
// connection keeps the generic one) reads a handful of pages. Reading the
// whole backlog, as it once did through the due index, is hundreds.
func TestEndTurnReadsOnlyItsChatsQueue(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO chats (chat_id) SELECT g FROM generate_series(1, 2001) g`,
		`INSERT INTO outbox (chat_id, kind, priority, payload, status, sent_at)
			SELECT 1 + g % 2001, 'reply', 10, '{"method":"sendMessage"}', 'sent', now() FROM generate_series(1, 2000) g`,
		`ANALYZE outbox`,
		`INSERT INTO outbox (chat_id, kind, priority, payload)
			SELECT 2 + g % 2000, 'reply', 10, '{"method":"sendMessage"}' FROM generate_series(1, 5000) g`,
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	tx, err := db.BeginTxx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`)
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, `PREPARE end_turn (bigint, smallint, text[], float8, timestamptz[], timestamptz,
		bigint, text, text, text, text, int, timestamptz) AS `+store.EndTurnSQL)
	require.NoError(t, err)
	var out []byte
	require.NoError(t, tx.GetContext(ctx, &out, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
		EXECUTE end_turn(1, 10, ARRAY['{"method":"sendMessage"}'], 60, ARRAY[now()], now(), 0, 'end', '', '', '{}', 0, NULL)`))
	var plans []struct {
		Plan struct {
			Hit  int `json:"Shared Hit Blocks"`
			Read int `json:"Shared Read Blocks"`
		}
	}
	require.NoError(t, json.Unmarshal(out, &plans))
	require.Len(t, plans, 1)
	pages := plans[0].Plan.Hit + plans[0].Plan.Read
	require.Less(t, pages, 60, "pages read by a turn's end with 5,000 replies queued for other chats:\n%s", out)
}
