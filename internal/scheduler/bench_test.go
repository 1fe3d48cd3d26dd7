package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
)

// BenchmarkTickMany measures one tick that queues the 19:00 reminders of
// 100,000 subscribers (one INSERT … SELECT per part, writing every outbox
// row and moving every plan).
func BenchmarkTickMany(b *testing.B) {
	const n = 100_000
	db := seedMany(b, n)
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	s := newScheduler(b, db)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		// Every round starts from plans due today at 19:00, nothing queued.
		_, err := db.ExecContext(ctx, `TRUNCATE outbox, ttd_plans`)
		require.NoError(b, err)
		_, err = db.ExecContext(ctx, `INSERT INTO ttd_plans (user_id, weekly, started_on, next_due_at)
			SELECT id, false, $1, $2 FROM users`, day.Format("2006-01-02"), day.Add(19*time.Hour))
		require.NoError(b, err)
		_, err = db.ExecContext(ctx, `ANALYZE ttd_plans`)
		require.NoError(b, err)
		b.StartTimer()
		r, err := s.Tick(ctx, day.Add(19*time.Hour))
		require.NoError(b, err)
		require.EqualValues(b, n, r.Tablets.Queued)
	}
}

// BenchmarkTickIdleMany measures a tick when none of 100,000 plans is due
// (ttd_plans has no index on next_due_at: the check scans it).
func BenchmarkTickIdleMany(b *testing.B) {
	const n = 100_000
	db := seedMany(b, n)
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	_, err := db.ExecContext(ctx, `INSERT INTO ttd_plans (user_id, weekly, started_on, next_due_at)
		SELECT id, false, $1, $2 FROM users`, day.Format("2006-01-02"), day.Add(19*time.Hour))
	require.NoError(b, err)
	_, err = db.ExecContext(ctx, `VACUUM ANALYZE ttd_plans`)
	require.NoError(b, err)
	s := newScheduler(b, db)
	for b.Loop() {
		r, err := s.Tick(ctx, day.Add(10*time.Hour))
		require.NoError(b, err)
		require.Zero(b, r.Queued())
	}
}

// seedMany makes n pregnant women in one region.
func seedMany(b *testing.B, n int) *sqlx.DB {
	db := pgtest.New(b)
	ctx := context.Background()
	seed := []string{
		`INSERT INTO regions (code, level, name, timezone) VALUES ('B', 'provinsi', 'B', 'Asia/Jakarta')`,
		`INSERT INTO chats (chat_id) SELECT g FROM generate_series(1, $1) g`,
		`INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at, region_code)
			SELECT g, g, 'P', 'v1', now(), 'B' FROM generate_series(1, $1) g`,
		`INSERT INTO user_roles (user_id, role) SELECT id, 'ibu_hamil' FROM users`,
	}
	for _, q := range seed {
		var err error
		if strings.Contains(q, "$1") {
			_, err = db.ExecContext(ctx, q, n)
		} else {
			_, err = db.ExecContext(ctx, q)
		}
		require.NoError(b, err)
	}
	return db
}

// BenchmarkTickIdle measures a tick when nothing is due.
func BenchmarkTickIdle(b *testing.B) {
	db := pgtest.New(b)
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	for i := range 50 {
		mustPerson(b, db, int64(i), wib, "ibu_hamil", 0, 19*time.Hour, day)
	}
	s := newScheduler(b, db)
	for b.Loop() {
		r, err := s.Tick(ctx, day.Add(10*time.Hour))
		require.NoError(b, err)
		require.Zero(b, r.Tablets.Queued)
	}
}
