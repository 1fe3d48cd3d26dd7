package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// toNameStep starts registration for u and agrees to the consent.
func toNameStep(t *testing.T, h *harness, u tgtest.User) {
	t.Helper()
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	requireSays(t, h.last(u), "id", flows.MsgRegNameAsk)
}

// step is the step u's waiting conversation is at, "" when none.
func step(t *testing.T, h *harness, u tgtest.User) string {
	t.Helper()
	var s []string
	require.NoError(t, h.db.Select(&s, `SELECT step FROM conversations WHERE chat_id = $1`, u.ID))
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// requireNoApology fails if the bot ever told u something went wrong.
func requireNoApology(t *testing.T, h *harness, u tgtest.User) {
	t.Helper()
	sorry := text(t, "id", flows.MsgInternalError)
	for _, m := range h.tg.Sent(u.ID) {
		require.NotContains(t, m.Text, sorry, "the bot apologised to %d", u.ID)
	}
}

func TestNULAndInvisibleCharactersAreCleanedAtTheBoundary(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 9101, FirstName: "Siti\u0000"}
	toNameStep(t, h, u)

	h.do(h.tg.SendText(u, "Siti\u0000Aminah"))
	require.Contains(t, h.last(u).Text, text(t, "id", flows.MsgRegPhoneAsk, "Name", "SitiAminah"))
	require.Equal(t, "phone", step(t, h, u))

	// Bidi and zero-width controls do not reach the stored name.
	h.do(h.tg.SendCommand(u, "batal"))
	toNameStep(t, h, u)
	h.do(h.tg.SendText(u, "\u202ESiti\u200B Ami\u200Fnah\u2066"))
	require.Contains(t, h.last(u).Text, text(t, "id", flows.MsgRegPhoneAsk, "Name", "Siti Aminah"))
	var stored string
	require.NoError(t, h.db.Get(&stored, `SELECT state->>'name' FROM conversations WHERE chat_id = $1`, u.ID))
	assert.Equal(t, "Siti Aminah", stored)

	// A command with NUL is an unknown command, not a failure.
	h.do(h.tg.SendText(u, "/foo\u0000bar"))
	assert.Contains(t, h.tg.Sent(u.ID)[len(h.tg.Sent(u.ID))-2].Text, text(t, "id", flows.MsgUnknownCommand, "Command", "/foobar"))
	// A start payload with NUL is a code that does not work.
	h.do(h.tg.SendText(u, "/start \u0000abc"))
	requireSays(t, h.last(u), "id", flows.MsgInviteInvalid)

	// A whole registration with NUL in every answer, the kelurahan search included.
	v := tgtest.User{ID: 9102, FirstName: "Rina"}
	toNameStep(t, h, v)
	h.do(h.tg.SendText(v, "Rina\u0000 Wati"))
	h.do(h.tg.SendText(v, "0812\u00003456\u00007890"))
	roles := h.last(v)
	requireSays(t, roles, "id", flows.MsgRegRolesAsk)
	h.do(h.tg.PressButton(v, roles.ID, "role:orang_\u0000tua"))
	h.do(h.tg.PressButton(v, roles.ID, "roles:done"))
	h.do(h.tg.SendText(v, "Ser\u0000pong"))
	requireSays(t, h.last(v), "id", flows.MsgRegKelurahanAsk)
	h.do(h.tg.SendText(v, "Cia\u0000ter"))
	pos := h.last(v)
	requireSays(t, pos, "id", flows.MsgRegPosyanduAsk)
	h.do(h.tg.PressButton(v, pos.ID, buttonByLabel(t, pos, "Posyandu Melati")))

	var name, phone string
	require.NoError(t, h.db.QueryRow(`SELECT name, phone FROM users WHERE telegram_id = $1`, v.ID).Scan(&name, &phone))
	assert.Equal(t, "Rina Wati", name)
	assert.Equal(t, "+6281234567890", phone)
	requireNoApology(t, h, u)
	requireNoApology(t, h, v)

	// Lone surrogates escaped in the JSON itself, as a careless client may send.
	raw := `{"update_id":%d,"message":{"message_id":90,"date":1,"chat":{"id":9103,"type":"private"},"from":{"id":9103,"first_name":"X"},"text":"\ud800\u0000/\udfff"}}`
	assert.Equal(t, 200, post(t, h.app.Handler(), webhookSecret, []byte(strings.Replace(raw, "%d", "77001", 1))))
	h.settle()
	requireNoApology(t, h, tgtest.User{ID: 9103})
}

