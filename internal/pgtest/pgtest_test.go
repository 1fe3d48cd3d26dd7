package pgtest_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func currentDatabase(t *testing.T, db *sqlx.DB) string {
	t.Helper()
	var name string
	require.NoError(t, db.GetContext(context.Background(), &name, "SELECT current_database()"))
	return name
}

func TestNewGivesMigratedDatabase(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)

	tcs := []struct{ table string }{{"users"}, {"outbox"}, {"conversations"}, {"processed_updates"}, {"goose_db_version"}}
	for _, tc := range tcs {
		t.Run(tc.table, func(t *testing.T) {
			var n int
			err := db.GetContext(context.Background(), &n, "SELECT count(*) FROM "+tc.table)
			require.NoError(t, err, "table %s should exist", tc.table)
		})
	}
}

func TestDatabasesAreIsolated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := pgtest.New(t), pgtest.New(t)

	assert.NotEqual(t, currentDatabase(t, a), currentDatabase(t, b))
	_, err := a.ExecContext(ctx, "INSERT INTO chats (chat_id) VALUES (42)")
	require.NoError(t, err)

	var inA, inB int
	require.NoError(t, a.GetContext(ctx, &inA, "SELECT count(*) FROM chats"))
	require.NoError(t, b.GetContext(ctx, &inB, "SELECT count(*) FROM chats"))
	assert.Equal(t, 1, inA)
	assert.Equal(t, 0, inB, "a write in one test database must not show in another")
}

func TestParallel(t *testing.T) {
	t.Parallel()
	names := make(chan string, 8)
	t.Run("group", func(t *testing.T) {
		for i := range cap(names) {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				db := pgtest.New(t)
				_, err := db.ExecContext(context.Background(), "INSERT INTO chats (chat_id) VALUES ($1)", i)
				require.NoError(t, err)
				var n int
				require.NoError(t, db.GetContext(context.Background(), &n, "SELECT count(*) FROM chats"))
				assert.Equal(t, 1, n)
				names <- currentDatabase(t, db)
			})
		}
	})
	close(names)
	seen := map[string]bool{}
	for n := range names {
		assert.False(t, seen[n], "database %s handed out twice", n)
		seen[n] = true
	}
	assert.Len(t, seen, cap(names))
}

func TestNewURLIsDroppedAfterTest(t *testing.T) {
	t.Parallel()
	var dsn string
	t.Run("inner", func(t *testing.T) {
		dsn = pgtest.NewURL(t)
		db, err := sql.Open("postgres", dsn)
		require.NoError(t, err)
		defer db.Close()
		require.NoError(t, db.PingContext(context.Background()))
	})
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = db.PingContext(ctx)
	require.Error(t, err, "the database of a finished test should be gone")
	assert.Contains(t, err.Error(), "does not exist")
}
