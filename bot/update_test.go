package bot_test

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
)

func TestReadUpdate(t *testing.T) {
	tcs := []struct {
		name string
		json string
		ok   bool
		want flows.Input
		cbID string
	}{
		{
			name: "text",
			json: `{"update_id":1,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"Siti","language_code":"en"},"text":"8,5 kg"}}`,
			ok:   true, want: flows.Input{Kind: flows.KindText, ChatID: 42, UserID: 42, FirstName: "Siti", LanguageCode: "en", Text: "8,5 kg"},
		},
		{
			name: "command with bot name and payload",
			json: `{"update_id":2,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"text":"/Start@TumbuhBot  ABC123 "}}`,
			ok:   true, want: flows.Input{Kind: flows.KindCommand, ChatID: 42, UserID: 42, FirstName: "S", Text: "/Start@TumbuhBot  ABC123 ", Command: "start", Payload: "ABC123"},
		},
		{
			name: "contact",
			json: `{"update_id":3,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"contact":{"phone_number":"6281234567890","first_name":"S","user_id":42}}}`,
			ok:   true, want: flows.Input{Kind: flows.KindContact, ChatID: 42, UserID: 42, FirstName: "S", Phone: "6281234567890", ContactUserID: 42},
		},
		{
			name: "sticker",
			json: `{"update_id":4,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"sticker":{"file_id":"x","file_unique_id":"y","type":"regular","width":1,"height":1,"is_animated":false,"is_video":false}}}`,
			ok:   true, want: flows.Input{Kind: flows.KindOther, ChatID: 42, UserID: 42, FirstName: "S"},
		},
		{
			name: "button",
			json: `{"update_id":5,"callback_query":{"id":"cb1","from":{"id":42,"first_name":"S"},"message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"}},"chat_instance":"1","data":"consent:yes"}}`,
			ok:   true, cbID: "cb1", want: flows.Input{Kind: flows.KindButton, ChatID: 42, UserID: 42, FirstName: "S", Data: "consent:yes", MessageID: 9},
		},
		{
			name: "group message ignored",
			json: `{"update_id":6,"message":{"message_id":3,"date":1,"chat":{"id":-100,"type":"group"},"from":{"id":42,"first_name":"S"},"text":"hi"}}`,
		},
		{
			name: "text cleaned of NUL and direction controls",
			json: `{"update_id":8,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S\u202e"},"text":"Siti\u0000 \u200bAminah\ud800"}}`,
			ok:   true, want: flows.Input{Kind: flows.KindText, ChatID: 42, UserID: 42, FirstName: "S", Text: "Siti Aminah\uFFFD"},
		},
		{
			name: "command payload cleaned",
			json: `{"update_id":9,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"text":"/start \u0000abc"}}`,
			ok:   true, want: flows.Input{Kind: flows.KindCommand, ChatID: 42, UserID: 42, FirstName: "S", Text: "/start abc", Command: "start", Payload: "abc"},
		},
		{
			name: "nothing but invisible characters",
			json: `{"update_id":10,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"text":"\u200b\u0000"}}`,
			ok:   true, want: flows.Input{Kind: flows.KindOther, ChatID: 42, UserID: 42, FirstName: "S"},
		},
		{
			name: "forwarded",
			json: `{"update_id":11,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"forward_origin":{"type":"hidden_user","date":1,"sender_user_name":"Budi"},"text":"Budi Terusan"}}`,
			ok:   true, want: flows.Input{Kind: flows.KindText, ChatID: 42, UserID: 42, FirstName: "S", Text: "Budi Terusan", Forwarded: true},
		},
		{
			name: "contact card cleaned",
			json: `{"update_id":12,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"S"},"contact":{"phone_number":"0812\u0000","first_name":"T"}}}`,
			ok:   true, want: flows.Input{Kind: flows.KindContact, ChatID: 42, UserID: 42, FirstName: "S", Phone: "0812"},
		},
		{
			name: "button data cleaned",
			json: `{"update_id":13,"callback_query":{"id":"cb2","from":{"id":42,"first_name":"S"},"message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"}},"chat_instance":"1","data":"consent:\u0000yes"}}`,
			ok:   true, cbID: "cb2", want: flows.Input{Kind: flows.KindButton, ChatID: 42, UserID: 42, FirstName: "S", Data: "consent:yes", MessageID: 9},
		},
		{
			name: "button in a group ignored",
			json: `{"update_id":14,"callback_query":{"id":"cb3","from":{"id":42,"first_name":"S"},"message":{"message_id":9,"date":1,"chat":{"id":-5,"type":"group"}},"chat_instance":"1","data":"x"}}`,
		},
		{
			name: "button on an inline message ignored",
			json: `{"update_id":15,"callback_query":{"id":"cb4","from":{"id":42,"first_name":"S"},"inline_message_id":"im1","chat_instance":"1","data":"x"}}`,
		},
		{
			name: "edited message ignored",
			json: `{"update_id":7,"edited_message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"text":"hi"}}`,
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var u models.Update
			require.NoError(t, json.Unmarshal([]byte(tc.json), &u))
			got, ok := bot.ReadUpdate(&u)
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			assert.Equal(t, u.ID, got.ID)
			assert.Equal(t, tc.want, got.Input)
			assert.Equal(t, tc.cbID, got.CallbackQueryID)
		})
	}
}

