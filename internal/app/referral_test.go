package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/referral"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// invited registers u through an invite for role at a place.
func invited(t *testing.T, h *harness, u tgtest.User, inv store.NewInvite, name, phone string) {
	t.Helper()
	inv.CreatedBy, inv.ExpiresAt = "test", time.Now().Add(time.Hour)
	code, err := store.CreateInvite(context.Background(), h.db, inv)
	require.NoError(t, err)
	h.do(h.tg.SendCommand(u, "start", code.Code))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	h.do(h.tg.SendText(u, name))
	h.do(h.tg.ShareContact(u, phone))
	requireSays(t, h.last(u), "id", flows.MsgHelpRolePrefx+inv.Role)
}

func puskesmasOf(t *testing.T, h *harness, posyandu string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT puskesmas_id FROM posyandu WHERE name = $1`, posyandu))
	return id
}

// findButton returns the latest message to u with a button whose data
// starts with prefix, and that data.
func findButton(t *testing.T, h *harness, u tgtest.User, prefix string) (tgtest.Message, string) {
	t.Helper()
	sent := h.tg.Sent(u.ID)
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].Markup == nil {
			continue
		}
		for _, row := range sent[i].Markup.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, prefix) {
					return sent[i], b.CallbackData
				}
			}
		}
	}
	t.Fatalf("no button %s… sent to %d", prefix, u.ID)
	return tgtest.Message{}, ""
}

// referralWorld is a posyandu day that advised a referral: a kader of
// Posyandu Melati, two nakes of its puskesmas, a parent linked to Budi,
// and the cadre's "Rujuk" button, not pressed yet.
type referralWorld struct {
	h                     *harness
	kader, parent         tgtest.User
	nakes                 []tgtest.User
	childID, measurement  int64
	referMsg              tgtest.Message
	referData, puskesmas  string
	otherNakes, otherKadr tgtest.User
}

func newReferralWorld(t *testing.T) *referralWorld {
	t.Helper()
	h := newHarness(t, webhook)
	h.app.Turns.Now = func() time.Time { return parentClock }
	w := &referralWorld{h: h, puskesmas: "Puskesmas Serpong 1",
		kader:      tgtest.User{ID: 9101, FirstName: "Sumarni"},
		parent:     tgtest.User{ID: 9102, FirstName: "Siti", LanguageCode: "id"},
		nakes:      []tgtest.User{{ID: 9103, FirstName: "Bidan Rina"}, {ID: 9104, FirstName: "Dokter Andi"}},
		otherNakes: tgtest.User{ID: 9105, FirstName: "Bidan Lain"},
		otherKadr:  tgtest.User{ID: 9106, FirstName: "Kader Lain"},
	}
	melati := posyanduID(t, h, "Posyandu Melati")
	register(t, h, w.parent) // phone +6281234567890
	invited(t, h, w.kader, store.NewInvite{Role: "kader", PosyanduID: melati}, "Sumarni", "+6281300001111")
	for i, n := range w.nakes {
		invited(t, h, n, store.NewInvite{Role: "nakes", PuskesmasID: puskesmasOf(t, h, "Posyandu Melati")},
			n.FirstName, fmt.Sprintf("+62813000022%02d", i))
	}
	invited(t, h, w.otherNakes, store.NewInvite{Role: "nakes", PuskesmasID: puskesmasOf(t, h, "Posyandu Anggrek")},
		"Bidan Lain", "+6281300003333")
	invited(t, h, w.otherKadr, store.NewInvite{Role: "kader", PosyanduID: posyanduID(t, h, "Posyandu Anggrek")},
		"Kader Lain", "+6281300004444")

	// The cadre's posyandu day: Budi, 18 months, 7 kg and 80 cm, is new.
	k := w.kader
	h.do(h.tg.SendCommand(k, "timbang"))
	h.press(k, "ks:today")
	h.do(h.tg.SendText(k, "Budi 7 80"))
	h.press(k, "ks:new")
	h.press(k, "ks:sex_m")
	h.do(h.tg.SendText(k, "20-05-2025"))
	h.do(h.tg.SendText(k, "081234567890"))
	w.referMsg, w.referData = findButton(t, h, k, "rj:new:")
	assert.Contains(t, w.referMsg.Text, "Budi")
	require.NoError(t, h.db.Get(&w.childID, `SELECT id FROM children WHERE name = 'Budi'`))
	require.NoError(t, h.db.Get(&w.measurement, `SELECT id FROM measurements WHERE child_id = $1`, w.childID))
	assert.Equal(t, fmt.Sprintf("rj:new:%d", w.measurement), w.referData)

	// The parent says Budi is theirs.
	h.press(w.parent, fmt.Sprintf("ak:yes:%d", w.childID))
	h.press(w.parent, "ak:rel_ibu")
	assert.Contains(t, h.last(w.parent).Text, text(t, "id", flows.MsgClaimDone, "Name", "Budi"))
	return w
}

func (w *referralWorld) referralID(t *testing.T) int64 {
	t.Helper()
	var id int64
	require.NoError(t, w.h.db.Get(&id, `SELECT id FROM referrals WHERE measurement_id = $1`, w.measurement))
	return id
}

func TestReferralLoop(t *testing.T) {
	t.Parallel()
	w := newReferralWorld(t)
	h, k, p := w.h, w.kader, w.parent
	pk := flows.Lit(w.puskesmas)

	// A kader of another posyandu forging the button: not found, nothing stored.
	h.do(h.tg.PressButton(w.otherKadr, h.last(w.otherKadr).ID, w.referData))
	requireSays(t, h.last(w.otherKadr), "id", flows.MsgNotFound)
	assert.Equal(t, 0, count(t, h, `SELECT count(*) FROM referrals`))

	// The cadre presses "Rujuk": one referral, the session still waits.
	nakesBefore := len(h.tg.Sent(w.nakes[0].ID))
	press := h.tg.PressButton(k, w.referMsg.ID, w.referData)
	h.do(press)
	h.do(press) // a redelivered press is handled once
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgRefSent, "Name", "Budi", "Puskesmas", pk))
	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM referrals`))
	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM conversations WHERE chat_id = $1 AND flow = 'sesi'`, k.ID),
		"the posyandu session goes on")
	id := w.referralID(t)
	var stored struct {
		Reasons   string `db:"reasons"`
		Puskesmas int64  `db:"puskesmas_id"`
		Status    string `db:"status"`
	}
	require.NoError(t, h.db.Get(&stored, `SELECT array_to_string(reasons, ',') AS reasons, puskesmas_id, status FROM referrals WHERE id = $1`, id))
	assert.NotEmpty(t, stored.Reasons)
	assert.Equal(t, puskesmasOf(t, h, "Posyandu Melati"), stored.Puskesmas)
	assert.Equal(t, "dirujuk", stored.Status)

	// Pressed again later: "already referred", still one referral.
	h.do(h.tg.PressButton(k, w.referMsg.ID, w.referData))
	assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgRefAlready, "Name", "Budi", "Puskesmas", pk,
		"Status", flows.T(flows.MsgRefStatusPrefix+"dirujuk")))
	assert.Equal(t, 1, count(t, h, `SELECT count(*) FROM referrals`))

	// Both nakes get the summary with the reasons in words, then the chart.
	for _, n := range w.nakes {
		sent := h.tg.Sent(n.ID)
		if n == w.nakes[0] {
			require.Len(t, sent[nakesBefore:], 2, "one summary and one chart, even with the press repeated")
		}
		card, chart := sent[len(sent)-2], sent[len(sent)-1]
		assert.Contains(t, card.Text, text(t, "id", flows.MsgRefNewHead, "Posyandu", flows.Lit("Posyandu Melati")))
		assert.Contains(t, card.Text, "Budi")
		assert.Contains(t, card.Text, "1 tahun 6 bulan")
		for _, code := range strings.Split(stored.Reasons, ",") {
			assert.Contains(t, card.Text, text(t, "id", flows.MsgReferralPrefix+code))
		}
		button(t, card, fmt.Sprintf("rj:acc:%d", id))
		requirePNGChart(t, chart)
	}
	assert.Contains(t, h.last(p).Text, text(t, "id", flows.MsgRefParentPrefix+"dirujuk", "Name", "Budi", "Puskesmas", pk))

	// /rujukan: the nakes and the cadre see it, the other nakes does not.
	for _, u := range []tgtest.User{w.nakes[0], k} {
		h.do(h.tg.SendCommand(u, "rujukan"))
		list := h.last(u)
		assert.Contains(t, list.Text, text(t, "id", flows.MsgRefListHead, "Count", 1))
		button(t, list, fmt.Sprintf("rj:open:%d", id))
	}
	h.do(h.tg.SendCommand(w.otherNakes, "rujukan"))
	requireSays(t, h.last(w.otherNakes), "id", flows.MsgRefListEmpty)
	// Forged buttons of another puskesmas's nakes: not found, nothing moves.
	for _, data := range []string{"rj:open:%d", "rj:acc:%d", "rj:exam:%d", "rj:f_normal:%d", "rj:done:%d"} {
		h.do(h.tg.PressButton(w.otherNakes, h.last(w.otherNakes).ID, fmt.Sprintf(data, id)))
		requireSays(t, h.last(w.otherNakes), "id", flows.MsgNotFound)
	}
	// The cadre may open it but gets no buttons to move it, and a forged move is refused.
	h.press(k, fmt.Sprintf("rj:open:%d", id))
	assert.NotContains(t, fmt.Sprint(h.last(k).Markup), "rj:acc")
	h.do(h.tg.PressButton(k, h.last(k).ID, fmt.Sprintf("rj:acc:%d", id)))
	requireSays(t, h.last(k), "id", flows.MsgNotFound)

	n := w.nakes[0]
	firstCard, _ := findButton(t, h, n, fmt.Sprintf("rj:acc:%d", id))
	news := func(status string, kaderArgs []any, parentID string) {
		t.Helper()
		assert.Equal(t, status, statusOf(t, h, id))
		assert.Contains(t, h.tg.Sent(n.ID)[len(h.tg.Sent(n.ID))-1].Text,
			text(t, "id", flows.MsgRefMovedTo, "Name", "Budi", "Status", flows.T(flows.MsgRefStatusPrefix+status)))
		assert.Contains(t, h.last(k).Text, text(t, "id", flows.MsgRefKaderPrefix+status, kaderArgs...))
		assert.Contains(t, h.last(p).Text, text(t, "id", parentID, "Name", "Budi", "Puskesmas", pk))
	}

	// diterima
	h.do(h.tg.PressButton(n, firstCard.ID, fmt.Sprintf("rj:acc:%d", id)))
	news("diterima", []any{"Name", "Budi", "Puskesmas", pk}, flows.MsgRefParentPrefix+"diterima")
	assert.Contains(t, h.last(p).Text, "Datanglah ke Puskesmas Serpong 1 dengan Buku KIA")

	// The other nakes's copy of the first card is stale now.
	other := w.nakes[1]
	card, _ := findButton(t, h, other, fmt.Sprintf("rj:acc:%d", id))
	h.do(h.tg.PressButton(other, card.ID, fmt.Sprintf("rj:acc:%d", id)))
	assert.Contains(t, h.last(other).Text, text(t, "id", flows.MsgRefStale, "Name", "Budi",
		"Status", flows.T(flows.MsgRefStatusPrefix+"diterima")))
	assert.Equal(t, "diterima", statusOf(t, h, id))

	// diperiksa, with a finding and a typed note; no skipping ahead.
	h.do(h.tg.PressButton(n, h.last(n).ID, fmt.Sprintf("rj:done:%d", id)))
	assert.Contains(t, h.last(n).Text, text(t, "id", flows.MsgRefStale, "Name", "Budi",
		"Status", flows.T(flows.MsgRefStatusPrefix+"diterima")))
	assert.Equal(t, "diterima", statusOf(t, h, id), "no step skipped")
	h.press(n, fmt.Sprintf("rj:exam:%d", id))
	assert.Contains(t, h.last(n).Text, text(t, "id", flows.MsgRefFindingAsk, "Name", "Budi"))
	h.press(n, fmt.Sprintf("rj:f_stunting:%d", id))
	h.do(h.tg.SendText(n, "Kontrol lagi dua minggu"))
	news("diperiksa", []any{"Name", "Budi", "Puskesmas", pk, "Finding", flows.T(flows.MsgRefFindingPrefix + "stunting")},
		flows.MsgRefParentPrefix+"diperiksa.stunting")
	assert.Contains(t, h.last(k).Text, "Kontrol lagi dua minggu")

	// ditangani
	h.press(n, fmt.Sprintf("rj:treat:%d", id))
	h.press(n, fmt.Sprintf("rj:t_pmt:%d", id))
	news("ditangani", []any{"Name", "Budi", "Puskesmas", pk, "Treatment", flows.T(flows.MsgRefTreatPrefix + "pmt")},
		flows.MsgRefParentPrefix+"ditangani.pmt")

	// selesai
	h.press(n, fmt.Sprintf("rj:done:%d", id))
	news("selesai", []any{"Name", "Budi"}, flows.MsgRefParentPrefix+"selesai")
	assert.Nil(t, findMarkupData(h.last(n), "rj:"), "a closed referral has no next step")

	var row struct {
		Finding   string `db:"finding"`
		Note      string `db:"note"`
		Treatment string `db:"treatment"`
	}
	require.NoError(t, h.db.Get(&row, `SELECT finding, note, treatment FROM referrals WHERE id = $1`, id))
	assert.Equal(t, "stunting", row.Finding)
	assert.Equal(t, "Kontrol lagi dua minggu", row.Note)
	assert.Equal(t, "pmt", row.Treatment)

	// Closed: off every list.
	h.do(h.tg.SendCommand(n, "rujukan"))
	requireSays(t, h.last(n), "id", flows.MsgRefListEmpty)
}

func statusOf(t *testing.T, h *harness, id int64) string {
	t.Helper()
	var s string
	require.NoError(t, h.db.Get(&s, `SELECT status FROM referrals WHERE id = $1`, id))
	return s
}

// findMarkupData returns the buttons of msg whose data starts with prefix.
func findMarkupData(msg tgtest.Message, prefix string) []string {
	if msg.Markup == nil {
		return nil
	}
	var out []string
	for _, row := range msg.Markup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, prefix) {
				out = append(out, b.CallbackData)
			}
		}
	}
	return out
}

func TestReferralAdminSeesRegion(t *testing.T) {
	t.Parallel()
	w := newReferralWorld(t)
	h := w.h
	h.do(h.tg.PressButton(w.kader, w.referMsg.ID, w.referData))
	id := w.referralID(t)
	city := tgtest.User{ID: 9201, FirstName: "Admin Kota"}
	invited(t, h, city, store.NewInvite{Role: "admin", RegionCode: "36.74"}, "Admin Kota", "+6281300005555")
	elsewhere := tgtest.User{ID: 9202, FirstName: "Admin Lain"}
	invited(t, h, elsewhere, store.NewInvite{Role: "admin", RegionCode: "36.74.03"}, "Admin Lain", "+6281300006666")

	h.do(h.tg.SendCommand(city, "rujukan"))
	button(t, h.last(city), fmt.Sprintf("rj:open:%d", id))
	h.press(city, fmt.Sprintf("rj:open:%d", id))
	assert.Contains(t, h.last(city).Text, "Budi")
	assert.Empty(t, findMarkupData(h.last(city), "rj:"), "an admin views, never moves")

	h.do(h.tg.SendCommand(elsewhere, "rujukan"))
	requireSays(t, h.last(elsewhere), "id", flows.MsgRefListEmpty)
	h.do(h.tg.PressButton(elsewhere, h.last(elsewhere).ID, fmt.Sprintf("rj:open:%d", id)))
	requireSays(t, h.last(elsewhere), "id", flows.MsgNotFound)

	// A parent has no /rujukan.
	h.do(h.tg.SendCommand(w.parent, "rujukan"))
	requireSays(t, h.last(w.parent), "id", flows.MsgNotForYou)
}

func TestStaleReferralRemindsOnceADay(t *testing.T) {
	t.Parallel()
	w := newReferralWorld(t)
	h := w.h
	h.do(h.tg.PressButton(w.kader, w.referMsg.ID, w.referData))
	id := w.referralID(t)
	ctx := context.Background()
	reminders := func() int {
		return count(t, h, `SELECT count(*) FROM outbox WHERE kind = 'reminder' AND dedupe_key LIKE $1`, fmt.Sprintf("ref:%d:%%", id))
	}

	day := time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC) // 09:00 WIB
	_, err := h.db.Exec(`UPDATE referrals SET moved_at = $2 WHERE id = $1`, id, day.Add(-6*24*time.Hour))
	require.NoError(t, err)
	n, err := referral.RemindStale(ctx, h.db, renderer, day)
	require.NoError(t, err)
	assert.Zero(t, n, "six days unmoved is not stale yet")

	_, err = h.db.Exec(`UPDATE referrals SET moved_at = $2 WHERE id = $1`, id, day.Add(-8*24*time.Hour))
	require.NoError(t, err)
	n, err = referral.RemindStale(ctx, h.db, renderer, day)
	require.NoError(t, err)
	assert.Equal(t, len(w.nakes), n, "one reminder per nakes")
	n, err = referral.RemindStale(ctx, h.db, renderer, day.Add(10*time.Hour)) // 19:00 WIB, the same day
	require.NoError(t, err)
	assert.Zero(t, n, "never twice a day")
	assert.Equal(t, len(w.nakes), reminders())

	h.settle()
	for _, u := range w.nakes {
		msg := h.last(u)
		assert.Contains(t, msg.Text, text(t, "id", flows.MsgRefRemind, "Name", "Budi", "Days", 8))
		button(t, msg, fmt.Sprintf("rj:acc:%d", id))
	}
	assert.NotContains(t, h.last(w.otherNakes).Text, "Budi")

	n, err = referral.RemindStale(ctx, h.db, renderer, day.Add(24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, len(w.nakes), n, "the next day, once more")
	assert.Equal(t, 2*len(w.nakes), reminders())

	// Moved on: no more reminders.
	_, err = h.db.Exec(`UPDATE referrals SET moved_at = $2 WHERE id = $1`, id, day.Add(24*time.Hour))
	require.NoError(t, err)
	n, err = referral.RemindStale(ctx, h.db, renderer, day.Add(2*24*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n)
}
