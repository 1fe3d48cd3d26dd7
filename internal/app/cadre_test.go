package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// makeKader gives a registered person the kader role of a posyandu.
func makeKader(t *testing.T, h *harness, u tgtest.User, posyandu string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT id FROM posyandu WHERE name = $1 ORDER BY id LIMIT 1`, posyandu))
	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id)
		SELECT id, 'kader', $2 FROM users WHERE telegram_id = $1`, u.ID, id)
	require.NoError(t, err)
	return id
}

// posyanduChildren registers children straight at a posyandu, as an
// earlier month's session would have; it returns their ids by name.
func posyanduChildren(t *testing.T, h *harness, posyanduID int64, names ...string) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	for i, name := range names {
		sex := "m"
		if i%2 == 1 {
			sex = "f"
		}
		var id int64
		require.NoError(t, h.db.Get(&id, `INSERT INTO children (name, sex, birth_date, posyandu_id)
			VALUES ($1, $2, DATE '2024-01-10' + $3 * 20, $4) RETURNING id`, name, sex, i, posyanduID))
		ids[name] = id
	}
	return ids
}

func currentCount(t *testing.T, h *harness, where string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM measurements m WHERE superseded_by IS NULL AND deleted_at IS NULL AND `+where, args...))
	return n
}

// A posyandu day of 30 lines in 4 messages: typos, an ambiguous name, an
// unknown child registered on the spot, a correction and an undo; the
// parents told; nothing twice when Telegram repeats an update.
func TestCadreSession(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6201) // Siti Aminah, registered at Posyandu Melati
	budi := addChild(t, h, parent, "Budi", "m", "12-03-2025")

	kader := tgtest.User{ID: 6202, FirstName: "Bu Kader", LanguageCode: "id"}
	registerQuickly(t, h, kader, "Bu Kader", "081211112222")
	melati := makeKader(t, h, kader, "Posyandu Melati")
	others := []string{"Siti Aminah", "Siti Rahma", "Ahmad Fauzi", "Dewi Sartika", "Rizky Pratama", "Nur Aini",
		"Bayu Saputra", "Putri Ayu", "Fajar Nugroho", "Intan Permata", "Joko Susilo", "Lestari Wulan", "Agus Salim",
		"Mega Sari", "Eko Prasetyo", "Rina Marlina", "Hendra Gunawan", "Yuni Astuti", "Doni Kurniawan", "Wati Suryani",
		"Yusuf Hakim", "Ratna Dewi", "Andi Wijaya", "Sri Rahayu", "Teguh Santoso"}
	ids := posyanduChildren(t, h, melati, others...)

	h.do(h.tg.SendCommand(kader, "timbang"))
	assert.Contains(t, h.last(kader).Text, text(t, "id", flows.MsgSessDateAsk, "Posyandu", flows.Lit("Posyandu Melati")))
	h.press(kader, "ks:today")
	assert.Contains(t, h.last(kader).Text, text(t, "id", flows.MsgSessCount, "Weighed", 0, "Referral", 0))

	send := func(lines ...string) []tgtest.Message {
		before := len(h.tg.Sent(kader.ID))
		h.do(h.tg.SendText(kader, strings.Join(lines, "\n")))
		return h.tg.Sent(kader.ID)[before:]
	}

	// Message 1: ten lines, one a typo, one ambiguous ("Siti").
	first := h.tg.SendText(kader, strings.Join([]string{
		"Budi 10,2 79", "Ahmat Fauzi 12,1 92", "Siti 9 75", "Dewi Sartika 9,5 80", "Rizky 10,8 85",
		"Nur Aini 9.9 83", "Bayu Saputra 11 88 lila 14", "Putri Ayu 9,4 81", "Fajar 11,5kg 90cm", "intan permata 10 84",
	}, "\n"))
	before := len(h.tg.Sent(kader.ID))
	h.do(first)
	got := h.tg.Sent(kader.ID)[before:]
	require.Len(t, got, 2, "the lines' results, then which Siti")
	assert.Equal(t, 9, strings.Count(got[0].Text, "✅")+strings.Count(got[0].Text, "⚠️"), got[0].Text)
	assert.Contains(t, got[0].Text, "Ahmad Fauzi", "a typo of one letter finds the child")
	assert.Contains(t, got[1].Text, text(t, "id", flows.MsgSessWhich, "Line", flows.Lit("Siti 9 75")))
	h.press(kader, fmt.Sprintf("ks:pick:%d", ids["Siti Aminah"]))
	assert.Equal(t, 10, currentCount(t, h, `m.source = 'posyandu'`))

	// Telegram delivers the first message again: nothing twice.
	status, err := h.tg.Deliver(context.Background(), first)
	require.NoError(t, err)
	require.Equal(t, 200, status)
	h.settle()
	assert.Equal(t, 10, currentCount(t, h, `m.source = 'posyandu'`), "a repeated update records nothing again")

	// Message 2: ten lines, one a child not registered yet, one unreadable.
	got = send("Joko Susilo 12 95", "Lestari 9,8 82", "Agus Salim 13 98", "Mega Sari 10,1 86", "Eko Prasetyo 12,4 94",
		"Rina Marlina 9,6 83", "Hendra 11,9 91", "Yuni Astuti 10,3 85", "Kevin Baru 8 70", "Doni ??? 85")
	require.NotEmpty(t, got)
	assert.Contains(t, got[0].Text, "Doni ???", "the unreadable line is named")
	assert.Equal(t, text(t, "id", flows.MsgSessRegister), button(t, h.last(kader), "ks:new").Text)
	h.press(kader, "ks:new")
	h.press(kader, "ks:sex_m")
	h.do(h.tg.SendText(kader, "5 Juni 2025"))
	h.do(h.tg.SendText(kader, "0812 3456 7890")) // Siti Aminah's number
	assert.Contains(t, h.tg.Sent(kader.ID)[len(h.tg.Sent(kader.ID))-1].Text+h.tg.Sent(kader.ID)[len(h.tg.Sent(kader.ID))-2].Text,
		text(t, "id", flows.MsgSessRegistered, "Name", "Kevin Baru"))
	assert.Equal(t, 19, currentCount(t, h, `m.source = 'posyandu'`), "nine read lines, Kevin among them")

	// Message 3: eight lines, one a correction of Budi.
	send("Wati Suryani 9,7 84", "Yusuf Hakim 11,1 89", "Ratna Dewi 10,4 86", "Andi Wijaya 12,2 93",
		"Sri Rahayu 9,3 80", "Teguh Santoso 11,6 90", "koreksi Budi 10,4 79", "Doni Kurniawan 10,9 87")
	// Message 4: an undo, then one more line.
	send("batal", "Simon Tidakada 9 80")
	assert.Equal(t, 25, currentCount(t, h, `m.source = 'posyandu'`), "seven new children, Budi corrected, Doni's line undone")
	assert.Equal(t, 0, currentCount(t, h, `m.child_id = $1`, ids["Doni Kurniawan"]))

	var budiRows, budiCurrent int
	require.NoError(t, h.db.Get(&budiRows, `SELECT count(*) FROM measurements WHERE child_id = $1`, budi))
	require.NoError(t, h.db.Get(&budiCurrent, `SELECT count(*) FROM measurements WHERE child_id = $1 AND superseded_by IS NULL`, budi))
	assert.Equal(t, 2, budiRows, "the correction keeps the first value")
	assert.Equal(t, 1, budiCurrent)

	// The parent got the posyandu's results of Budi (twice: the weighing,
	// then the correction), each with the chart, and the question about
	// the child registered with her number.
	var posyanduResults, charts, claims int
	for _, m := range h.tg.Sent(parent.ID) {
		if strings.Contains(m.Text, text(t, "id", flows.MsgResultFromPosy)) {
			posyanduResults++
		}
		if m.Kind == tgtest.KindPhoto {
			charts++
		}
		if strings.Contains(m.Text, "Kevin Baru") {
			claims++
			button(t, m, fmt.Sprintf("ak:yes:%d", childID(t, h, "Kevin Baru")))
		}
	}
	assert.Equal(t, 2, posyanduResults)
	assert.Equal(t, 2, charts)
	assert.Equal(t, 1, claims)

	// Simon is not known: the cadre leaves the line out, then ends the day.
	h.press(kader, "ks:skip")
	h.press(kader, "ks:done")
	assert.Contains(t, h.last(kader).Text, "Posyandu Melati")
}

func childID(t *testing.T, h *harness, name string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT id FROM children WHERE name = $1`, name))
	return id
}

