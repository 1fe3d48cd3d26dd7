// Package storetest holds the database fixtures that the tests of the
// store and of the use cases share: places, users and children inserted on
// a pgtest database. Tests only.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Kelurahan is the one village of MustPlaces.
const Kelurahan = "36.74.01.1001"

// Places are the rows every user needs: one kelurahan, a puskesmas and two
// posyandu.
type Places struct {
	Puskesmas, Posyandu, OtherPosyandu int64
}

// MustPlaces inserts the regions, a puskesmas and two posyandu.
func MustPlaces(tb testing.TB, db *sqlx.DB) Places {
	tb.Helper()
	_, err := db.Exec(`
		INSERT INTO regions (code, parent_code, level, name, timezone) VALUES
			('36', NULL, 'provinsi', 'Banten', 'Asia/Jakarta'),
			('36.74', '36', 'kabkota', 'Kota Tangerang Selatan', 'Asia/Jakarta'),
			('36.74.01', '36.74', 'kecamatan', 'Serpong', 'Asia/Jakarta'),
			($1, '36.74.01', 'desa', 'Buaran', 'Asia/Jakarta')`, Kelurahan)
	require.NoError(tb, err)
	var p Places
	require.NoError(tb, db.Get(&p.Puskesmas,
		`INSERT INTO puskesmas (name, region_code) VALUES ('Puskesmas Serpong 1', '36.74.01') RETURNING id`))
	require.NoError(tb, db.Get(&p.Posyandu,
		`INSERT INTO posyandu (name, region_code, puskesmas_id) VALUES ('Posyandu Melati', $1, $2) RETURNING id`, Kelurahan, p.Puskesmas))
	require.NoError(tb, db.Get(&p.OtherPosyandu,
		`INSERT INTO posyandu (name, region_code, puskesmas_id) VALUES ('Posyandu Mawar', $1, $2) RETURNING id`, Kelurahan, p.Puskesmas))
	return p
}

// MustUser registers a person whose private chat id is their Telegram id.
func MustUser(tb testing.TB, db *sqlx.DB, telegramID int64, name, phone string, posyandu int64) int64 {
	tb.Helper()
	_, err := db.Exec(`INSERT INTO chats (chat_id, language) VALUES ($1, 'id')`, telegramID)
	require.NoError(tb, err)
	var id int64
	require.NoError(tb, db.Get(&id, `
		INSERT INTO users (telegram_id, chat_id, name, phone, consent_version, consent_at, region_code, posyandu_id, registered_at)
		VALUES ($1, $1, $2, NULLIF($3, ''), 'v1', '2025-01-02T03:04:05Z', $4, NULLIF($5, 0), '2025-01-02T03:05:00Z')
		RETURNING id`, telegramID, name, phone, Kelurahan, posyandu))
	return id
}

// MustChild stores a child with one guardian.
func MustChild(tb testing.TB, st *store.Store, c child.Child, guardian int64, rel child.Relation) int64 {
	tb.Helper()
	ctx := context.Background()
	id, err := st.InsertChild(ctx, c, guardian)
	require.NoError(tb, err)
	require.NoError(tb, st.AddGuardian(ctx, id, guardian, rel))
	return id
}

// Count runs a count(*) query.
func Count(tb testing.TB, db *sqlx.DB, q string, args ...any) int {
	tb.Helper()
	var n int
	require.NoError(tb, db.Get(&n, q, args...))
	return n
}

// Day parses a YYYY-MM-DD calendar day.
func Day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// InTx runs f in a transaction and commits it.
func InTx(tb testing.TB, db *sqlx.DB, f func(st *store.Store) error) error {
	tb.Helper()
	tx, err := store.Begin(context.Background(), db)
	require.NoError(tb, err)
	defer tx.Rollback()
	if err := f(tx.Store()); err != nil {
		return err
	}
	return tx.Commit()
}

// MustCrowd registers n people with role at posyandu in one statement, for
// broadcasts: chat ids first..first+n-1, every fifth one speaking English.
// It returns their chat ids.
func MustCrowd(tb testing.TB, db *sqlx.DB, n int, first int64, role string, posyandu int64) []int64 {
	tb.Helper()
	_, err := db.Exec(`
		WITH c AS (
			INSERT INTO chats (chat_id, language)
			SELECT g, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'id' END FROM generate_series($1::bigint, $1::bigint + $2 - 1) g
			RETURNING chat_id
		), u AS (
			INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at, region_code, posyandu_id, registered_at)
			SELECT chat_id, chat_id, 'Warga ' || chat_id, 'v1', now(), $3, NULLIF($4, 0), now() FROM c
			RETURNING id
		)
		INSERT INTO user_roles (user_id, role, posyandu_id) SELECT id, $5, CASE WHEN $5 = 'kader' THEN $4 END FROM u`,
		first, n, Kelurahan, posyandu, role)
	require.NoError(tb, err)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids
}