func TestContactCardIsNotOnesOwnNumber(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 9201, FirstName: "Ani"}
	toNameStep(t, h, u)
	h.do(h.tg.SendText(u, "Ani"))

	h.do(h.tg.ShareContactCard(u, "Tetangga", "6281111111111"))
	card := h.last(u)
	requireSays(t, card, "id", flows.MsgRegPhoneCard)
	require.NotNil(t, card.Markup)
	require.Len(t, card.Markup.Keyboard, 1, "the share button comes back")
	assert.True(t, card.Markup.Keyboard[0][0].RequestContact)
	assert.Equal(t, "phone", step(t, h, u))

	// Someone else's account is refused as before; a typed number still works.
	other := h.tg.ShareContact(u, "6282222222222")
	other.Message.Contact.UserID = 9299
	h.do(other)
	requireSays(t, h.last(u), "id", flows.MsgRegPhoneNotOwn)
	h.do(h.tg.SendText(u, "0812 3456 7890"))
	requireSays(t, h.last(u), "id", flows.MsgRegRolesAsk)

	var phone string
	require.NoError(t, h.db.Get(&phone, `SELECT state->>'phone' FROM conversations WHERE chat_id = $1`, u.ID))
	assert.Equal(t, "+6281234567890", phone)
}

func TestForwardedMessageIsNotAnAnswer(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 9301, FirstName: "Dewi"}
	toNameStep(t, h, u)

	h.do(h.tg.ForwardText(u, "Budi", "Budi Terusan"))
	requireSays(t, h.last(u), "id", flows.MsgForwardedNotAnswer, flows.MsgRegNameAsk)
	assert.Equal(t, "name", step(t, h, u))

	h.do(h.tg.SendText(u, "Dewi Lestari"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgRegPhoneAsk, "Name", "Dewi Lestari"))
	// A forwarded phone number is not one's own either.
	h.do(h.tg.ForwardText(u, "Budi", "081234567890"))
	requireSays(t, h.last(u), "id", flows.MsgForwardedNotAnswer)
	assert.Equal(t, "phone", step(t, h, u))
}

func TestBlockAndUnblockFromMyChatMember(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 9401, FirstName: "Eka"}
	h.do(h.tg.SendCommand(u, "start"))
	turnsBefore := len(h.tg.Sent(u.ID))
	_, err := h.db.Exec(`INSERT INTO outbox (chat_id, kind, payload, not_before) VALUES
		($1, 'reminder', '{"method":"sendMessage","chat_id":9401,"text":"pengingat"}', now() + interval '1 hour')`, u.ID)
	require.NoError(t, err)

	blocked := h.tg.BlockBot(u)
	h.do(blocked)
	var at *time.Time
	require.NoError(t, h.db.Get(&at, `SELECT blocked_at FROM chats WHERE chat_id = $1`, u.ID))
	assert.NotNil(t, at, "the chat is marked blocked")
	var status string
	require.NoError(t, h.db.Get(&status, `SELECT status FROM outbox WHERE kind = 'reminder' AND chat_id = $1`, u.ID))
	assert.Equal(t, "dropped", status)
	var seen bool
	require.NoError(t, h.db.Get(&seen, `SELECT EXISTS (SELECT 1 FROM processed_updates WHERE update_id = $1)`, blocked.ID))
	assert.True(t, seen, "a member update is deduped like any other")
	assert.Equal(t, "consent", step(t, h, u), "no flow turn is spent")
	assert.Len(t, h.tg.Sent(u.ID), turnsBefore, "nothing is said to a chat that blocked the bot")

	// Redelivery is harmless; an unblock clears the mark.
	h.do(blocked)
	h.do(h.tg.UnblockBot(u))
	require.NoError(t, h.db.Get(&at, `SELECT blocked_at FROM chats WHERE chat_id = $1`, u.ID))
	assert.Nil(t, at)
}

