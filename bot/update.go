package bot

import (
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
)

// maxInputRunes bounds what a step sees of a text; Telegram allows 4096
// characters and no answer of ours needs more than a few hundred.
const maxInputRunes = 1000

// ReadUpdate turns a Telegram update into a turn's update. ok is false for
// updates the bot does not handle (edits, group chats, channel posts…): they
// are acknowledged and dropped.
func ReadUpdate(u *models.Update) (conversation.Update, bool) {
	out := conversation.Update{ID: u.ID}
	switch {
	case u.Message != nil:
		m := u.Message
		if m.Chat.Type != models.ChatTypePrivate || m.From == nil {
			return out, false
		}
		in := flows.Input{ChatID: m.Chat.ID, UserID: m.From.ID, FirstName: m.From.FirstName, LanguageCode: m.From.LanguageCode}
		switch {
		case m.Contact != nil:
			in.Kind = flows.KindContact
			in.Phone = m.Contact.PhoneNumber
			in.ContactUserID = m.Contact.UserID
		case strings.HasPrefix(m.Text, "/"):
			in.Kind = flows.KindCommand
			in.Text = m.Text
			in.Command, in.Payload = splitCommand(m.Text)
		case m.Text != "":
			in.Kind = flows.KindText
			in.Text = clip(m.Text)
		default:
			in.Kind = flows.KindOther
		}
		out.Input = in
		return out, true
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		in := flows.Input{Kind: flows.KindButton, UserID: q.From.ID, FirstName: q.From.FirstName,
			LanguageCode: q.From.LanguageCode, Data: q.Data}
		if q.Message.Message != nil {
			if q.Message.Message.Chat.Type != models.ChatTypePrivate {
				return out, false
			}
			in.ChatID = q.Message.Message.Chat.ID
			in.MessageID = q.Message.Message.ID
		} else if q.Message.InaccessibleMessage != nil {
			in.ChatID = q.Message.InaccessibleMessage.Chat.ID
		} else {
			// A button on an inline message has no chat: private chats only.
			return out, false
		}
		out.Input = in
		out.CallbackQueryID = q.ID
		return out, true
	}
	return out, false
}

// splitCommand reads "/Start@TumbuhBot abc" as ("start", "abc").
func splitCommand(text string) (string, string) {
	head, payload, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(clip(payload))
}

func clip(s string) string {
	if len(s) <= maxInputRunes {
		return s
	}
	r := []rune(s)
	if len(r) <= maxInputRunes {
		return s
	}
	return string(r[:maxInputRunes])
}
