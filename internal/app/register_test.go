package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// register walks a parent through registration and checks every step.
func register(t *testing.T, h *harness, u tgtest.User) {
	h.do(h.tg.SendCommand(u, "start"))
	consent := h.last(u)
	requireSays(t, consent, "id", flows.MsgRegWelcome, flows.MsgRegConsentAsk)
	button(t, consent, "consent:yes")

	h.do(h.tg.PressButton(u, consent.ID, "consent:yes"))
	requireSays(t, h.last(u), "id", flows.MsgRegConsentThanks, flows.MsgRegNameAsk)
	answered := findMessage(t, h, u, consent.ID)
	assert.True(t, answered.Markup == nil || len(answered.Markup.InlineKeyboard) == 0, "an answered question loses its buttons")

	h.do(h.tg.SendText(u, "🌸🌸🌸"))
	requireSays(t, h.last(u), "id", flows.MsgRegNameNoLetter, flows.MsgRegNameAsk)

	h.do(h.tg.SendSticker(u, "👍"))
	requireSays(t, h.last(u), "id", flows.MsgUnreadable, flows.MsgRegNameAsk)

	h.do(h.tg.SendText(u, "  Siti   Aminah "))
	phone := h.last(u)
	require.Contains(t, phone.Text, text(t, "id", flows.MsgRegPhoneAsk, "Name", "Siti Aminah"))
	require.NotNil(t, phone.Markup)
	require.Len(t, phone.Markup.Keyboard, 1)
	assert.True(t, phone.Markup.Keyboard[0][0].RequestContact)

	h.do(h.tg.SendText(u, "021-7654321"))
	requireSays(t, h.last(u), "id", flows.MsgRegPhoneInvalid)
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgRegPhoneAsk, "Name", "Siti Aminah"))

	before := len(h.tg.Sent(u.ID))
	h.do(h.tg.ShareContact(u, "6281234567890"))
	sent := h.tg.Sent(u.ID)[before:]
	require.Len(t, sent, 2)
	requireSays(t, sent[0], "id", flows.MsgRegPhoneSaved)
	require.NotNil(t, sent[0].Markup)
	assert.True(t, sent[0].Markup.RemoveKeyboard)
	roles := sent[1]
	requireSays(t, roles, "id", flows.MsgRegRolesAsk)

	h.do(h.tg.PressButton(u, roles.ID, "roles:done"))
	requireSays(t, h.last(u), "id", flows.MsgRegRolesNone)

	h.do(h.tg.PressButton(u, roles.ID, "role:orang_tua"))
	rolesNow := findMessage(t, h, u, roles.ID)
	assert.Equal(t, 1, rolesNow.Edits)
	assert.Equal(t, "✅ "+text(t, "id", "role.orang_tua"), button(t, rolesNow, "role:orang_tua").Text)

	h.do(h.tg.PressButton(u, roles.ID, "roles:done"))
	kec := h.last(u)
	requireSays(t, kec, "id", flows.MsgRegKecamatanAsk)
	assert.Equal(t, "pick:36.74.01", buttonByLabel(t, kec, "Serpong"))

	h.do(h.tg.SendText(u, "kecamatan serpong"))
	kel := h.last(u)
	requireSays(t, kel, "id", flows.MsgRegKelurahanAsk)

	h.do(h.tg.PressButton(u, kel.ID, buttonByLabel(t, kel, "Ciater")))
	pos := h.last(u)
	requireSays(t, pos, "id", flows.MsgRegPosyanduAsk)

	h.do(h.tg.PressButton(u, pos.ID, buttonByLabel(t, pos, "Posyandu Melati")))
	requireSays(t, h.last(u), "id", flows.MsgHelpRolePrefx+"orang_tua", flows.MsgHelpCommands)
	assert.Contains(t, h.tg.Sent(u.ID)[len(h.tg.Sent(u.ID))-2].Text, text(t, "id", flows.MsgRegDone, "Name", "Siti Aminah"))
}

func findMessage(t *testing.T, h *harness, u tgtest.User, id int) tgtest.Message {
	t.Helper()
	for _, m := range h.tg.Sent(u.ID) {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("no message %d", id)
	return tgtest.Message{}
}

func TestRegistration(t *testing.T) {
	for _, m := range []struct {
		name string
		mode mode
	}{{"polling", polling}, {"webhook", webhook}} {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, m.mode)
			u := tgtest.User{ID: 5001, FirstName: "Siti", LanguageCode: "id"}
			register(t, h, u)

			var row struct {
				Name     string `db:"name"`
				Phone    string `db:"phone"`
				Region   string `db:"region_code"`
				Posyandu string `db:"posyandu"`
				Consent  string `db:"consent_version"`
			}
			require.NoError(t, h.db.Get(&row, `
				SELECT u.name, u.phone, u.region_code, p.name AS posyandu, u.consent_version
				FROM users u JOIN posyandu p ON p.id = u.posyandu_id WHERE u.telegram_id = $1`, u.ID))
			assert.Equal(t, "Siti Aminah", row.Name)
			assert.Equal(t, "+6281234567890", row.Phone)
			assert.Equal(t, "36.74.01.1001", row.Region)
			assert.Equal(t, "Posyandu Melati", row.Posyandu)
			assert.Equal(t, flows.ConsentVersion, row.Consent)
			var roles []string
			require.NoError(t, h.db.Select(&roles, `SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.telegram_id = $1`, u.ID))
			assert.Equal(t, []string{"orang_tua"}, roles)
			var conversations int
			require.NoError(t, h.db.Get(&conversations, `SELECT count(*) FROM conversations`))
			assert.Zero(t, conversations, "a finished flow leaves no waiting conversation")
			// Every button press was answered, so no spinner stays on.
			assert.Len(t, h.tg.CallsTo("answerCallbackQuery"), 6)

			// A second /start greets the registered person instead of registering again.
			h.do(h.tg.SendCommand(u, "start"))
			sent := h.tg.Sent(u.ID)
			assert.Contains(t, sent[len(sent)-2].Text, text(t, "id", flows.MsgWelcomeBack, "Name", "Siti Aminah"))
		})
	}
}

func TestConsentRefusalStoresNothingElse(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 5002, FirstName: "Rina"}
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:no"))
	requireSays(t, h.last(u), "id", flows.MsgRegConsentRefuse)

	counts := map[string]int{}
	for _, table := range []string{"users", "user_roles", "conversations"} {
		var n int
		require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM `+table))
		counts[table] = n
	}
	assert.Equal(t, map[string]int{"users": 0, "user_roles": 0, "conversations": 0}, counts)
	var audit []struct {
		Action  string `db:"action"`
		Details string `db:"details"`
	}
	require.NoError(t, h.db.Select(&audit, `SELECT action, details::text AS details FROM audit_log`))
	require.Len(t, audit, 1)
	assert.Equal(t, "consent.refused", audit[0].Action)
	assert.NotContains(t, audit[0].Details, "Rina")
	// The refusal leaves nothing waiting: a later message starts over with consent.
	h.do(h.tg.SendText(u, "halo"))
	requireSays(t, h.last(u), "id", flows.MsgRegConsentAsk)
}
