package tgtest

import (
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// User is a Telegram user talking to the bot in a private chat, whose chat id
// equals the user id as in real Telegram.
type User struct {
	// ID is the user id and the private chat id.
	ID int64
	// FirstName is required by Telegram; "User <id>" is used when empty.
	FirstName string
	// LastName is optional.
	LastName string
	// Username is optional, without "@".
	Username string
	// LanguageCode is the client's IETF language tag, e.g. "id" or "en".
	LanguageCode string
}

// model converts the user to the models type.
func (u User) model() models.User {
	first := u.FirstName
	if first == "" {
		first = "User " + strconv.FormatInt(u.ID, 10)
	}
	return models.User{ID: u.ID, FirstName: first, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// userMessage records a message from the user in their private chat and
// pushes it as a "message" update. fill sets the content.
func (s *Server) userMessage(from User, fill func(m *models.Message)) models.Update {
	mu := from.model()
	s.mu.Lock()
	c := s.chatFor(from.ID)
	c.user = &mu
	c.lastID++
	m := &models.Message{ID: c.lastID, From: &mu, Date: int(s.now().Unix()), Chat: c.modelChat()}
	fill(m)
	c.msgs = append(c.msgs, &stored{msg: Message{ID: m.ID, ChatID: from.ID, Kind: KindText, Text: m.Text, Date: s.now()}, user: m})
	u := s.pushLocked(models.Update{Message: m})
	s.mu.Unlock()
	return u
}

// SendText sends a text message from the user. A text starting with "/"
// carries a bot_command entity, as Telegram adds one.
func (s *Server) SendText(from User, text string) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		m.Text = text
		m.Entities = commandEntities(text)
	})
}

// SendCommand sends "/command args..." from the user; the leading slash is
// optional in command.
func (s *Server) SendCommand(from User, command string, args ...string) models.Update {
	text := "/" + strings.TrimPrefix(command, "/")
	if len(args) > 0 {
		text += " " + strings.Join(args, " ")
	}
	return s.SendText(from, text)
}

// commandEntities is the bot_command entity Telegram attaches to a message
// that starts with a command, measured in UTF-16 units.
func commandEntities(text string) []models.MessageEntity {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return nil
	}
	cmd, _, _ := strings.Cut(text, " ")
	cmd, _, _ = strings.Cut(cmd, "\n")
	return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: utf16Len(cmd)}}
}

// PressButton sends a callback_query as if the user pressed an inline button
// with this callback data on the bot's message messageID in their chat. The
// query carries a fresh id and the message as it is now; a message the fake
// does not have (or deleted) comes as an inaccessible message, as Telegram
// sends for old ones.
func (s *Server) PressButton(from User, messageID int, data string) models.Update {
	mu := from.model()
	s.mu.Lock()
	c := s.chatFor(from.ID)
	if c.user == nil {
		c.user = &mu
	}
	s.cbSeq++
	id := strconv.FormatInt(from.ID, 10) + strconv.FormatInt(1_000_000+s.cbSeq, 10)
	s.callbacks[id] = &callbackState{chatID: from.ID}
	msg := models.MaybeInaccessibleMessage{
		Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
		InaccessibleMessage: &models.InaccessibleMessage{Chat: c.modelChat(), MessageID: messageID},
	}
	if st := c.findMessage(messageID); st != nil {
		m := s.modelMessage(c, st)
		msg = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &m}
	}
	defer s.mu.Unlock()
	return s.pushLocked(models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           id,
		From:         mu,
		Message:      msg,
		ChatInstance: strconv.FormatInt(from.ID*31+7, 10),
		Data:         data,
	}})
}

// ShareContact sends the user's own contact, as a request_contact button
// does: the contact carries user_id, which proves the number is theirs.
func (s *Server) ShareContact(from User, phone string) models.Update {
	mu := from.model()
	return s.userMessage(from, func(m *models.Message) {
		m.Contact = &models.Contact{PhoneNumber: phone, FirstName: mu.FirstName, LastName: mu.LastName, UserID: from.ID}
	})
}

// SendSticker sends a sticker showing emoji, a non-text message the bot must
// cope with.
func (s *Server) SendSticker(from User, emoji string) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		s.fileSeq++ // safe: userMessage holds s.mu while fill runs
		id := "tgtest-sticker-" + strconv.Itoa(s.fileSeq)
		m.Sticker = &models.Sticker{FileID: id, FileUniqueID: uniqueID(id), Type: "regular", Width: 512, Height: 512, Emoji: emoji}
	})
}

// SendPhoto sends a photo from the user with an optional caption.
func (s *Server) SendPhoto(from User, caption string) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		s.fileSeq++ // safe: userMessage holds s.mu while fill runs
		id := "tgtest-userphoto-" + strconv.Itoa(s.fileSeq)
		// As on Telegram, the bot may send the photo again by its file_id.
		s.files[id] = File{Name: id + ".jpg"}
		s.files[id+"-s"] = File{Name: id + "-s.jpg"}
		m.Photo = []models.PhotoSize{
			{FileID: id + "-s", FileUniqueID: uniqueID(id + "-s"), Width: 90, Height: 90, FileSize: 1200},
			{FileID: id, FileUniqueID: uniqueID(id), Width: 800, Height: 800, FileSize: 64000},
		}
		m.Caption = caption
	})
}

// SendLocation sends a location from the user.
func (s *Server) SendLocation(from User, latitude, longitude float64) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		m.Location = &models.Location{Latitude: latitude, Longitude: longitude}
	})
}

// ForwardText sends a text the user forwarded from someone who hides their
// account (forward_origin of type hidden_user, named senderName).
func (s *Server) ForwardText(from User, senderName, text string) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		m.Text = text
		m.ForwardOrigin = &models.MessageOrigin{Type: models.MessageOriginTypeHiddenUser,
			MessageOriginHiddenUser: &models.MessageOriginHiddenUser{Date: int(s.now().Unix()), SenderUserName: senderName}}
	})
}

// ShareContactCard sends a contact picked from the phone book: a card with
// no user_id, which proves nothing about whose number it is.
func (s *Server) ShareContactCard(from User, firstName, phone string) models.Update {
	return s.userMessage(from, func(m *models.Message) {
		m.Contact = &models.Contact{PhoneNumber: phone, FirstName: firstName}
	})
}
