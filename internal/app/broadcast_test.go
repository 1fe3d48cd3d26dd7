package app_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// An admin of a kecamatan broadcasts to its parents from the chat: preview,
// count, two confirmations, the message delivered, progress on request.
func TestBroadcastFromChat(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6301) // a parent at Posyandu Melati, Serpong
	admin := tgtest.User{ID: 6302, FirstName: "Pak Admin", LanguageCode: "id"}
	registerQuickly(t, h, admin, "Pak Admin", "081233334444")

	h.do(h.tg.SendCommand(parent, "siaran"))
	assert.NotContains(t, h.last(parent).Text, text(t, "id", flows.MsgBcAskText), "parents cannot broadcast")

	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, region_code) SELECT id, 'admin', '36.74.01' FROM users WHERE telegram_id = $1`, admin.ID)
	require.NoError(t, err)
	h.do(h.tg.SendCommand(admin, "siaran"))
	requireSays(t, h.last(admin), "id", flows.MsgBcAskText)
	const msg = "Posyandu Melati buka Sabtu pukul 08.00. Bawa buku KIA."
	h.do(h.tg.SendText(admin, msg))
	requireSays(t, h.last(admin), "id", flows.MsgBcAskTextEN)
	h.press(admin, "sr:skip")
	requireSays(t, h.last(admin), "id", flows.MsgBcAskPhoto)
	h.do(h.tg.SendSticker(admin, "👍"))
	assert.NotContains(t, h.last(admin).Text, text(t, "id", flows.MsgBcAskRoles), "a sticker is not a photo")
	h.press(admin, "sr:nophoto")
	h.press(admin, "sr:roles_done")
	requireSays(t, h.last(admin), "id", flows.MsgBcRolesNone)
	h.press(admin, "sr:role_orang_tua")
	h.press(admin, "sr:roles_done")
	requireSays(t, h.last(admin), "id", flows.MsgBcAskAge)
	h.press(admin, "sr:age_any")
	requireSays(t, h.last(admin), "id", flows.MsgBcAskArea)
	h.do(h.tg.SendText(admin, "36.74"))
	requireSays(t, h.last(admin), "id", flows.MsgBcOutOfRegion)
	h.press(admin, "sr:area_all")
	before := len(h.tg.Sent(admin.ID))
	h.press(admin, "sr:now")
	got := sinceLast(h, admin, before)
	require.GreaterOrEqual(t, len(got), 3)
	assert.Equal(t, msg, got[1].Text, "the preview is the message exactly")
	// Both registered people are parents in the admin's kecamatan.
	assert.Contains(t, got[len(got)-1].Text, text(t, "id", flows.MsgBcSummary, "Count", 2, "Duration", flows.T(flows.MsgBcDurationShort), "When", flows.T(flows.MsgBcWhenNow)))
	assert.Contains(t, got[len(got)-1].Text, "kurang dari 1 menit", "two people take less than a minute")
	assert.NotEqual(t, msg, h.last(parent).Text, "nothing sent before confirming")

	h.press(admin, "sr:send")
	assert.Contains(t, h.last(admin).Text, text(t, "id", flows.MsgBcSure, "Count", 2))
	before = len(h.tg.Sent(admin.ID))
	h.press(admin, "sr:yes")
	queued := sinceLast(h, admin, before)[0] // the admin, a parent too, gets the broadcast after it
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT max(id) FROM broadcasts`))
	assert.Contains(t, queued.Text, text(t, "id", flows.MsgBcQueued, "Number", id, "Count", 2))
	h.settle()
	assert.Equal(t, msg, h.last(parent).Text, "the parent got the broadcast")

	h.do(h.tg.PressButton(admin, queued.ID, "sr:status:"+strconv.FormatInt(id, 10)))
	assert.Contains(t, h.last(admin).Text, text(t, "id", flows.MsgBcReport, "Number", id, "State", flows.T(flows.MsgBcStateDone),
		"Count", 2, "Sent", 2, "Blocked", 0, "Failed", 0, "Waiting", 0))
}