func TestIgnoredCallback(t *testing.T) {
	tcs := []struct{ name, json, want string }{
		{"group", `{"update_id":1,"callback_query":{"id":"g1","from":{"id":42,"first_name":"S"},"message":{"message_id":9,"date":1,"chat":{"id":-5,"type":"supergroup"}},"chat_instance":"1","data":"x"}}`, "g1"},
		{"inline", `{"update_id":2,"callback_query":{"id":"i1","from":{"id":42,"first_name":"S"},"inline_message_id":"im1","chat_instance":"1","data":"x"}}`, "i1"},
		{"private is a turn's", `{"update_id":3,"callback_query":{"id":"p1","from":{"id":42,"first_name":"S"},"message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"}},"chat_instance":"1","data":"x"}}`, ""},
		{"no button", `{"update_id":4,"message":{"message_id":3,"date":1,"chat":{"id":-5,"type":"group"},"from":{"id":42,"first_name":"S"},"text":"hi"}}`, ""},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var u models.Update
			require.NoError(t, json.Unmarshal([]byte(tc.json), &u))
			assert.Equal(t, tc.want, bot.IgnoredCallback(&u))
		})
	}
}

func TestReadMyChatMember(t *testing.T) {
	member := func(chat, old, new string) string {
		return `{"update_id":1,"my_chat_member":{"chat":` + chat + `,"from":{"id":42,"first_name":"S","language_code":"en"},"date":1,` +
			`"old_chat_member":{"status":"` + old + `","user":{"id":1,"is_bot":true,"first_name":"T","username":"TumbuhBot"}},` +
			`"new_chat_member":{"status":"` + new + `","user":{"id":1,"is_bot":true,"first_name":"T","username":"TumbuhBot"}}}}`
	}
	private, group := `{"id":42,"type":"private"}`, `{"id":-5,"type":"group","title":"G"}`
	tcs := []struct {
		name string
		json string
		ok   bool
		want conversation.MemberChange
	}{
		{"blocked", member(private, "member", "kicked"), true, conversation.MemberChange{ChatID: 42, Status: conversation.MemberBlocked, LanguageCode: "en"}},
		{"unblocked", member(private, "kicked", "member"), true, conversation.MemberChange{ChatID: 42, Status: conversation.MemberUnblocked, LanguageCode: "en"}},
		{"added to a group", member(group, "left", "member"), true, conversation.MemberChange{ChatID: -5, Status: conversation.MemberAddedToGroup, BotUsername: "TumbuhBot", LanguageCode: "en"}},
		{"removed from a group", member(group, "member", "left"), false, conversation.MemberChange{}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var u models.Update
			require.NoError(t, json.Unmarshal([]byte(tc.json), &u))
			got, ok := bot.ReadUpdate(&u)
			require.Equal(t, tc.ok, ok)
			if ok {
				require.NotNil(t, got.Member)
				assert.Equal(t, tc.want, *got.Member)
			}
		})
	}
}
