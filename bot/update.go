package bot

import (
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/textclean"
)

// maxInputRunes bounds what a step sees of a text: Telegram's own limit,
// which an admin's broadcast may use in full (each step checks its own,
// shorter limits and says so; nothing is cut silently below this).
const maxInputRunes = 4096

// ReadUpdate turns a Telegram update into a turn's update. ok is false for
// updates the bot does not handle (edits, group chats, channel posts…): they
// are acknowledged and dropped; IgnoredCallback says which of those still
// need their button press answered. Every text is cleaned at this boundary
// (textclean.Clean), so nothing past it sees NUL, invalid UTF-8 or
// invisible direction controls.
func ReadUpdate(u *models.Update) (conversation.Update, bool) {
	out := conversation.Update{ID: u.ID}
	switch {
	case u.Message != nil:
		m := u.Message
		if m.Chat.Type != models.ChatTypePrivate || m.From == nil {
			return out, false
		}
		in := flows.Input{ChatID: m.Chat.ID, UserID: m.From.ID, FirstName: clean(m.From.FirstName),
			LanguageCode: clean(m.From.LanguageCode), Forwarded: m.ForwardOrigin != nil}
		text := clean(m.Text)
		switch {
		case m.Contact != nil:
			in.Kind = flows.KindContact
			in.Phone = clean(m.Contact.PhoneNumber)
			in.ContactUserID = m.Contact.UserID
		case strings.HasPrefix(text, "/"):
			in.Kind = flows.KindCommand
			in.Text = text
			in.Command, in.Payload = splitCommand(text)
		case text != "":
			in.Kind = flows.KindText
			in.Text = text
		default:
			// Media (its caption is not read), or a text of nothing but
			// characters the cleaning removed.
			in.Kind = flows.KindOther
			if n := len(m.Photo); n > 0 {
				in.PhotoFileID = m.Photo[n-1].FileID // Telegram lists sizes smallest first
			}
		}
		out.Input = in
		return out, true
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		in := flows.Input{Kind: flows.KindButton, UserID: q.From.ID, FirstName: clean(q.From.FirstName),
			LanguageCode: clean(q.From.LanguageCode), Data: clean(q.Data)}
		if q.Message.Message != nil {
			if q.Message.Message.Chat.Type != models.ChatTypePrivate {
				return out, false
			}
			in.ChatID = q.Message.Message.Chat.ID
			in.MessageID = q.Message.Message.ID
		} else if q.Message.InaccessibleMessage != nil {
			if q.Message.InaccessibleMessage.Chat.Type != models.ChatTypePrivate {
				return out, false
			}
			in.ChatID = q.Message.InaccessibleMessage.Chat.ID
		} else {
			// A button on an inline message has no chat: private chats only.
			return out, false
		}
		out.Input = in
		out.CallbackQueryID = q.ID
		return out, true
	case u.MyChatMember != nil:
		return readMember(out, u.MyChatMember)
	}
	return out, false
}

// readMember reads a change of the bot's own membership: blocked or
// unblocked in a private chat, added to or removed from a group.
func readMember(out conversation.Update, m *models.ChatMemberUpdated) (conversation.Update, bool) {
	ch := &conversation.MemberChange{ChatID: m.Chat.ID, LanguageCode: clean(m.From.LanguageCode)}
	switch m.Chat.Type {
	case models.ChatTypePrivate:
		switch m.NewChatMember.Type {
		case models.ChatMemberTypeBanned:
			ch.Status = conversation.MemberBlocked
		case models.ChatMemberTypeMember:
			ch.Status = conversation.MemberUnblocked
		default:
			return out, false
		}
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		switch m.NewChatMember.Type {
		case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator:
			ch.Status = conversation.MemberAddedToGroup
			ch.BotUsername = botUsername(m.NewChatMember)
		default:
			return out, false
		}
	default:
		return out, false
	}
	out.Input.ChatID = m.Chat.ID
	out.Member = ch
	return out, true
}

func botUsername(m models.ChatMember) string {
	switch {
	case m.Member != nil && m.Member.User != nil:
		return m.Member.User.Username
	case m.Administrator != nil:
		return m.Administrator.User.Username
	}
	return ""
}

// IgnoredCallback returns the id of a button press ReadUpdate dropped (in a
// group, or on an inline message), which the transport must still answer so
// the client stops its spinner; "" when there is none.
func IgnoredCallback(u *models.Update) string {
	if _, ok := ReadUpdate(u); ok || u.CallbackQuery == nil {
		return ""
	}
	return u.CallbackQuery.ID
}

// splitCommand reads "/Start@TumbuhBot abc" as ("start", "abc").
func splitCommand(text string) (string, string) {
	head, payload, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(payload)
}

// clean makes a text safe to store and show, and bounds it.
func clean(s string) string {
	return clip(textclean.Clean(s))
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