// TestBroadcastPhoto: a photo the admin sends in the chat goes out by
// its Telegram file_id, the text as its caption, after the admin saw it so.
func TestBroadcastPhoto(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6311)
	admin := tgtest.User{ID: 6312, FirstName: "Bu Admin", LanguageCode: "id"}
	registerQuickly(t, h, admin, "Bu Admin", "081233335555")
	_, err := h.db.Exec(`INSERT INTO user_roles (user_id, role, region_code) SELECT id, 'admin', '36.74.01' FROM users WHERE telegram_id = $1`, admin.ID)
	require.NoError(t, err)

	// A text longer than a caption cannot go under a photo.
	h.do(h.tg.SendCommand(admin, "siaran"))
	h.do(h.tg.SendText(admin, strings.Repeat("Ayo ke posyandu. ", 70)))
	h.press(admin, "sr:skip")
	h.do(h.tg.SendPhoto(admin, ""))
	assert.Contains(t, h.last(admin).Text, text(t, "id", flows.MsgBcCaptionTooLong, "Max", 1024))

	const msg = "Jadwal posyandu bulan Desember ada di poster ini."
	h.do(h.tg.SendCommand(admin, "siaran"))
	h.do(h.tg.SendText(admin, msg))
	h.press(admin, "sr:skip")
	up := h.tg.SendPhoto(admin, "")
	photo := up.Message.Photo[len(up.Message.Photo)-1].FileID
	h.do(up)
	requireSays(t, h.last(admin), "id", flows.MsgBcAskRoles)
	h.press(admin, "sr:role_orang_tua")
	h.press(admin, "sr:roles_done")
	h.press(admin, "sr:age_any")
	h.press(admin, "sr:area_all")
	before := len(h.tg.Sent(admin.ID))
	h.press(admin, "sr:now")
	got := sinceLast(h, admin, before)
	require.GreaterOrEqual(t, len(got), 3)
	assert.Equal(t, tgtest.KindPhoto, got[1].Kind, "the preview is the photo")
	assert.Equal(t, photo, got[1].FileID)
	assert.Equal(t, msg, got[1].Text, "with the message as its caption")

	h.press(admin, "sr:send")
	h.press(admin, "sr:yes")
	h.settle()
	m := h.last(parent)
	assert.Equal(t, tgtest.KindPhoto, m.Kind, "the parent got the photo")
	assert.Equal(t, photo, m.FileID, "sent again by its file_id")
	assert.Equal(t, msg, m.Text)
}

// A broadcast set for a later time, by an admin who reads English: the
// summary gives the day and hour in words and the admin's zone, and a
// broadcast that takes seconds says "less than a minute".
func TestBroadcastAtATime(t *testing.T) {
	t.Parallel()
	h, _ := newParent(t, 6321)
	admin := tgtest.User{ID: 6322, FirstName: "Admin", LanguageCode: "id"}
	registerQuickly(t, h, admin, "Pak Admin", "081233336666") // in Indonesian; then English is chosen
	for _, q := range []string{
		`INSERT INTO user_roles (user_id, role, region_code) SELECT id, 'admin', '36.74.01' FROM users WHERE telegram_id = $1`,
		`UPDATE chats SET language = 'en' WHERE chat_id = $1`,
	} {
		_, err := h.db.Exec(q, admin.ID)
		require.NoError(t, err)
	}
	h.do(h.tg.SendCommand(admin, "siaran"))
	h.do(h.tg.SendText(admin, "Posyandu Melati buka Sabtu."))
	h.press(admin, "sr:skip")
	h.press(admin, "sr:nophoto")
	h.press(admin, "sr:role_orang_tua")
	h.press(admin, "sr:roles_done")
	h.press(admin, "sr:age_any")
	h.press(admin, "sr:area_all")
	requireSays(t, h.last(admin), "en", flows.MsgBcAskWhen)
	before := len(h.tg.Sent(admin.ID))
	h.do(h.tg.SendText(admin, "2030-12-01 09:00"))
	got := sinceLast(h, admin, before)
	require.NotEmpty(t, got)
	summary := got[len(got)-1].Text
	assert.Contains(t, summary, "This broadcast goes to 2 people, starting 1 December 2030 at 09.00 WIB, "+
		"and takes less than a minute.")
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	h, parent := newParent(t, 6401)
	h.do(h.tg.SendCommand(parent, "bantuan"))
	waitFor(t, "bulk leader", h.app.Sender.Leading)
	// A reminder queued for later counts as pending, not yet as waiting.
	_, err := h.db.Exec(`INSERT INTO outbox (chat_id, kind, priority, payload, not_before)
		VALUES ($1, 'reminder', 5, '{"method":"sendMessage"}', now() + interval '1 hour')`, parent.ID)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.app.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	for _, want := range []string{
		`tumbuh_turns_total{outcome="ok"}`, `tumbuh_turn_duration_seconds_bucket`, `tumbuh_sends_total{kind="reply",result="ok"}`,
		`tumbuh_send_duration_seconds_bucket{kind="reply"`, `tumbuh_outbox_pending{kind="broadcast"} 0`,
		`tumbuh_outbox_pending{kind="reminder"} 1`, `tumbuh_outbox_oldest_pending_seconds{kind="reminder"} 0`,
		`tumbuh_outbox_oldest_pending_seconds{kind="reply"}`, `tumbuh_sender_pacing_rate`, `tumbuh_sender_leader 1`,
		`go_goroutines`,
	} {
		assert.Contains(t, body, want)
	}
}