func TestDueListAndReminders(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6211)
	ani := addChild(t, h, parent, "Ani", "f", "1 Juni 2025")
	kader := tgtest.User{ID: 6212, FirstName: "Bu Kader", LanguageCode: "id"}
	registerQuickly(t, h, kader, "Bu Kader", "081211113333")
	melati := makeKader(t, h, kader, "Posyandu Melati")
	ids := posyanduChildren(t, h, melati, "Rudi Hartono", "Sinta Bella")
	// Rudi was weighed this month already, Sinta needed attention last month.
	_, err := h.db.Exec(`INSERT INTO measurements (child_id, measured_on, weight_kg, source, age_days, trend)
		VALUES ($1, '2026-11-03', 11, 'posyandu', 1028, 'N'), ($2, '2026-10-03', 9, 'posyandu', 980, 'T')`,
		ids["Rudi Hartono"], ids["Sinta Bella"])
	require.NoError(t, err)

	h.do(h.tg.SendCommand(kader, "belum"))
	list := h.last(kader)
	assert.Contains(t, list.Text, text(t, "id", flows.MsgDueHead, "Posyandu", flows.Lit("Posyandu Melati"),
		"Month", flows.Month(parentClock), "Count", 2))
	assert.NotContains(t, list.Text, "Rudi", "weighed this month")
	sinta, aniAt := strings.Index(list.Text, "Sinta Bella"), strings.Index(list.Text, "Ani,")
	require.True(t, sinta > 0 && aniAt > 0, list.Text)
	assert.Less(t, sinta, aniAt, "the child flagged last month comes first")

	before := len(h.tg.Sent(parent.ID))
	h.press(kader, fmt.Sprintf("bl:remind:%d", melati))
	assert.Contains(t, h.last(kader).Text, text(t, "id", flows.MsgDueReminded, "Count", 1), "one parent is linked")
	reminders := h.tg.Sent(parent.ID)[before:]
	require.Len(t, reminders, 1)
	assert.Contains(t, reminders[0].Text, text(t, "id", flows.MsgDueReminder, "Name", "Ani", "Posyandu", flows.Lit("Posyandu Melati")))

	// The same button again the same day reminds nobody twice.
	h.do(h.tg.PressButton(kader, list.ID, fmt.Sprintf("bl:remind:%d", melati)))
	assert.Len(t, h.tg.Sent(parent.ID), before+1)
	_ = ani

	// A kader of another posyandu sees nothing of this one.
	other := tgtest.User{ID: 6213, FirstName: "Pak Kader", LanguageCode: "id"}
	registerQuickly(t, h, other, "Pak Kader", "081211114444")
	makeKader(t, h, other, "Posyandu Mawar")
	h.do(h.tg.PressButton(other, 1, fmt.Sprintf("bl:list:%d", melati)))
	assert.Contains(t, h.last(other).Text, text(t, "id", flows.MsgNotFound))
	assert.NotContains(t, h.last(other).Text, "Ani")
}

