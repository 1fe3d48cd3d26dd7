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

func posyanduID(t *testing.T, h *harness, name string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT id FROM posyandu WHERE name = $1`, name))
	return id
}

func TestInviteWorksOnceAndUntilItExpires(t *testing.T) {
	h := newHarness(t, polling)
	ctx := context.Background()
	inv, err := store.CreateInvite(ctx, h.db, store.NewInvite{Role: "kader", PosyanduID: posyanduID(t, h, "Posyandu Melati"),
		CreatedBy: "test", ExpiresAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)

	kader := tgtest.User{ID: 8001, FirstName: "Bu Kader"}
	h.do(h.tg.SendCommand(kader, "start", strings.ToLower(inv.Code))) // codes are read case-insensitively
	consent := h.last(kader)
	assert.Contains(t, consent.Text, text(t, "id", flows.MsgRegInviteFor, "Role", flows.T("role.kader"), "Place", "Posyandu Melati"))
	h.do(h.tg.PressButton(kader, consent.ID, "consent:yes"))
	h.do(h.tg.SendText(kader, "Sumarni"))
	h.do(h.tg.ShareContact(kader, "+6281300001111"))
	sent := h.tg.Sent(kader.ID)
	assert.Contains(t, sent[len(sent)-2].Text,
		text(t, "id", flows.MsgRegDoneInvite, "Name", "Sumarni", "Role", flows.T("role.kader"), "Place", "Posyandu Melati"))
	requireSays(t, sent[len(sent)-1], "id", flows.MsgHelpRolePrefx+"kader")

	var role struct {
		Role     string `db:"role"`
		Posyandu int64  `db:"posyandu_id"`
	}
	require.NoError(t, h.db.Get(&role, `SELECT r.role, r.posyandu_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.telegram_id = $1`, kader.ID))
	assert.Equal(t, "kader", role.Role)
	assert.Equal(t, posyanduID(t, h, "Posyandu Melati"), role.Posyandu)

	// The same code a second time, by someone else: refused.
	other := tgtest.User{ID: 8002, FirstName: "Pak Budi"}
	h.do(h.tg.SendCommand(other, "start", inv.Code))
	requireSays(t, h.last(other), "id", flows.MsgInviteInvalid)
	assert.Equal(t, 0, count(t, h, `SELECT count(*) FROM conversations WHERE chat_id = $1`, other.ID))

	// An expired code: refused.
	old, err := store.CreateInvite(ctx, h.db, store.NewInvite{Role: "nakes", PuskesmasID: 1, CreatedBy: "test",
		ExpiresAt: time.Now().Add(-time.Minute)})
	require.NoError(t, err)
	h.do(h.tg.SendCommand(other, "start", old.Code))
	requireSays(t, h.last(other), "id", flows.MsgInviteInvalid)

	// A code that never existed: refused.
	h.do(h.tg.SendCommand(other, "start", "NOSUCHCODE"))
	requireSays(t, h.last(other), "id", flows.MsgInviteInvalid)
}

func TestRegisteredUserRedeemsInvite(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 8003, FirstName: "Siti"}
	register(t, h, u)
	inv, err := store.CreateInvite(context.Background(), h.db, store.NewInvite{Role: "kader",
		PosyanduID: posyanduID(t, h, "Posyandu Mawar"), CreatedBy: "test", ExpiresAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	h.do(h.tg.SendCommand(u, "start", inv.Code))
	sent := h.tg.Sent(u.ID)
	assert.Contains(t, sent[len(sent)-2].Text, text(t, "id", flows.MsgInviteGranted, "Role", flows.T("role.kader"), "Place", "Posyandu Mawar"))
	var roles []string
	require.NoError(t, h.db.Select(&roles, `SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.telegram_id = $1 ORDER BY r.role`, u.ID))
	assert.Equal(t, []string{"kader", "orang_tua"}, roles)
}

func TestCommandsInTheMiddleOfAFlow(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 8004, FirstName: "Wati"}
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.PressButton(u, h.last(u).ID, "consent:yes"))

	tcs := []struct {
		name  string
		do    func()
		first string // what the bot says first
	}{
		{"help keeps the question", func() { h.do(h.tg.SendCommand(u, "bantuan")) }, flows.MsgHelpGuest},
		{"unknown command", func() { h.do(h.tg.SendCommand(u, "terbang")) }, flows.MsgUnknownCommand},
		{"old button", func() { h.do(h.tg.PressButton(u, 1, "consent:yes")) }, flows.MsgStaleButton},
		{"photo", func() { h.do(h.tg.SendPhoto(u, "")) }, flows.MsgUnreadable},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.tg.Sent(u.ID))
			tc.do()
			sent := h.tg.Sent(u.ID)[before:]
			require.NotEmpty(t, sent)
			if tc.first == flows.MsgUnknownCommand {
				assert.Contains(t, sent[0].Text, text(t, "id", tc.first, "Command", "/terbang"))
			} else {
				requireSays(t, sent[0], "id", tc.first)
			}
			// …and the name question is asked again: the flow stayed where it was.
			requireSays(t, sent[len(sent)-1], "id", flows.MsgRegNameAsk)
		})
	}

	// /bahasa switches to English and asks the same question in English.
	h.do(h.tg.SendCommand(u, "bahasa"))
	sent := h.tg.Sent(u.ID)
	requireSays(t, sent[len(sent)-2], "en", flows.MsgLanguageSet)
	requireSays(t, sent[len(sent)-1], "en", flows.MsgRegNameAsk)

	// A 5,000-character answer is kindly refused, in English now.
	h.do(h.tg.SendText(u, strings.Repeat("a", 5000)))
	requireSays(t, h.last(u), "en", flows.MsgRegNameAsk)
	assert.Contains(t, h.last(u).Text, text(t, "en", flows.MsgRegNameTooLong, "Max", 60))

	// /batal ends the flow.
	h.do(h.tg.SendCommand(u, "batal"))
	requireSays(t, h.last(u), "en", flows.MsgCancelled)
	assert.Equal(t, 0, count(t, h, `SELECT count(*) FROM conversations WHERE chat_id = $1`, u.ID))
	h.do(h.tg.SendCommand(u, "batal"))
	requireSays(t, h.last(u), "en", flows.MsgNothingToCancel)
}

func TestTextWhereAButtonIsExpected(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 8005, FirstName: "Yuni"}
	h.do(h.tg.SendCommand(u, "start"))
	h.do(h.tg.SendText(u, "apa ini? 🤔"))
	requireSays(t, h.last(u), "id", flows.MsgUseButtons, flows.MsgRegConsentAsk)
	h.do(h.tg.SendText(u, "Setuju"))
	requireSays(t, h.last(u), "id", flows.MsgRegNameAsk)
}

func TestPickerSearchAndPaging(t *testing.T) {
	h := newHarness(t, polling)
	u := tgtest.User{ID: 8006, FirstName: "Tari"}
	rolesMsg := toRoles(t, h, u)
	h.do(h.tg.PressButton(u, rolesMsg, "role:ibu_hamil"))
	h.do(h.tg.PressButton(u, rolesMsg, "roles:done"))
	h.do(h.tg.SendText(u, "pondok"))
	kel := h.last(u)
	requireSays(t, kel, "id", flows.MsgRegKelurahanAsk)
	// Pondok Aren has 11 kelurahan: the first page shows 10 and a next button.
	next := button(t, kel, "page:1")
	assert.Equal(t, text(t, "id", flows.MsgPickerNext), next.Text)
	h.do(h.tg.PressButton(u, kel.ID, "page:1"))
	paged := findMessage(t, h, u, kel.ID)
	assert.Equal(t, 1, paged.Edits, "paging edits the list in place")
	button(t, paged, "page:0")

	h.do(h.tg.SendText(u, "zzz"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgPickerNotFound, "Query", "zzz"))
	h.do(h.tg.SendText(u, "jurangmangu"))
	filtered := h.last(u)
	assert.Contains(t, filtered.Text, text(t, "id", flows.MsgPickerFiltered, "Query", "jurangmangu", "Count", 2))
	buttonByLabel(t, filtered, "Jurangmangu Barat")
	h.do(h.tg.PressButton(u, filtered.ID, "pick:36.74.99.9999")) // a place no longer in the list
	requireSays(t, h.last(u), "id", flows.MsgStaleButton)
	h.do(h.tg.SendText(u, "Pondok Betung"))
	pos := h.last(u)
	requireSays(t, pos, "id", flows.MsgRegPosyanduAsk)
	h.do(h.tg.PressButton(u, pos.ID, "skip"))
	requireSays(t, h.last(u), "id", flows.MsgHelpRolePrefx+"ibu_hamil")
	var posyandu *int64
	require.NoError(t, h.db.Get(&posyandu, `SELECT posyandu_id FROM users WHERE telegram_id = $1`, u.ID))
	assert.Nil(t, posyandu)
}
