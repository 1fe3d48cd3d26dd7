package scheduler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/locales"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var (
	wib  = schedule.Zone("Asia/Jakarta")
	wita = schedule.Zone("Asia/Makassar")
	wit  = schedule.Zone("Asia/Jayapura")
)

func newScheduler(t testing.TB, db *sqlx.DB) *scheduler.Scheduler {
	t.Helper()
	return scheduler.New(db, bot.NewRenderer(locales.MustBundle()), locales.Languages, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// person is a registered user with a tablet plan.
type person struct {
	id     int64
	chat   int64
	loc    *time.Location
	weekly bool
	day    time.Weekday
	at     time.Duration
	since  time.Time // when the plan was made
}

var regionsMade sync.Map

// mustPerson registers someone in a region of loc's zone, with a plan made
// at since: weekly on day or daily, at the local time at.
func mustPerson(t testing.TB, db *sqlx.DB, n int64, loc *time.Location, role string, day time.Weekday, at time.Duration, since time.Time) person {
	t.Helper()
	ctx := context.Background()
	code := "R-" + loc.String()
	_, err := db.ExecContext(ctx, `INSERT INTO regions (code, level, name, timezone) VALUES ($1, 'provinsi', $1, $2) ON CONFLICT DO NOTHING`, code, loc.String())
	require.NoError(t, err)
	chat := 1000 + n
	_, err = db.ExecContext(ctx, `INSERT INTO chats (chat_id) VALUES ($1)`, chat)
	require.NoError(t, err)
	var id int64
	require.NoError(t, db.GetContext(ctx, &id, `INSERT INTO users (telegram_id, chat_id, name, consent_version, consent_at, region_code)
		VALUES ($1, $1, 'P', 'v1', now(), $2) RETURNING id`, chat, code))
	_, err = db.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, role)
	require.NoError(t, err)
	weekly := role == "remaja_putri"
	s := store.On(db)
	_, err = s.EnsureTabletPlan(ctx, id, weekly, false, since)
	require.NoError(t, err)
	require.NoError(t, s.ChangeTabletPlan(ctx, id, store.PlanChange{Weekday: &day, RemindAt: &at}, since))
	return person{id: id, chat: chat, loc: loc, weekly: weekly, day: day, at: at, since: since}
}

// expected are the person's reminders in [since, until), by RRULE.
func (p person) expected(t testing.TB, until time.Time) []time.Time {
	t.Helper()
	r := schedule.Rule{RRule: schedule.TabletRule(p.weekly, p.day, p.at), Start: schedule.Midnight(p.since, p.loc)}
	out, err := r.Between(p.since, until)
	require.NoError(t, err)
	return out
}

type row struct {
	ID    int64     `db:"id"`
	Key   string    `db:"dedupe_key"`
	DueAt time.Time `db:"due_at"`
	Chat  int64     `db:"chat_id"`
	Body  string    `db:"payload"`
}

func reminders(t testing.TB, db *sqlx.DB, after int64) []row {
	t.Helper()
	var rows []row
	require.NoError(t, db.Select(&rows, `SELECT id, dedupe_key, due_at, chat_id, payload::text AS payload FROM outbox
		WHERE kind = 'reminder' AND id > $1 ORDER BY id`, after))
	return rows
}

func key(p person, due time.Time) string {
	return fmt.Sprintf("ttd:%d:%s", p.id, due.In(p.loc).Format("2006-01-02"))
}

// runMonth ticks every step from start to end on each scheduler at once,
// and checks each new reminder was queued on time and not in quiet hours.
func runMonth(t *testing.T, db *sqlx.DB, scheds []*scheduler.Scheduler, people map[int64]person, start, end time.Time, step time.Duration) {
	ctx := context.Background()
	var last int64
	for now := start; now.Before(end); now = now.Add(step) {
		var wg sync.WaitGroup
		for _, s := range scheds {
			wg.Go(func() {
				_, err := s.Tick(ctx, now)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		for _, r := range reminders(t, db, last) {
			last = r.ID
			var who person
			for _, p := range people {
				if p.chat == r.Chat {
					who = p
				}
			}
			require.NotZero(t, who.id, "reminder to an unknown chat %d", r.Chat)
			lag := now.Sub(r.DueAt)
			assert.True(t, lag >= 0 && lag < step, "%s queued at %s, due %s", r.Key, now, r.DueAt)
			assert.False(t, schedule.DefaultQuiet.In(now, who.loc), "%s queued in quiet hours (%s local)", r.Key, now.In(who.loc))
			// A tablet reminder's payload is the shared template (chat 0):
			// the sender sends it to the row's chat.
			assert.Contains(t, []string{"0", fmt.Sprint(who.chat)}, gjson(r.Body, "chat_id"))
		}
	}
}

// gjson reads a top-level number of a JSON text, enough for chat_id.
func gjson(body, field string) string {
	i := strings.Index(body, `"`+field+`": `)
	if i < 0 {
		return ""
	}
	rest := body[i+len(field)+4:]
	j := strings.IndexAny(rest, ",}")
	return rest[:j]
}

func TestMonthOfTablets(t *testing.T) {
	t.Parallel()
	for _, replicas := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d schedulers", replicas), func(t *testing.T) {
			t.Parallel()
			db := pgtest.New(t)
			start := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 1 Dec 00:00 WIB
			end := start.AddDate(0, 0, 31)
			people := map[int64]person{}
			for i, p := range []struct {
				loc  *time.Location
				role string
				day  time.Weekday
				at   time.Duration
			}{
				{wib, "remaja_putri", time.Tuesday, 19 * time.Hour},
				{wita, "ibu_hamil", 0, 19 * time.Hour},
				{wit, "ibu_hamil", 0, 6 * time.Hour},
				{wib, "ibu_hamil", 0, 20*time.Hour + 30*time.Minute},
			} {
				pp := mustPerson(t, db, int64(i), p.loc, p.role, p.day, p.at, start)
				people[pp.id] = pp
			}
			var scheds []*scheduler.Scheduler
			for range replicas {
				scheds = append(scheds, newScheduler(t, db))
			}
			runMonth(t, db, scheds, people, start, end, 5*time.Minute)

			got := map[string]time.Time{}
			for _, r := range reminders(t, db, 0) {
				_, dup := got[r.Key]
				require.False(t, dup, "%s queued twice", r.Key)
				got[r.Key] = r.DueAt
			}
			want := 0
			for _, p := range people {
				exp := p.expected(t, end)
				want += len(exp)
				for _, due := range exp {
					at, ok := got[key(p, due)]
					if assert.True(t, ok, "missing %s", key(p, due)) {
						assert.True(t, due.Equal(at), "%s due %s, want %s", key(p, due), at, due)
					}
				}
			}
			assert.Equal(t, 5+31*3, want, "a Tuesday a week for the girl, a tablet a day for three women")
			assert.Len(t, got, want)
			var skipped int
			require.NoError(t, db.Get(&skipped, `SELECT count(*) FROM reminder_skips`))
			assert.Zero(t, skipped)
		})
	}
}

func TestOutage(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	s := newScheduler(t, db)
	day1 := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	early := mustPerson(t, db, 1, wib, "ibu_hamil", 0, 16*time.Hour, day1)
	late := mustPerson(t, db, 2, wib, "ibu_hamil", 0, 20*time.Hour+30*time.Minute, day1)
	tick := func(at time.Time) {
		_, err := s.Tick(ctx, at)
		require.NoError(t, err)
	}
	// Day 1: down from 14:00 to 20:00. The 16:00 tablet still makes sense at 20:00.
	for now := day1.Add(6 * time.Hour); now.Before(day1.Add(14 * time.Hour)); now = now.Add(30 * time.Second) {
		tick(now)
	}
	tick(day1.Add(20 * time.Hour))
	rows := reminders(t, db, 0)
	require.Len(t, rows, 1)
	assert.Equal(t, key(early, day1.Add(16*time.Hour)), rows[0].Key, "sent late, on the day")
	assert.True(t, day1.Add(16*time.Hour).Equal(rows[0].DueAt))
	for now := day1.Add(20 * time.Hour); now.Before(day1.Add(42 * time.Hour)); now = now.Add(time.Minute) {
		tick(now)
	}
	// Day 2: down from 18:00 to 24:00. The 20:30 tablet is stale at midnight.
	day2 := day1.AddDate(0, 0, 1)
	tick(day2.Add(24 * time.Hour))
	var skips []struct {
		Key   string    `db:"dedupe_key"`
		DueAt time.Time `db:"due_at"`
	}
	require.NoError(t, db.Select(&skips, `SELECT dedupe_key, due_at FROM reminder_skips`))
	require.Len(t, skips, 1)
	assert.Equal(t, key(late, day2.Add(20*time.Hour+30*time.Minute)), skips[0].Key)
	var sent []string
	for _, r := range reminders(t, db, 0) {
		sent = append(sent, r.Key)
	}
	assert.ElementsMatch(t, []string{key(early, day1.Add(16*time.Hour)), key(late, day1.Add(20*time.Hour+30*time.Minute)),
		key(early, day2.Add(16*time.Hour))}, sent)
}

func TestStoppedBlockedTakenPaused(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	s := newScheduler(t, db)
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	st := store.On(db)
	stopped := mustPerson(t, db, 1, wib, "ibu_hamil", 0, 19*time.Hour, day)
	blocked := mustPerson(t, db, 2, wib, "ibu_hamil", 0, 19*time.Hour, day)
	taken := mustPerson(t, db, 3, wib, "ibu_hamil", 0, 19*time.Hour, day)
	paused := mustPerson(t, db, 4, wib, "ibu_hamil", 0, 19*time.Hour, day)
	other := mustPerson(t, db, 5, wib, "ibu_hamil", 0, 19*time.Hour, day)
	require.NoError(t, st.StopReminders(ctx, stopped.id, store.StopTablet))
	_, err := db.Exec(`UPDATE chats SET blocked_at = now() WHERE chat_id = $1`, blocked.chat)
	require.NoError(t, err)
	_, _, err = st.RecordDose(ctx, taken.id, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 90, day.Add(8*time.Hour))
	require.NoError(t, err)
	yes := true
	require.NoError(t, st.ChangeTabletPlan(ctx, paused.id, store.PlanChange{Paused: &yes}, day))
	_, err = s.Tick(ctx, day.Add(19*time.Hour))
	require.NoError(t, err)
	rows := reminders(t, db, 0)
	require.Len(t, rows, 1)
	assert.Equal(t, other.chat, rows[0].Chat)

	// Resumed, each gets the next day's.
	require.NoError(t, st.ResumeReminders(ctx, stopped.id))
	no := false
	require.NoError(t, st.ChangeTabletPlan(ctx, paused.id, store.PlanChange{Paused: &no}, day.Add(19*time.Hour)))
	_, err = s.Tick(ctx, day.Add(43*time.Hour))
	require.NoError(t, err)
	var chats []int64
	for _, r := range reminders(t, db, rows[0].ID) {
		chats = append(chats, r.Chat)
	}
	assert.ElementsMatch(t, []int64{stopped.chat, taken.chat, paused.chat, other.chat}, chats)
}

func TestDoseCountsOnceAndNeverPastTheTotal(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	p := mustPerson(t, db, 1, wib, "ibu_hamil", 0, 19*time.Hour, day)
	st := store.On(db)
	d := func(n int) time.Time { return time.Date(2026, 12, n, 0, 0, 0, 0, time.UTC) }
	n, added, err := st.RecordDose(ctx, p.id, d(1), 3, day)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.True(t, added)
	n, added, err = st.RecordDose(ctx, p.id, d(1), 3, day)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.False(t, added, "the same day twice counts once")
	for i := 2; i <= 5; i++ {
		_, _, err = st.RecordDose(ctx, p.id, d(i), 3, day)
		require.NoError(t, err)
	}
	plan, err := st.TabletPlan(ctx, p.id)
	require.NoError(t, err)
	assert.Equal(t, 3, plan.Taken, "never more than the course")
	// A new pregnancy starts the count again.
	_, err = st.EnsureTabletPlan(ctx, p.id, false, true, day.AddDate(0, 0, 10))
	require.NoError(t, err)
	n, added, err = st.RecordDose(ctx, p.id, d(11), 3, day)
	require.NoError(t, err)
	assert.True(t, added)
	assert.Equal(t, 1, n)
}

func TestSnoozeAndPregnancyWeeks(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	s := newScheduler(t, db)
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wita)
	p := mustPerson(t, db, 1, wita, "ibu_hamil", 0, 19*time.Hour, day)
	st := store.On(db)
	_, err := st.SnoozeDose(ctx, p.id, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), day.Add(20*time.Hour))
	require.NoError(t, err)
	// HPHT 7 weeks before 1 Dec: week 7 is shown by /hamil, week 8 comes
	// on 8 Dec and week 9 on 15 Dec, at 09:00 WITA.
	lmp := time.Date(2026, 10, 13, 0, 0, 0, 0, time.UTC)
	preg, err := st.StartPregnancy(ctx, p.id, lmp, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	for now := day; now.Before(day.AddDate(0, 0, 15)); now = now.Add(10 * time.Minute) {
		_, err := s.Tick(ctx, now)
		require.NoError(t, err)
	}
	got := map[string]time.Time{}
	for _, r := range reminders(t, db, 0) {
		got[r.Key] = r.DueAt
	}
	later := fmt.Sprintf("ttd:%d:2026-12-01:later", p.id)
	assert.Contains(t, got, later)
	assert.True(t, day.Add(20*time.Hour).Equal(got[later]))
	w8 := fmt.Sprintf("hamil:%d:8", preg.ID)
	w9 := fmt.Sprintf("hamil:%d:9", preg.ID)
	assert.True(t, time.Date(2026, 12, 8, 9, 0, 0, 0, wita).Equal(got[w8]), "week 8 at %s", got[w8])
	assert.True(t, time.Date(2026, 12, 15, 9, 0, 0, 0, wita).Equal(got[w9]), "week 9 at %s", got[w9])
	var body string
	require.NoError(t, db.Get(&body, `SELECT payload::text FROM outbox WHERE dedupe_key = $1`, w9))
	assert.Contains(t, body, "minggu ke-9")
	assert.NotContains(t, body, store.Placeholder)
	// The loss path stops the messages.
	_, err = st.EndPregnancy(ctx, p.id, preg.ID, "lost", day)
	require.NoError(t, err)
	for now := day.AddDate(0, 0, 15); now.Before(day.AddDate(0, 0, 30)); now = now.Add(time.Hour) {
		_, err := s.Tick(ctx, now)
		require.NoError(t, err)
	}
	var weeks int
	require.NoError(t, db.Get(&weeks, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'hamil:%'`))
	assert.Equal(t, 2, weeks, "weeks 8 and 9, nothing after the loss")
}

func TestPlaceholderAgrees(t *testing.T) {
	r := flows.TabletReminder(flows.GirlsSupplement, 99999999, false, 0)
	assert.Contains(t, r.Buttons[0][0].Data, store.Placeholder)
}

func TestTabletAdherence(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, wib)
	daily := mustPerson(t, db, 1, wib, "ibu_hamil", 0, 19*time.Hour, nov)
	lax := mustPerson(t, db, 2, wib, "ibu_hamil", 0, 19*time.Hour, nov)
	girl := mustPerson(t, db, 3, wib, "remaja_putri", time.Tuesday, 19*time.Hour, nov)
	mustPerson(t, db, 4, wib, "ibu_hamil", 0, 19*time.Hour, nov.AddDate(0, 0, 10)) // started mid-month: not counted
	st := store.On(db)
	dose := func(p person, day int) {
		_, _, err := st.RecordDose(ctx, p.id, time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC), 180, nov)
		require.NoError(t, err)
	}
	for d := 1; d <= 23; d++ { // 23 of 30: 77%
		dose(daily, d)
	}
	for d := 1; d <= 22; d++ { // 22 of 30: 73%
		dose(lax, d)
	}
	for _, d := range []int{3, 10, 17} { // 3 of 4 Tuesdays: 75%
		dose(girl, d)
	}
	a, err := store.TabletAdherence(ctx, db, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, store.Adherence{Plans: 3, Adherent: 2}, a)
	assert.InDelta(t, 2.0/3, a.Share(), 1e-9)
}

func TestNudgeAfterThreeMissedDoses(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	s := newScheduler(t, db)
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	p := mustPerson(t, db, 1, wib, "ibu_hamil", 0, 19*time.Hour, day)
	for d := range 6 {
		_, err := s.Tick(ctx, day.AddDate(0, 0, d).Add(19*time.Hour))
		require.NoError(t, err)
	}
	nudge, err := bot.NewRenderer(locales.MustBundle()).Text("id", flows.T(flows.MsgTabletNudge, "Supplement", "TTD"))
	require.NoError(t, err)
	var nudged []string
	for _, r := range reminders(t, db, 0) {
		if strings.Contains(r.Body, strings.ReplaceAll(nudge, "\n", `\n`)) {
			nudged = append(nudged, r.Key)
		}
	}
	assert.Equal(t, []string{key(p, day.AddDate(0, 0, 3))}, nudged, "once, on the fourth day, after three missed")
}
