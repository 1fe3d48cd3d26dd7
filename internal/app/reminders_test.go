package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// melatiPair is a harness whose turns read *clock, with two people of
// Posyandu Melati registered as parents: k (id kID), whom the test makes a
// cadre, and the mother p (kID+1).
func melatiPair(t *testing.T, clock *time.Time, kID int64) (h *harness, k, p tgtest.User) {
	t.Helper()
	h = newHarness(t, webhook)
	h.app.Turns.Now = func() time.Time { return *clock }
	k = tgtest.User{ID: kID, FirstName: "Kader", LanguageCode: "id"}
	p = tgtest.User{ID: kID + 1, FirstName: "Ibu", LanguageCode: "id"}
	registerAs(t, h, k, "Bu Kader", fmt.Sprintf("0812345%05d", kID), "orang tua")
	registerAs(t, h, p, "Bu Wati", fmt.Sprintf("0812345%05d", kID+1), "orang tua")
	return h, k, p
}

// registerAs registers someone with a typed role ("ibu hamil").
func registerAs(t *testing.T, h *harness, u tgtest.User, name, phone, role string) {
	t.Helper()
	h.do(h.tg.SendCommand(u, "start"))
	h.press(u, "consent:yes")
	h.do(h.tg.SendText(u, name))
	h.do(h.tg.SendText(u, phone))
	h.do(h.tg.SendText(u, role+", lanjut"))
	h.do(h.tg.SendText(u, "serpong"))
	h.do(h.tg.SendText(u, "ciater"))
	h.do(h.tg.SendText(u, "melati"))
	require.Contains(t, h.tg.Sent(u.ID)[len(h.tg.Sent(u.ID))-2].Text, text(t, "id", flows.MsgRegDone, "Name", name))
}

// tick runs the scheduler at local WIB time on day of December 2026 and
// delivers what it queued.
func (h *harness) tick(day, hour int) {
	h.t.Helper()
	_, err := h.app.Scheduler.Tick(context.Background(), time.Date(2026, 12, day, hour, 0, 0, 0, wibZone))
	require.NoError(h.t, err)
	h.settle()
}

var wibZone = time.FixedZone("WIB", 7*3600)

// reminderOf finds the tablet reminder of day (YYYYMMDD) among the sent messages.
func reminderOf(t *testing.T, h *harness, u tgtest.User, day string) tgtest.Message {
	t.Helper()
	for _, m := range h.tg.Sent(u.ID) {
		if m.Markup != nil {
			for _, row := range m.Markup.InlineKeyboard {
				for _, b := range row {
					if b.CallbackData == "ttd:ok:"+day {
						return m
					}
				}
			}
		}
	}
	t.Fatalf("no reminder of %s", day)
	return tgtest.Message{}
}

