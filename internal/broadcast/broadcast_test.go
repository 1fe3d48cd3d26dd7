package broadcast_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/broadcast"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// childAged gives the parent with chat id chat a child months old today.
func childAged(t *testing.T, db *sqlx.DB, chat int64, months int) {
	t.Helper()
	_, err := db.Exec(`
		WITH c AS (
			INSERT INTO children (name, sex, birth_date) VALUES ('Anak', 'f', (current_date - make_interval(months => $2, days => 3))::date)
			RETURNING id
		)
		INSERT INTO guardians (child_id, user_id, relation) SELECT c.id, u.id, 'ibu' FROM c, users u WHERE u.chat_id = $1`, chat, months)
	require.NoError(t, err)
}

func TestAudience(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	p := storetest.MustPlaces(t, db)
	parents := storetest.MustCrowd(t, db, 10, 1000, "orang_tua", p.Posyandu)
	storetest.MustCrowd(t, db, 4, 2000, "kader", p.Posyandu)
	storetest.MustCrowd(t, db, 3, 3000, "orang_tua", p.OtherPosyandu)
	childAged(t, db, parents[0], 7)
	childAged(t, db, parents[1], 11)
	childAged(t, db, parents[2], 12)
	childAged(t, db, parents[3], 3)
	_, err := db.Exec(`UPDATE chats SET blocked_at = now() WHERE chat_id = $1`, parents[9])
	require.NoError(t, err)

	tcs := []struct {
		name string
		a    store.Audience
		want int
	}{
		{"everyone reachable", store.Audience{}, 16},
		{"parents", store.Audience{Roles: []string{"orang_tua"}}, 12},
		{"cadres", store.Audience{Roles: []string{"kader"}}, 4},
		{"one posyandu", store.Audience{Posyandu: p.OtherPosyandu}, 3},
		{"kecamatan", store.Audience{Region: "36.74.01"}, 16},
		{"another region", store.Audience{Region: "36.74.02"}, 0},
		{"parents of 6-11 month olds", store.Audience{Roles: []string{"orang_tua"}, ChildMinMonths: 6, ChildMaxMonths: 11}, 2},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			n, err := store.CountAudience(ctx, db, tc.a)
			require.NoError(t, err)
			assert.Equal(t, tc.want, n)
		})
	}
}

func TestQueueTwiceQueuesNobodyTwice(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	p := storetest.MustPlaces(t, db)
	storetest.MustCrowd(t, db, 50, 1000, "orang_tua", p.Posyandu)
	d := broadcast.Draft{TextID: "Halo", Audience: store.Audience{Roles: []string{"orang_tua"}}}
	id, n, err := broadcast.Queue(ctx, db, d, "", "test", time.Now())
	require.NoError(t, err)
	assert.Equal(t, 50, n)
	again, err := store.FanOutBroadcast(ctx, db, id)
	require.NoError(t, err)
	assert.Zero(t, again, "a repeated fan-out adds nobody")
	assert.Equal(t, 50, storetest.Count(t, db, `SELECT total FROM broadcasts WHERE id = $1`, id), "the total counts each recipient once")
	assert.Equal(t, 50, storetest.Count(t, db, `SELECT count(*) FROM outbox WHERE broadcast_id = $1`, id))
	assert.Equal(t, 50, storetest.Count(t, db, `SELECT count(DISTINCT chat_id) FROM outbox WHERE broadcast_id = $1`, id))
}

func TestCheck(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	p := storetest.MustPlaces(t, db)
	_, err := db.Exec(`INSERT INTO regions (code, parent_code, level, name, timezone) VALUES ('36.74.02', '36.74', 'kecamatan', 'Ciputat', 'Asia/Jakarta')`)
	require.NoError(t, err)
	now := time.Now()
	tcs := []struct {
		name  string
		d     broadcast.Draft
		scope string
		want  error
	}{
		{"fine", broadcast.Draft{TextID: "Halo", Audience: store.Audience{Region: "36.74.01"}}, "36.74", nil},
		{"no text", broadcast.Draft{Audience: store.Audience{Region: "36.74.01"}}, "", broadcast.ErrInvalid},
		{"outside own region", broadcast.Draft{TextID: "Halo", Audience: store.Audience{Region: "36.74.02"}}, "36.74.01", broadcast.ErrOutOfRegion},
		{"posyandu outside own region", broadcast.Draft{TextID: "Halo", Audience: store.Audience{Posyandu: p.Posyandu}}, "36.74.02", broadcast.ErrOutOfRegion},
		{"regional admin must choose", broadcast.Draft{TextID: "Halo"}, "36.74.01", broadcast.ErrInvalid},
		{"unknown role", broadcast.Draft{TextID: "Halo", Audience: store.Audience{Roles: []string{"dukun"}}}, "", broadcast.ErrInvalid},
		{"in the past", broadcast.Draft{TextID: "Halo", SendAt: now.Add(-time.Minute)}, "", broadcast.ErrInvalid},
		{"caption too long", broadcast.Draft{TextID: string(make([]byte, 1025)), Photo: []byte{1}}, "", broadcast.ErrInvalid},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			err := broadcast.Check(ctx, db, tc.d, tc.scope, now)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "got %v", err)
		})
	}
}

func TestParse(t *testing.T) {
	lo, hi, err := broadcast.ParseAgeBand("6-11")
	require.NoError(t, err)
	assert.Equal(t, []int{6, 11}, []int{lo, hi})
	_, _, err = broadcast.ParseAgeBand("11-6")
	assert.ErrorIs(t, err, broadcast.ErrInvalid)
	wita := time.FixedZone("WITA", 8*3600)
	at, err := broadcast.ParseAt("2026-12-01 09:00", wita)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC), at.UTC())
	assert.Equal(t, 3334*time.Second, broadcast.ETA(100000, 30))
}

// BenchmarkFanOut100k queues one broadcast to 100,000 recipients: one
// INSERT … SELECT.
func BenchmarkFanOut100k(b *testing.B) {
	db := pgtest.New(b)
	ctx := context.Background()
	p := storetest.MustPlaces(b, db)
	storetest.MustCrowd(b, db, 100000, 1_000_000, "orang_tua", p.Posyandu)
	// The planner's statistics, as autovacuum keeps them on a database that
	// has 100,000 people: without them it guesses one row and loops.
	_, err := db.Exec(`ANALYZE`)
	require.NoError(b, err)
	d := broadcast.Draft{TextID: "Halo", Audience: store.Audience{Roles: []string{"orang_tua"}}}
	for b.Loop() {
		start := time.Now()
		_, n, err := broadcast.Queue(ctx, db, d, "", "bench", time.Now())
		require.NoError(b, err)
		require.Equal(b, 100000, n)
		b.ReportMetric(time.Since(start).Seconds(), "s/fanout")
	}
}
