package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/locales"
)

func newRenderer(t *testing.T) *bot.Renderer {
	t.Helper()
	b, err := locales.Bundle()
	require.NoError(t, err)
	return bot.NewRenderer(b)
}

func units(s string) int { return len(utf16.Encode([]rune(s))) }

func TestSplitText(t *testing.T) {
	para := strings.Repeat("kata ", 300) // 1500 units
	tcs := []struct {
		name      string
		text      string
		limit     int
		wantParts int
	}{
		{"short stays whole", "halo", 4096, 1},
		{"exactly the limit", strings.Repeat("a", 4096), 4096, 1},
		{"one over", strings.Repeat("a", 4097), 4096, 2},
		{"paragraphs", strings.Join([]string{para, para, para, para}, "\n\n"), 4096, 2},
		{"emoji count double", strings.Repeat("😊", 2049), 4096, 2},
		{"no spaces at all", strings.Repeat("x", 10000), 4096, 3},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			parts := bot.SplitText(tc.text, tc.limit)
			assert.Len(t, parts, tc.wantParts)
			for _, p := range parts {
				assert.LessOrEqual(t, units(p), tc.limit)
				assert.NotEmpty(t, p)
			}
			joined := strings.Join(parts, "")
			assert.Equal(t, strings.Join(strings.Fields(tc.text), ""), strings.Join(strings.Fields(joined), ""), "nothing lost")
		})
	}
}

func TestRender(t *testing.T) {
	r := newRenderer(t)
	contact := flows.T(flows.MsgRegPhoneButton)
	tcs := []struct {
		name  string
		reply flows.Reply
		check func(t *testing.T, msgs []outbox.Message)
	}{
		{
			name:  "texts joined, inline keyboard without copy_text",
			reply: flows.Reply{Texts: []flows.Text{flows.T(flows.MsgRegConsentThanks), flows.T(flows.MsgRegNameAsk)}, Buttons: [][]flows.Button{{flows.Choice("consent:yes", flows.MsgRegConsentYes)}, {{Label: flows.Lit("Ciater"), Data: "pick:1", Checked: true}}}},
			check: func(t *testing.T, msgs []outbox.Message) {
				require.Len(t, msgs, 1)
				assert.Equal(t, outbox.MethodSendMessage, msgs[0].Method)
				assert.Equal(t, "Terima kasih! 🙏\n\nSiapa nama Anda?", msgs[0].Text)
				assert.JSONEq(t, `{"inline_keyboard":[[{"text":"✅ Setuju","callback_data":"consent:yes"}],[{"text":"✅ Ciater","callback_data":"pick:1"}]]}`, string(msgs[0].ReplyMarkup))
				assert.NotContains(t, string(msgs[0].ReplyMarkup), "copy_text")
			},
		},
		{
			name:  "contact keyboard",
			reply: flows.Reply{Texts: []flows.Text{flows.Lit("x")}, AskContact: &contact},
			check: func(t *testing.T, msgs []outbox.Message) {
				assert.JSONEq(t, `{"keyboard":[[{"text":"📱 Kirim nomor HP saya","request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}`, string(msgs[0].ReplyMarkup))
			},
		},
		{
			name:  "remove keyboard",
			reply: flows.Reply{Texts: []flows.Text{flows.Lit("x")}, RemoveKeyboard: true},
			check: func(t *testing.T, msgs []outbox.Message) {
				assert.JSONEq(t, `{"remove_keyboard":true}`, string(msgs[0].ReplyMarkup))
			},
		},
		{
			name:  "edit",
			reply: flows.Reply{Texts: []flows.Text{flows.Lit("x")}, EditMessageID: 42},
			check: func(t *testing.T, msgs []outbox.Message) {
				assert.Equal(t, outbox.MethodEditMessageText, msgs[0].Method)
				assert.Equal(t, 42, msgs[0].MessageID)
			},
		},
		{
			name:  "long text split, keyboard on the last part",
			reply: flows.Reply{Texts: []flows.Text{flows.Lit(strings.Repeat("panjang ", 1000))}, Buttons: [][]flows.Button{{flows.Choice("a", flows.MsgRegConsentYes)}}},
			check: func(t *testing.T, msgs []outbox.Message) {
				require.Len(t, msgs, 2)
				assert.Empty(t, msgs[0].ReplyMarkup)
				assert.NotEmpty(t, msgs[1].ReplyMarkup)
			},
		},
		{
			name:  "photo with caption",
			reply: flows.Reply{Texts: []flows.Text{flows.Lit("grafik")}, Photo: []byte{0x89, 'P', 'N', 'G'}},
			check: func(t *testing.T, msgs []outbox.Message) {
				require.Len(t, msgs, 1)
				assert.Equal(t, outbox.MethodSendPhoto, msgs[0].Method)
				assert.Equal(t, "grafik", msgs[0].Text)
			},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			msgs, err := r.Render("id", 7, []flows.Reply{tc.reply})
			require.NoError(t, err)
			for _, m := range msgs {
				assert.Equal(t, int64(7), m.ChatID)
				if len(m.ReplyMarkup) > 0 {
					assert.True(t, json.Valid(m.ReplyMarkup))
				}
			}
			tc.check(t, msgs)
		})
	}
}

func TestRenderNestedTextAndLanguages(t *testing.T) {
	r := newRenderer(t)
	reply := flows.Say(flows.T(flows.MsgInviteGranted, "Role", flows.T("role.kader"), "Place", "Posyandu Melati"))
	id, err := r.Render("id", 1, []flows.Reply{reply})
	require.NoError(t, err)
	assert.Equal(t, "Berhasil! Anda sekarang terdaftar sebagai kader posyandu di Posyandu Melati.", id[0].Text)
	en, err := r.Render("en", 1, []flows.Reply{reply})
	require.NoError(t, err)
	assert.Equal(t, "Done! You are now registered as posyandu cadre at Posyandu Melati.", en[0].Text)
	fallback, err := r.Render("fr", 1, []flows.Reply{reply})
	require.NoError(t, err)
	assert.Equal(t, id[0].Text, fallback[0].Text, "unknown languages fall back to Indonesian")
	_, err = r.Render("id", 1, []flows.Reply{flows.Say(flows.T("no.such.key"))})
	assert.Error(t, err)
}