func countDoses(t *testing.T, h *harness) int {
	var n int
	require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM ttd_doses`))
	return n
}

func TestTabletRemindersInChat(t *testing.T) {
	h := newHarness(t, webhook)
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, wibZone)
	h.app.Turns.Now = func() time.Time { return clock }
	u := tgtest.User{ID: 4242, FirstName: "Ani", LanguageCode: "id"}
	registerAs(t, h, u, "Ani", "081234567891", "ibu hamil")

	h.do(h.tg.SendCommand(u, "ttd"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgTabletStatus, "Supplement", "TTD", "Taken", 0, "Total", 90))

	// Nothing before 19:00, the reminder at 19:00, once however often ticked.
	h.tick(1, 18)
	before := len(h.tg.Sent(u.ID))
	h.tick(1, 19)
	h.tick(1, 19)
	require.Len(t, h.tg.Sent(u.ID), before+1)
	r1 := reminderOf(t, h, u, "20261201")
	assert.Contains(t, r1.Text, text(t, "id", flows.MsgTabletRemind, "Supplement", "TTD"))

	// "Sudah minum" twice: one dose.
	clock = time.Date(2026, 12, 1, 19, 5, 0, 0, wibZone)
	h.do(h.tg.PressButton(u, r1.ID, "ttd:ok:20261201"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgTabletCounted, "Supplement", "TTD", "Number", 1, "Total", 90))
	h.do(h.tg.PressButton(u, r1.ID, "ttd:ok:20261201"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgTabletAlready, "Supplement", "TTD", "Number", 1, "Total", 90))
	assert.Equal(t, 1, countDoses(t, h))

	// Two more days; yesterday's message pressed the day after counts for yesterday.
	h.tick(2, 19)
	h.tick(3, 19)
	clock = time.Date(2026, 12, 3, 20, 0, 0, 0, wibZone)
	h.do(h.tg.PressButton(u, reminderOf(t, h, u, "20261202").ID, "ttd:ok:20261202"))
	assert.Contains(t, h.last(u).Text, "ke-2 dari 90")

	// After /batal (and in the middle of another flow) a press still counts once.
	h.do(h.tg.SendCommand(u, "hamil"))
	h.do(h.tg.SendCommand(u, "batal"))
	r3 := reminderOf(t, h, u, "20261203")
	h.do(h.tg.PressButton(u, r3.ID, "ttd:ok:20261203"))
	h.do(h.tg.PressButton(u, r3.ID, "ttd:ok:20261203"))
	assert.Equal(t, 3, countDoses(t, h))

	// "Ingatkan 1 jam lagi" comes an hour later, once.
	h.tick(4, 19)
	r4 := reminderOf(t, h, u, "20261204")
	clock = time.Date(2026, 12, 4, 19, 10, 0, 0, wibZone)
	h.do(h.tg.PressButton(u, r4.ID, "ttd:later:20261204"))
	assert.Contains(t, h.last(u).Text, "20.10")
	before = len(h.tg.Sent(u.ID))
	_, err := h.app.Scheduler.Tick(context.Background(), time.Date(2026, 12, 4, 20, 10, 0, 0, wibZone))
	require.NoError(t, err)
	h.settle()
	require.Len(t, h.tg.Sent(u.ID), before+1)
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgTabletRemind, "Supplement", "TTD"))

	// "STOP" typed asks what to stop; "all" stops; a due reminder sends nothing.
	h.do(h.tg.SendText(u, "STOP"))
	requireSays(t, h.last(u), "id", flows.MsgStopAsk)
	h.press(u, "stop:all")
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgStopDone, "What", flows.T(flows.MsgStopKindPrefix+"all")))
	before = len(h.tg.Sent(u.ID))
	h.tick(5, 19)
	assert.Len(t, h.tg.Sent(u.ID), before, "nothing after /berhenti")

	// /mulai resumes.
	h.do(h.tg.SendCommand(u, "mulai"))
	requireSays(t, h.last(u), "id", flows.MsgStopResumed)
	h.tick(6, 19)
	reminderOf(t, h, u, "20261206")

	// "Tablet habis" says where to get more and tells the posyandu's cadre, once.
	k := tgtest.User{ID: 4244, FirstName: "Bu Kader", LanguageCode: "id"}
	registerAs(t, h, k, "Bu Kader", "081234567899", "orang tua")
	_, err = h.db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id)
		SELECT k.id, 'kader', a.posyandu_id FROM users k, users a WHERE k.telegram_id = $1 AND a.telegram_id = $2`, k.ID, u.ID)
	require.NoError(t, err)
	kaderBefore := len(h.tg.Sent(k.ID))
	clock = time.Date(2026, 12, 6, 19, 30, 0, 0, wibZone)
	r6 := reminderOf(t, h, u, "20261206")
	h.do(h.tg.PressButton(u, r6.ID, "ttd:out:20261206"))
	requireSays(t, h.last(u), "id", flows.MsgTabletOutWherePregnant)
	h.do(h.tg.PressButton(u, r6.ID, "ttd:out:20261206"))
	toKader := h.tg.Sent(k.ID)[kaderBefore:]
	require.Len(t, toKader, 1, "the cadre is told once")
	assert.Contains(t, toKader[0].Text, text(t, "id", flows.MsgTabletOutKader, "Name", "Ani"))

	// A blocked chat gets nothing queued.
	_, err = h.db.Exec(`UPDATE chats SET blocked_at = now() WHERE chat_id = $1`, u.ID)
	require.NoError(t, err)
	h.tick(7, 19)
	var queued int
	require.NoError(t, h.db.Get(&queued, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'ttd:%:2026-12-07'`))
	assert.Zero(t, queued)
}

func TestPregnancyInChat(t *testing.T) {
	h := newHarness(t, webhook)
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, wibZone)
	h.app.Turns.Now = func() time.Time { return clock }
	u := tgtest.User{ID: 4343, FirstName: "Rina", LanguageCode: "id"}
	registerAs(t, h, u, "Rina", "081234567892", "ibu hamil")

	h.do(h.tg.SendCommand(u, "hamil"))
	requireSays(t, h.last(u), "id", flows.MsgPregnancyDateAsk)
	h.do(h.tg.SendText(u, "kemarin lusa lusa"))
	requireSays(t, h.last(u), "id", flows.MsgPregnancyDateInvalid)
	// HPL 1 Jan 2027: HPHT 27 Mar 2026, week 35 on 1 Dec.
	h.do(h.tg.SendText(u, "HPL 1 Januari 2027"))
	status := h.last(u)
	assert.Contains(t, status.Text, "minggu ke-35")
	assert.Contains(t, status.Text, "1 Januari 2027")

	// Week 36 on 4 Dec at 09:00, week 37 with "Bayi sudah lahir?" a week later.
	h.tick(4, 9)
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgPregnancyWeekTitle, "Week", 36))
	h.tick(11, 9)
	w37 := h.last(u)
	assert.Contains(t, w37.Text, text(t, "id", flows.MsgPregnancyWeekTitle, "Week", 37))
	assert.Contains(t, w37.Text, text(t, "id", flows.MsgPregnancyDanger))
	var born string
	for _, row := range w37.Markup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, "hamil:born:") {
				born = b.CallbackData
			}
		}
	}
	require.NotEmpty(t, born)
	clock = time.Date(2026, 12, 12, 10, 0, 0, 0, wibZone)
	h.do(h.tg.PressButton(u, w37.ID, born))
	requireSays(t, h.last(u), "id", flows.MsgPregnancyBorn)
	// Adding the baby asks the birth date first, today at one tap.
	h.press(u, "anak:born")
	requireSays(t, h.last(u), "id", flows.MsgAddBornAsk)
	assert.Contains(t, h.last(u).Markup.InlineKeyboard[0][0].Text, "12 Desember 2026")
	h.press(u, "anak:born_today")
	requireSays(t, h.last(u), "id", flows.MsgAddNameAsk)
	h.do(h.tg.SendText(u, "Budi"))
	h.press(u, "anak:sex_m")
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgAddBirthWeightAsk, "Name", "Budi"), "the date is not asked again")
	h.press(u, "anak:skip")
	h.press(u, "anak:skip")
	h.press(u, "anak:rel_ibu")
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgAddDone, "Name", "Budi"))
	var birth time.Time
	require.NoError(t, h.db.Get(&birth, `SELECT birth_date FROM children WHERE name = 'Budi'`))
	assert.Equal(t, "2026-12-12", birth.Format(time.DateOnly))
	before := len(h.tg.Sent(u.ID))
	h.tick(18, 9)
	for _, m := range h.tg.Sent(u.ID)[before:] {
		assert.NotContains(t, m.Text, "Kehamilan minggu", "no pregnancy message after the birth")
	}
}

func TestPosyanduScheduleInChat(t *testing.T) {
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, wibZone)
	h, k, p := melatiPair(t, &clock, 4545)
	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id) SELECT id, 'kader', posyandu_id FROM users WHERE telegram_id = $1`, k.ID)
	require.NoError(t, err)

	h.do(h.tg.SendCommand(p, "jadwal"))
	requireSays(t, h.last(p), "id", flows.MsgNotForYou)

	h.do(h.tg.SendCommand(k, "jadwal"))
	requireSays(t, h.last(k), "id", flows.MsgJadwalAsk)
	h.do(h.tg.SendText(k, "Selasa kapan-kapan"))
	requireSays(t, h.last(k), "id", flows.MsgJadwalInvalid)
	h.do(h.tg.SendText(k, "Selasa ke-2 08:00-11:00 Balai RW 03"))
	saved := h.last(k).Text
	assert.Contains(t, saved, "8 Desember 2026, 08.00–11.00 Balai RW 03")
	assert.Contains(t, saved, "12 Januari 2027")

	// The afternoon before, the parent and the cadre are reminded.
	before := len(h.tg.Sent(p.ID))
	h.tick(7, 15)
	require.Len(t, h.tg.Sent(p.ID), before+1)
	assert.Contains(t, h.last(p).Text, text(t, "id", flows.MsgPosyanduBring))
	assert.Contains(t, h.last(k).Text, "Besok")

	// The cadre cancels it: the parent is told, and gets no morning reminder.
	clock = time.Date(2026, 12, 7, 18, 0, 0, 0, wibZone)
	h.do(h.tg.SendCommand(k, "jadwal"))
	var cancel string
	for _, row := range h.last(k).Markup.InlineKeyboard {
		if cancel == "" && strings.HasPrefix(row[0].CallbackData, "jadwal:cancel:") {
			cancel = row[0].CallbackData
		}
	}
	require.NotEmpty(t, cancel)
	h.press(k, cancel)
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgJadwalCancelled, "Date", flows.Day(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))))
	h.tick(7, 19)
	assert.Contains(t, h.last(p).Text, "batal")
	n := len(h.tg.Sent(p.ID))
	h.tick(8, 6)
	assert.Len(t, h.tg.Sent(p.ID), n, "no morning reminder of a cancelled day")
}

