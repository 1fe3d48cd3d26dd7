package app_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// A cadre opens a pos gizi round in chat, enrols a child whose weight did
// not rise, the mother is invited, attendance is ticked, and at the last
// day the weighing says lulus to both.
func TestPosGiziRoundInChat(t *testing.T) {
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, wibZone)
	h, k, p := melatiPair(t, &clock, 4645)
	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, posyandu_id) SELECT id, 'kader', posyandu_id FROM users WHERE telegram_id = $1`, k.ID)
	require.NoError(t, err)
	ani := addChild(t, h, p, "Ani", "f", "1-1-2025")
	budi := addChild(t, h, p, "Budi", "m", "1-6-2024") // on no list
	_, err = h.db.Exec(`INSERT INTO measurements (child_id, measured_on, weight_kg, source, age_days, trend)
		VALUES ($1, '2026-11-20', 9.0, 'posyandu', 688, 'T')`, ani)
	require.NoError(t, err)

	h.do(h.tg.SendCommand(p, "posgizi"))
	requireSays(t, h.last(p), "id", flows.MsgNotForYou)

	h.do(h.tg.SendCommand(k, "posgizi"))
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziPlaceAsk, "Posyandu", flows.Lit("Posyandu Melati"))[:20])
	h.press(k, "posgizi:here")
	requireSays(t, h.last(k), "id", flows.MsgPosGiziStartAsk)
	h.do(h.tg.SendText(k, "1-1-2020"))
	requireSays(t, h.last(k), "id", flows.MsgPosGiziStartInvalid)
	h.press(k, "posgizi:tomorrow")
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziDaysAsk, "Default", 12))
	h.press(k, "posgizi:days:12")
	// Forged hours (ending before they start, past midnight) are refused like typed ones.
	for _, forged := range []string{"posgizi:hours:660:600", "posgizi:hours:600:99999"} {
		h.do(h.tg.PressButton(k, h.last(k).ID, forged))
		requireSays(t, h.last(k), "id", flows.MsgStaleButton, flows.MsgPosGiziHoursAsk)
	}
	h.do(h.tg.SendText(k, "jam sembilan"))
	requireSays(t, h.last(k), "id", flows.MsgPosGiziHoursInvalid)
	h.do(h.tg.SendText(k, "09.00-11.00"))
	requireSays(t, h.last(k), "id", flows.MsgPosGiziChildrenAsk)
	assert.Contains(t, h.last(k).Markup.InlineKeyboard[0][0].Text, "Ani (T)")
	h.press(k, "posgizi:open")
	requireSays(t, h.last(k), "id", flows.MsgPosGiziChooseOne)
	// A child on no list is found by name (chosen at once), then left out.
	h.do(h.tg.SendText(k, "zaki"))
	requireSays(t, h.last(k), "id", flows.MsgPosGiziNameNone)
	h.do(h.tg.SendText(k, "bud"))
	require.Len(t, h.last(k).Markup.InlineKeyboard, 3)
	assert.Contains(t, h.last(k).Markup.InlineKeyboard[1][0].Text, "Budi (dicari)")
	h.press(k, "posgizi:pick:"+strconv.FormatInt(budi, 10))
	h.press(k, "posgizi:pick:"+strconv.FormatInt(ani, 10))
	h.press(k, "posgizi:open")
	first, last := flows.Day(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)), flows.Day(time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC))
	assert.Contains(t, h.last(k).Text, "12 hari")
	var enrolled []int64
	require.NoError(t, h.db.Select(&enrolled, `SELECT child_id FROM pos_gizi_children`))
	assert.Equal(t, []int64{ani}, enrolled, "Budi was left out again")
	assert.Contains(t, h.last(p).Text, text(t, "id", flows.MsgPosGiziInvite, "Name", flows.Lit("Ani"), "Posyandu", flows.Lit("Posyandu Melati"),
		"First", first, "Last", last, "Days", 12, "Hours", flows.Lit("09.00–11.00"), "Place", flows.Lit("Posyandu Melati")))

	// Day 1: the cadre ticks Ani, then unticks and ticks again.
	clock = time.Date(2026, 12, 2, 10, 0, 0, 0, wibZone)
	h.do(h.tg.SendCommand(k, "posgizi"))
	assert.Contains(t, h.last(k).Text, "hari ke-1 dari 12")
	h.press(k, "posgizi:came:"+strconv.FormatInt(ani, 10))
	h.press(k, "posgizi:came:"+strconv.FormatInt(ani, 10))
	h.press(k, "posgizi:came:"+strconv.FormatInt(ani, 10))
	h.press(k, "posgizi:done")
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziAttendSaved, "Number", 1, "Present", 1))

	// The last day: weighed 9,2 kg, 200 g over 14 days at 23 months
	// (target 94 g): lulus, told to the cadre and the mother.
	clock = time.Date(2026, 12, 15, 10, 0, 0, 0, wibZone)
	h.do(h.tg.SendCommand(k, "posgizi"))
	h.press(k, "posgizi:weigh")
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziWeighAsk, "Name", flows.Lit("Ani")))
	h.do(h.tg.SendText(k, "sembilan"))
	requireSays(t, h.last(k), "id", flows.MsgPosGiziWeightInvalid)
	h.do(h.tg.SendText(k, "9,2"))
	lulus := text(t, "id", flows.MsgPosGiziLulus, "Name", flows.Lit("Ani"))
	assert.Contains(t, h.last(k).Text, lulus)
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgPosGiziAllWeighed))
	assert.Contains(t, h.last(p).Text, lulus)
	assert.Contains(t, h.last(p).Text, "200 g")
	var passed bool
	require.NoError(t, h.db.Get(&passed, `SELECT lulus FROM pos_gizi_children WHERE child_id = $1`, ani))
	assert.True(t, passed)

	// A health worker of the posyandu's puskesmas may open the next round.
	n := tgtest.User{ID: 4647, FirstName: "Bidan", LanguageCode: "id"}
	registerAs(t, h, n, "Bu Bidan", "081234567823", "orang tua")
	_, err = h.db.Exec(`INSERT INTO user_roles (user_id, role, puskesmas_id)
		SELECT u.id, 'nakes', y.puskesmas_id FROM users u JOIN posyandu y ON y.id = u.posyandu_id WHERE u.telegram_id = $1`, n.ID)
	require.NoError(t, err)
	var melati int64
	require.NoError(t, h.db.Get(&melati, `SELECT posyandu_id FROM users WHERE telegram_id = $1`, k.ID))
	h.do(h.tg.SendCommand(n, "posgizi"))
	requireSays(t, h.last(n), "id", flows.MsgJadwalWhich) // the puskesmas has several
	h.press(n, "posgizi:pos:"+strconv.FormatInt(melati, 10))
	assert.Contains(t, h.last(n).Text, text(t, "id", flows.MsgPosGiziPlaceAsk, "Posyandu", flows.Lit("Posyandu Melati")))
}