func TestMonthlyReport(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6221)
	addChild(t, h, parent, "Ani", "f", "1 Juni 2025")
	kader := tgtest.User{ID: 6222, FirstName: "Bu Kader", LanguageCode: "id"}
	registerQuickly(t, h, kader, "Bu Kader", "081211115555")
	melati := makeKader(t, h, kader, "Posyandu Melati")
	ids := posyanduChildren(t, h, melati, "Rudi Hartono", "Sinta Bella")
	_, err := h.db.Exec(`INSERT INTO measurements (child_id, measured_on, weight_kg, source, age_days, trend)
		VALUES ($1, '2026-11-03', 11, 'posyandu', 1028, 'B')`, ids["Rudi Hartono"])
	require.NoError(t, err)

	before := len(h.tg.Sent(kader.ID))
	h.do(h.tg.SendCommand(kader, "laporan"))
	sent := h.tg.Sent(kader.ID)[before:]
	require.Len(t, sent, 3, "the summary and two files")
	assert.Contains(t, sent[0].Text, text(t, "id", flows.MsgReportHead, "Month", flows.Month(parentClock), "Scope", flows.Lit("Posyandu Melati")))
	assert.Contains(t, sent[0].Text, text(t, "id", flows.MsgReportLine, "Label", flows.T("skdn.item.S"), "Count", 3))
	assert.Contains(t, sent[0].Text, text(t, "id", flows.MsgReportLineRatio, "Label", flows.T("skdn.item.D"), "Count", 1,
		"Ratio", flows.Lit("D/S"), "Value", flows.T(flows.MsgReportPercent, "Percent", flows.Num(100.0/3, 1))))
	require.Equal(t, tgtest.KindDocument, sent[1].Kind)
	assert.Contains(t, string(sent[1].File.Data), "Posyandu Melati", "F2 has one column per posyandu")
	assert.Equal(t, "2026-11-skdn-f2.csv", sent[1].File.Name)
	assert.Contains(t, string(sent[2].File.Data), "Rudi Hartono", "one row per weighed child")

	// An earlier month from the button under the summary.
	button(t, sent[0], "lp:m1:202610")
	h.do(h.tg.PressButton(kader, sent[0].ID, "lp:m1:202610"))
	assert.Contains(t, h.tg.Sent(kader.ID)[len(h.tg.Sent(kader.ID))-3].Text, "Oktober 2026")

	// A parent has no report.
	h.do(h.tg.SendCommand(parent, "laporan"))
	requireSays(t, h.last(parent), "id", flows.MsgNotForYou)
}
