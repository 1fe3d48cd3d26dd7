package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestProfileByTelegramID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	u := mustUser(t, db, 1001, "Siti Rahma", "+6281234567890", p.Posyandu)
	st := store.On(db)
	require.NoError(t, st.AddGrant(ctx, u, policy.Grant{Role: policy.Parent}))
	require.NoError(t, st.AddGrant(ctx, u, policy.Grant{Role: policy.Kader, PosyanduID: p.Posyandu}))
	require.NoError(t, st.AddGrant(ctx, u, policy.Grant{Role: policy.Kader, PosyanduID: p.OtherPosyandu}))

	got, err := st.ProfileByTelegramID(ctx, 1001)
	require.NoError(t, err)
	assert.Equal(t, store.Profile{
		UserID: u, TelegramID: 1001, ChatID: 1001, Name: "Siti Rahma", Phone: "+6281234567890", Language: "id",
		ConsentVersion: "v1", ConsentAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		RegionCode: kelurahan, RegionName: "Buaran", PosyanduID: p.Posyandu, PosyanduName: "Posyandu Melati",
		RegisteredAt: time.Date(2025, 1, 2, 3, 5, 0, 0, time.UTC),
		Roles:        []string{"kader", "orang_tua"},
	}, got)

	t.Run("without phone, place or roles", func(t *testing.T) {
		v := mustUser(t, db, 1002, "Joko", "", 0)
		_, err := db.Exec(`UPDATE users SET region_code = NULL, registered_at = NULL WHERE id = $1`, v)
		require.NoError(t, err)
		got, err := st.ProfileByTelegramID(ctx, 1002)
		require.NoError(t, err)
		assert.Equal(t, v, got.UserID)
		assert.Empty(t, got.Phone)
		assert.Empty(t, got.RegionCode)
		assert.Empty(t, got.RegionName)
		assert.Zero(t, got.PosyanduID)
		assert.Empty(t, got.PosyanduName)
		assert.Empty(t, got.Roles)
		assert.False(t, got.RegisteredAt.IsZero(), "falls back to created_at")
	})
	t.Run("unknown", func(t *testing.T) {
		_, err := st.ProfileByTelegramID(ctx, 999)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestDeleteUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	u := mustUser(t, db, 1001, "Siti Rahma", "+6281234567890", p.Posyandu)
	other := mustUser(t, db, 1002, "Joko", "", p.Posyandu)
	st := store.On(db)

	require.NoError(t, st.AddGrant(ctx, u, policy.Grant{Role: policy.Parent}))
	require.NoError(t, st.AddGrant(ctx, other, policy.Grant{Role: policy.Parent}))
	own := mustChild(t, st, child.Child{Name: "Budi", Sex: child.Boy, BirthDate: day("2024-01-01")}, u, child.Mother)
	shared := mustChild(t, st, child.Child{Name: "Ani", Sex: child.Girl, BirthDate: day("2024-02-01")}, other, child.Father)
	require.NoError(t, st.AddGuardian(ctx, shared, u, child.Mother))
	_, err := st.InsertMeasurement(ctx, child.Measurement{ChildID: shared, On: day("2024-05-01"), WeightKg: 6,
		Source: child.AtHome, RecordedBy: u}, 0)
	require.NoError(t, err)

	for _, q := range []string{
		`INSERT INTO invites (code, role, posyandu_id, created_by, expires_at, used_at, used_by)
			VALUES ('KADER1', 'kader', $1, 'admin', now() + interval '1 day', now(), $2)`,
		`INSERT INTO conversations (chat_id, flow, step, state, expires_at)
			VALUES (1001, 'child', 'name', '{"name":"Siti Rahma"}', now() + interval '1 hour'),
			       (1002, 'child', 'name', '{}', now() + interval '1 hour')`,
		`INSERT INTO outbox (chat_id, kind, payload, status) VALUES
			(1001, 'reply', '{"text":"Halo Siti Rahma"}', 'sent'),
			(1001, 'reply', '{"text":"gagal"}', 'failed'),
			(1001, 'reply', '{"text":"dibuang"}', 'dropped'),
			(1001, 'reply', '{"text":"Akun dihapus"}', 'pending'),
			(1002, 'reply', '{"text":"Halo Joko"}', 'sent')`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{p.Posyandu, u}
		}
		_, err = db.Exec(q, args...)
		require.NoError(t, err)
	}

	require.NoError(t, st.DeleteUser(ctx, u, 1001))

	tcs := []struct {
		name string
		q    string
		want int
	}{
		{"user gone", `SELECT count(*) FROM users WHERE id = $1`, 0},
		{"roles cascade", `SELECT count(*) FROM user_roles WHERE user_id = $1`, 0},
		{"guardianships cascade", `SELECT count(*) FROM guardians WHERE user_id = $1`, 0},
		{"invite forgets its user", `SELECT count(*) FROM invites WHERE used_by = $1`, 0},
		{"invite stays", `SELECT count(*) FROM invites WHERE code = 'KADER1' AND used_by IS NULL AND $1 > 0`, 1},
		{"conversation gone", `SELECT count(*) FROM conversations WHERE chat_id = 1001 AND $1 > 0`, 0},
		{"past messages gone", `SELECT count(*) FROM outbox WHERE chat_id = 1001 AND status <> 'pending' AND $1 > 0`, 0},
		{"pending messages gone too (they may carry names)", `SELECT count(*) FROM outbox WHERE chat_id = 1001 AND status = 'pending' AND $1 > 0`, 0},
		{"chat row stays", `SELECT count(*) FROM chats WHERE chat_id = 1001 AND $1 > 0`, 1},
		{"children stay for RemoveGuardian to judge", `SELECT count(*) FROM children WHERE $1 > 0`, 2},
		{"created_by forgotten", `SELECT count(*) FROM children WHERE created_by = $1`, 0},
		{"recorded_by forgotten", `SELECT count(*) FROM measurements WHERE recorded_by = $1`, 0},
		{"other user untouched", `SELECT count(*) FROM users WHERE id <> $1`, 1},
		{"other user's roles untouched", `SELECT count(*) FROM user_roles WHERE user_id <> $1`, 1},
		{"other chat's conversation untouched", `SELECT count(*) FROM conversations WHERE chat_id = 1002 AND $1 > 0`, 1},
		{"other chat's messages untouched", `SELECT count(*) FROM outbox WHERE chat_id = 1002 AND $1 > 0`, 1},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, count(t, db, tc.q, u))
		})
	}
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM children WHERE id = $1 AND created_by IS NULL`, own),
		"the child of the deleted user is left to RemoveGuardian")

	t.Run("twice is not found", func(t *testing.T) {
		assert.ErrorIs(t, st.DeleteUser(ctx, u, 1001), store.ErrNotFound)
	})
}
