package weighing_test

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const kelurahan = "36.74.01.1001"

// places are the rows every user needs: one kelurahan, a puskesmas and two
// posyandu.
type places struct {
	Puskesmas, Posyandu, OtherPosyandu int64
}

func mustPlaces(tb testing.TB, db *sqlx.DB) places {
	tb.Helper()
	_, err := db.Exec(`
		INSERT INTO regions (code, parent_code, level, name, timezone) VALUES
			('36', NULL, 'provinsi', 'Banten', 'Asia/Jakarta'),
			('36.74', '36', 'kabkota', 'Kota Tangerang Selatan', 'Asia/Jakarta'),
			('36.74.01', '36.74', 'kecamatan', 'Serpong', 'Asia/Jakarta'),
			($1, '36.74.01', 'desa', 'Buaran', 'Asia/Jakarta')`, kelurahan)
	require.NoError(tb, err)
	var p places
	require.NoError(tb, db.Get(&p.Puskesmas,
		`INSERT INTO puskesmas (name, region_code) VALUES ('Puskesmas Serpong 1', '36.74.01') RETURNING id`))
	require.NoError(tb, db.Get(&p.Posyandu,
		`INSERT INTO posyandu (name, region_code, puskesmas_id) VALUES ('Posyandu Melati', $1, $2) RETURNING id`, kelurahan, p.Puskesmas))
	require.NoError(tb, db.Get(&p.OtherPosyandu,
		`INSERT INTO posyandu (name, region_code, puskesmas_id) VALUES ('Posyandu Mawar', $1, $2) RETURNING id`, kelurahan, p.Puskesmas))
	return p
}

// mustUser registers a person whose private chat id is their Telegram id.
func mustUser(tb testing.TB, db *sqlx.DB, telegramID int64, name, phone string, posyandu int64) int64 {
	tb.Helper()
	_, err := db.Exec(`INSERT INTO chats (chat_id, language) VALUES ($1, 'id')`, telegramID)
	require.NoError(tb, err)
	var id int64
	require.NoError(tb, db.Get(&id, `
		INSERT INTO users (telegram_id, chat_id, name, phone, consent_version, consent_at, region_code, posyandu_id, registered_at)
		VALUES ($1, $1, $2, NULLIF($3, ''), 'v1', '2025-01-02T03:04:05Z', $4, NULLIF($5, 0), '2025-01-02T03:05:00Z')
		RETURNING id`, telegramID, name, phone, kelurahan, posyandu))
	return id
}

func mustChild(tb testing.TB, st *store.Store, c child.Child, guardian int64, rel child.Relation) int64 {
	tb.Helper()
	ctx := context.Background()
	id, err := st.InsertChild(ctx, c, guardian)
	require.NoError(tb, err)
	require.NoError(tb, st.AddGuardian(ctx, id, guardian, rel))
	return id
}

func count(tb testing.TB, db *sqlx.DB, q string, args ...any) int {
	tb.Helper()
	var n int
	require.NoError(tb, db.Get(&n, q, args...))
	return n
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// inTx runs f in a transaction and commits it.
func inTx(tb testing.TB, db *sqlx.DB, f func(st *store.Store) error) error {
	tb.Helper()
	tx, err := store.Begin(context.Background(), db)
	require.NoError(tb, err)
	defer tx.Rollback()
	if err := f(tx.Store()); err != nil {
		return err
	}
	return tx.Commit()
}
