package bot_test

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
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
