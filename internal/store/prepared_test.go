package store_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// A statement runs unprepared the first time and is prepared in the
// background; from then on it runs prepared, in transactions and outside,
// with the same results. A wrong statement fails every time, with its own
// error, and is never kept.
func TestStatementsPrepareOnFirstSight(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	st := store.NewStatements(db, slog.New(slog.DiscardHandler))
	t.Cleanup(st.Close)

	const q = `SELECT CAST($1 AS int) + 1`
	var n int
	require.NoError(t, st.DB().GetContext(ctx, &n, q, 41))
	assert.Equal(t, 42, n, "unprepared, the first time")
	require.Eventually(t, func() bool { return st.Len() == 1 }, time.Minute, 5*time.Millisecond, "prepared in the background")

	for i := range 3 {
		require.NoError(t, st.DB().GetContext(ctx, &n, q, i))
		assert.Equal(t, i+1, n, "prepared, outside a transaction")
		tx, err := st.Begin(ctx)
		require.NoError(t, err)
		require.NoError(t, tx.Querier().GetContext(ctx, &n, q, 10*i))
		assert.Equal(t, 10*i+1, n, "prepared, inside a transaction")
		require.NoError(t, tx.Commit())
	}

	const wrong = `SELECT nope FROM nowhere WHERE x = $1`
	for range 3 {
		err := st.DB().GetContext(ctx, &n, wrong, 1)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "nowhere")
		time.Sleep(20 * time.Millisecond) // its background preparation fails meanwhile
	}
	assert.Equal(t, 1, st.Len(), "a wrong statement is never kept")
}
