package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lib/pq"
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

// Marks are written one statement per group: a list of pairs up to 16
// rows, arrays beyond. Every row gets its own Telegram message id, and no
// other row is touched.
func TestMarkOutboxSentMany(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, `INSERT INTO chats (chat_id) VALUES (1)`)
	require.NoError(t, err)
	for _, n := range []int{0, 1, 2, 16, 17, 100} {
		var ids []int64
		require.NoError(t, db.SelectContext(ctx, &ids, `INSERT INTO outbox (chat_id, kind, priority, payload)
			SELECT 1, 'reply', 10, '{}' FROM generate_series(1, $1 + 1) RETURNING id`, n))
		marked, untouched := ids[:n], ids[n]
		msgIDs := make([]int64, n)
		for i, id := range marked {
			msgIDs[i] = 1000 + id
		}
		require.NoError(t, store.MarkOutboxSentMany(ctx, db, marked, msgIDs), "%d rows", n)
		var wrong int
		require.NoError(t, db.GetContext(ctx, &wrong, `SELECT count(*) FROM outbox WHERE id = ANY($1)
			AND (status <> 'sent' OR telegram_message_id IS DISTINCT FROM 1000 + id OR sent_at IS NULL)`, pq.Array(marked)))
		require.Zero(t, wrong, "%d rows marked", n)
		var status string
		require.NoError(t, db.GetContext(ctx, &status, `SELECT status FROM outbox WHERE id = $1`, untouched))
		require.Equal(t, "pending", status, "the row after the %d marked", n)
	}
}
