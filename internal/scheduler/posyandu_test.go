package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// mustPosyandu makes a posyandu in a WITA region.
func mustPosyandu(t *testing.T, db *sqlx.DB) int64 {
	t.Helper()
	_, err := db.Exec(`INSERT INTO regions (code, level, name, timezone) VALUES ('P-WITA', 'provinsi', 'P', 'Asia/Makassar')`)
	require.NoError(t, err)
	var pk, id int64
	require.NoError(t, db.Get(&pk, `INSERT INTO puskesmas (name, region_code) VALUES ('Pkm', 'P-WITA') RETURNING id`))
	require.NoError(t, db.Get(&id, `INSERT INTO posyandu (name, region_code, puskesmas_id) VALUES ('Melati', 'P-WITA', $1) RETURNING id`, pk))
	return id
}

// mustUser registers someone of posyandu (0: none) with a role.
func mustUser(t *testing.T, db *sqlx.DB, chat int64, role string, posyandu int64) int64 {
	t.Helper()
	_, err := db.Exec(`INSERT INTO chats (chat_id) VALUES ($1)`, chat)
	require.NoError(t, err)
	var id int64
	require.NoError(t, db.Get(&id, `INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at, region_code, posyandu_id)
		VALUES ($1, $1, 'P', 'v1', now(), 'P-WITA', NULLIF($2, 0)) RETURNING id`, chat, posyandu))
	var kaderPosyandu any
	if role == "kader" {
		kaderPosyandu = posyandu
	}
	_, err = db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id) VALUES ($1, $2, $3)`, id, role, kaderPosyandu)
	require.NoError(t, err)
	return id
}

func TestPosyanduDays(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pos := mustPosyandu(t, db)
	kader := mustUser(t, db, 1, "kader", pos)
	registered := mustUser(t, db, 2, "orang_tua", pos)
	guardian := mustUser(t, db, 3, "orang_tua", 0)
	var child int64
	require.NoError(t, db.Get(&child, `INSERT INTO children (name, sex, birth_date, posyandu_id) VALUES ('Budi', 'm', '2025-06-01', $1) RETURNING id`, pos))
	_, err := db.Exec(`INSERT INTO guardians (child_id, user_id, relation) VALUES ($1, $2, 'ibu')`, child, guardian)
	require.NoError(t, err)
	stopped := mustUser(t, db, 4, "orang_tua", pos)
	require.NoError(t, store.On(db).StopReminders(ctx, stopped, store.StopPosyandu))
	mustUser(t, db, 5, "orang_tua", 0) // another posyandu's parent

	wita := schedule.Zone("Asia/Makassar")
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, wita)
	plan, err := schedule.ParsePosyanduPlan("Selasa ke-2 08:00-11:00 Balai RW 03")
	require.NoError(t, err)
	require.NoError(t, scheduler.PlanPosyandu(ctx, db, pos, plan, start))

	scheds := []*scheduler.Scheduler{newScheduler(t, db), newScheduler(t, db)}
	var last int64
	// newRows reports whether day reminders were queued since the last call.
	newRows := func() bool {
		var id int64
		require.NoError(t, db.Get(&id, `SELECT COALESCE(max(id), 0) FROM outbox WHERE dedupe_key LIKE 'posy:%' AND dedupe_key NOT LIKE 'posy:%:cancel:%'`))
		fresh := id > last
		last = id
		return fresh
	}
	tickAll := func(from, to time.Time) {
		for now := from; now.Before(to); now = now.Add(15 * time.Minute) {
			for _, s := range scheds {
				_, err := s.Tick(ctx, now)
				require.NoError(t, err)
			}
			fresh := newRows()
			assert.False(t, schedule.DefaultQuiet.In(now, wita) && fresh, "nothing queued in quiet hours (%s)", now.In(wita))
		}
	}
	// January, then February up to the evening before its day.
	tickAll(start, time.Date(2027, 2, 8, 18, 0, 0, 0, wita))
	// The cadre cancels 9 February; those reminded the day before are told.
	days, err := store.UpcomingPosyanduDays(ctx, db, pos, time.Date(2027, 2, 8, 18, 0, 0, 0, wita), 1)
	require.NoError(t, err)
	require.Len(t, days, 1)
	assert.Equal(t, "2027-02-09", days[0].Day.Format("2006-01-02"))
	_, err = store.CancelPosyanduDay(ctx, db, days[0].ID, []int64{pos})
	require.NoError(t, err)
	tickAll(time.Date(2027, 2, 8, 18, 0, 0, 0, wita), time.Date(2027, 3, 1, 0, 0, 0, 0, wita))

	var rows []struct {
		Key   string    `db:"dedupe_key"`
		DueAt time.Time `db:"due_at"`
		Body  string    `db:"payload"`
	}
	require.NoError(t, db.Select(&rows, `SELECT dedupe_key, due_at, payload::text AS payload FROM outbox WHERE dedupe_key LIKE 'posy:%' ORDER BY id`))
	got := map[string]string{}
	for _, r := range rows {
		parts := strings.Split(r.Key, ":")
		got[parts[2]+":"+parts[3]+"@"+r.DueAt.In(wita).Format("01-02")] = r.Body
	}
	var want []string
	for _, u := range []int64{kader, registered, guardian} {
		want = append(want, fmt.Sprintf("eve:%d@01-12", u), fmt.Sprintf("morning:%d@01-12", u),
			fmt.Sprintf("eve:%d@02-09", u), fmt.Sprintf("cancel:%d@02-09", u))
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, want, keys, "each of the three reminded once a time; the stopped and the other posyandu's parent never")
	assert.Len(t, rows, len(want), "nothing twice with two schedulers")
	jan := got[fmt.Sprintf("eve:%d@01-12", kader)]
	assert.Contains(t, jan, "Besok")
	assert.Contains(t, jan, "08.00–11.00")
	assert.Contains(t, jan, "Balai RW 03")
	assert.Contains(t, jan, "Buku KIA")
	assert.NotContains(t, jan, "vitamin A")
	assert.Contains(t, got[fmt.Sprintf("eve:%d@02-09", kader)], "vitamin A", "February: vitamin A")
	assert.Contains(t, got[fmt.Sprintf("cancel:%d@02-09", guardian)], "batal")
}

func TestPosGiziRound(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pos := mustPosyandu(t, db)
	kader := mustUser(t, db, 1, "kader", pos)
	mother := mustUser(t, db, 2, "orang_tua", pos)
	other := mustUser(t, db, 3, "orang_tua", pos) // her child is not in the round
	var enrolled, notEnrolled int64
	require.NoError(t, db.Get(&enrolled, `INSERT INTO children (name, sex, birth_date, posyandu_id) VALUES ('Ani', 'f', '2025-01-01', $1) RETURNING id`, pos))
	require.NoError(t, db.Get(&notEnrolled, `INSERT INTO children (name, sex, birth_date, posyandu_id) VALUES ('Edo', 'm', '2025-01-01', $1) RETURNING id`, pos))
	_, err := db.Exec(`INSERT INTO guardians (child_id, user_id, relation) VALUES ($1, $2, 'ibu'), ($3, $4, 'ibu')`, enrolled, mother, notEnrolled, other)
	require.NoError(t, err)

	wita := schedule.Zone("Asia/Makassar")
	_, err = scheduler.StartPosGizi(ctx, db, scheduler.PosGiziRound{PosyanduID: pos, Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
		Sessions: 12, From: 9 * time.Hour, To: 11 * time.Hour, Place: "Rumah Bu RT", Children: []int64{enrolled}})
	require.NoError(t, err)
	_, err = scheduler.StartPosGizi(ctx, db, scheduler.PosGiziRound{PosyanduID: pos, Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
		Sessions: 12, From: 9 * time.Hour, To: 11 * time.Hour, Children: []int64{enrolled, 999}})
	require.Error(t, err, "a child of no posyandu of the round is refused")

	s := newScheduler(t, db)
	for now := time.Date(2027, 1, 3, 0, 0, 0, 0, wita); now.Before(time.Date(2027, 1, 18, 0, 0, 0, 0, wita)); now = now.Add(15 * time.Minute) {
		_, err := s.Tick(ctx, now)
		require.NoError(t, err)
	}
	var rows []struct {
		Key   string    `db:"dedupe_key"`
		DueAt time.Time `db:"due_at"`
		Body  string    `db:"payload"`
	}
	require.NoError(t, db.Select(&rows, `SELECT dedupe_key, due_at, payload::text AS payload FROM outbox WHERE dedupe_key LIKE 'posgizi:%' ORDER BY id`))
	require.Len(t, rows, 24, "12 sessions to the mother and the cadre")
	users := map[string]int{}
	for _, r := range rows {
		users[strings.Split(r.Key, ":")[2]]++
		assert.NotEqual(t, time.Sunday, r.DueAt.In(wita).Weekday())
		assert.Equal(t, "09:00", r.DueAt.In(wita).Format("15:04"))
	}
	assert.Equal(t, map[string]int{fmt.Sprint(kader): 12, fmt.Sprint(mother): 12}, users)
	assert.Contains(t, rows[0].Body, "hari ke-1 dari 12")
	assert.NotContains(t, rows[0].Body, "ditimbang")
	assert.Contains(t, rows[23].Body, "ditimbang", "the last session weighs")
}

func TestPosGiziAttendanceAndResult(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pos := mustPosyandu(t, db)
	var ani, edo int64
	require.NoError(t, db.Get(&ani, `INSERT INTO children (name, sex, birth_date, posyandu_id) VALUES ('Ani', 'f', '2025-01-01', $1) RETURNING id`, pos))
	require.NoError(t, db.Get(&edo, `INSERT INTO children (name, sex, birth_date, posyandu_id) VALUES ('Edo', 'm', '2025-01-01', $1) RETURNING id`, pos))
	round, err := scheduler.StartPosGizi(ctx, db, scheduler.PosGiziRound{PosyanduID: pos, Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
		Sessions: 12, From: 9 * time.Hour, To: 11 * time.Hour, Children: []int64{ani}})
	require.NoError(t, err)
	var first int64
	require.NoError(t, db.Get(&first, `SELECT id FROM pos_gizi_sessions WHERE round_id = $1 AND number = 1`, round))
	now := time.Date(2027, 1, 4, 2, 0, 0, 0, time.UTC)

	present, err := store.TogglePosGiziAttendance(ctx, db, first, ani, now)
	require.NoError(t, err)
	assert.True(t, present)
	ids, err := store.PosGiziPresent(ctx, db, first)
	require.NoError(t, err)
	assert.Equal(t, []int64{ani}, ids)
	present, err = store.TogglePosGiziAttendance(ctx, db, first, ani, now)
	require.NoError(t, err)
	assert.False(t, present, "a second tick takes it back")
	_, err = store.TogglePosGiziAttendance(ctx, db, first, edo, now)
	require.ErrorIs(t, err, store.ErrNotFound, "Edo is not in the round")

	_, err = store.PosGiziResultOf(ctx, db, round, ani)
	require.ErrorIs(t, err, store.ErrNotFound)
	want := store.PosGiziResult{StartGrams: 8000, EndGrams: 8150, TargetGrams: 94, Lulus: true}
	require.NoError(t, store.RecordPosGiziResult(ctx, db, round, ani, want, now))
	got, err := store.PosGiziResultOf(ctx, db, round, ani)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	require.ErrorIs(t, store.RecordPosGiziResult(ctx, db, round, edo, want, now), store.ErrNotFound)
}