func TestBotLeavesGroupsItIsAddedTo(t *testing.T) {
	h := newHarness(t, webhook)
	u := tgtest.User{ID: 9501, FirstName: "Kader"}
	const group = -4242
	added := h.tg.AddBotToGroup(u, group, "Posyandu Melati")
	h.do(added)
	sent := h.tg.Sent(group)
	require.Len(t, sent, 1)
	assert.Equal(t, text(t, "id", flows.MsgGroupPrivateOnly, "Link", "https://t.me/"+h.tg.Bot().Username), sent[0].Text)
	assert.True(t, h.tg.Left(group), "the bot left the group")

	h.do(added) // a redelivery says nothing twice
	assert.Len(t, h.tg.Sent(group), 1)
}

func TestIgnoredButtonPressesAreAnswered(t *testing.T) {
	for _, m := range []struct {
		name string
		mode mode
	}{{"polling", polling}, {"webhook", webhook}} {
		t.Run(m.name, func(t *testing.T) {
			h := newHarness(t, m.mode)
			u := tgtest.User{ID: 9601, FirstName: "Lia"}
			press := h.tg.PressButtonInChat(u, -777, 12, "consent:yes")
			h.do(press)
			waitFor(t, "callback answered", func() bool {
				for _, c := range h.tg.CallsTo("answerCallbackQuery") {
					if c.Params["callback_query_id"] == press.CallbackQuery.ID && c.Status == 200 {
						return true
					}
				}
				return false
			})
			var n int
			require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM chats`))
			assert.Zero(t, n, "a group's button press runs no turn")
		})
	}
}

func TestInviteLostMidRegistrationKeepsTheAnswers(t *testing.T) {
	h := newHarness(t, webhook)
	ctx := context.Background()
	inv, err := store.CreateInvite(ctx, h.db, store.NewInvite{Role: "kader", PosyanduID: posyanduID(t, h, "Posyandu Melati"),
		CreatedBy: "test", ExpiresAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	u := tgtest.User{ID: 9701, FirstName: "Bu Kader"}
	h.do(h.tg.SendCommand(u, "start", inv.Code))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))
	h.do(h.tg.SendText(u, "Sri Wahyuni"))

	// The code runs out while she looks for her phone.
	_, err = h.db.Exec(`UPDATE invites SET expires_at = now() - interval '1 minute' WHERE code = $1`, inv.Code)
	require.NoError(t, err)
	h.do(h.tg.ShareContact(u, "6281298765432"))
	sent := h.tg.Sent(u.ID)
	assert.Contains(t, sent[len(sent)-2].Text, text(t, "id", flows.MsgRegDoneInviteLost, "Name", "Sri Wahyuni"))

	var row struct {
		Name  string `db:"name"`
		Phone string `db:"phone"`
		Roles int    `db:"roles"`
	}
	require.NoError(t, h.db.Get(&row, `SELECT name, phone, (SELECT count(*) FROM user_roles r WHERE r.user_id = u.id) AS roles
		FROM users u WHERE telegram_id = $1`, u.ID))
	assert.Equal(t, "Sri Wahyuni", row.Name)
	assert.Equal(t, "+6281298765432", row.Phone)
	assert.Zero(t, row.Roles, "the invite's role is not given")
	assert.Equal(t, "", step(t, h, u))
	requireNoApology(t, h, u)
}