// A cadre of two posyandu picks which one /jadwal is about; a day moved by
// a new schedule names its new date to those already reminded.
func TestJadwalOfTwoPosyanduAndAMovedDay(t *testing.T) {
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, wibZone)
	h, k, p := melatiPair(t, &clock, 4745)
	var melati, mawar int64
	require.NoError(t, h.db.Get(&melati, `SELECT posyandu_id FROM users WHERE telegram_id = $1`, k.ID))
	require.NoError(t, h.db.Get(&mawar, `INSERT INTO posyandu (name, region_code, puskesmas_id)
		SELECT 'Posyandu Mawar', region_code, puskesmas_id FROM posyandu WHERE id = $1 RETURNING id`, melati))
	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id) SELECT u.id, 'kader', x
		FROM users u, unnest(CAST($2 AS bigint[])) x WHERE u.telegram_id = $1`, k.ID, pq.Int64Array{melati, mawar})
	require.NoError(t, err)

	h.do(h.tg.SendCommand(k, "jadwal"))
	requireSays(t, h.last(k), "id", flows.MsgJadwalWhich)
	require.Len(t, h.last(k).Markup.InlineKeyboard, 2)
	h.press(k, "jadwal:pos:"+strconv.FormatInt(mawar, 10))
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgJadwalNone, "Posyandu", flows.Lit("Posyandu Mawar")))
	h.do(h.tg.SendText(k, "Selasa ke-2 08:00-11:00 Balai RW 05"))
	assert.Contains(t, h.last(k).Text, "Posyandu Mawar")
	var n int
	require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM posyandu_days WHERE posyandu_id = $1`, melati))
	assert.Zero(t, n, "Melati's schedule is untouched")

	h.do(h.tg.SendCommand(k, "jadwal"))
	h.press(k, "jadwal:pos:"+strconv.FormatInt(melati, 10))
	h.do(h.tg.SendText(k, "Selasa ke-2 08:00-11:00 Balai RW 03"))
	h.tick(7, 15)
	assert.Contains(t, h.last(p).Text, text(t, "id", flows.MsgPosyanduBring))

	// Moved to the Wednesday: the parent reminded of Tuesday is told the new date.
	clock = time.Date(2026, 12, 7, 18, 0, 0, 0, wibZone)
	h.do(h.tg.SendCommand(k, "jadwal"))
	h.press(k, "jadwal:pos:"+strconv.FormatInt(melati, 10))
	h.do(h.tg.SendText(k, "Rabu ke-2 08:00-11:00 Balai RW 03"))
	h.tick(7, 19)
	assert.Contains(t, h.last(p).Text, text(t, "id", flows.MsgPosyanduMoved, "Posyandu", flows.Lit("Posyandu Melati"),
		"Date", flows.Day(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)), "New", flows.Day(time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC))))

	// /posgizi asks which posyandu too.
	h.do(h.tg.SendCommand(k, "posgizi"))
	requireSays(t, h.last(k), "id", flows.MsgJadwalWhich)
	h.press(k, "posgizi:pos:"+strconv.FormatInt(mawar, 10))
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziPlaceAsk, "Posyandu", flows.Lit("Posyandu Mawar")))
}
