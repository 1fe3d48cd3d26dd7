package tgtest

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
)

// Kind says what sort of message the bot sent.
type Kind string

// The kinds of message the fake stores.
const (
	KindText     Kind = "text"
	KindPhoto    Kind = "photo"
	KindDocument Kind = "document"
)

// Message is what the bot sent to a chat, as the user would now see it: edits
// are applied in place, deleted messages are gone.
type Message struct {
	// ID is the message_id Telegram answered with; it grows per chat and is
	// shared with the user's own messages, as in a real private chat.
	ID int
	// ChatID is the chat the message went to.
	ChatID int64
	// Kind is text, photo or document.
	Kind Kind
	// Text is the message text, or the caption of a photo or document.
	Text string
	// ParseMode is the parse_mode sent with the text, if any.
	ParseMode string
	// Markup is the parsed reply_markup, nil when none was sent.
	Markup *Markup
	// File holds the photo or document: uploaded bytes, or the name (URL or
	// file_id) when sent by reference to a file the fake has not seen.
	File *File
	// FileID is the file_id Telegram assigned (or that the bot sent).
	FileID string
	// Date is when the message was sent, by the server's clock.
	Date time.Time
	// Edits counts successful editMessageText/editMessageReplyMarkup calls.
	Edits int
	// EditDate is when the last edit happened; zero if never edited.
	EditDate time.Time
}

// Markup is a reply_markup as the user sees it.
type Markup struct {
	// InlineKeyboard holds the inline keyboard rows, if it is one.
	InlineKeyboard [][]InlineButton
	// Keyboard holds the reply keyboard rows, if it is one.
	Keyboard [][]KeyboardButton
	// OneTime, Resize and Persistent echo the reply keyboard's flags.
	OneTime, Resize, Persistent bool
	// RemoveKeyboard is set for {"remove_keyboard":true}.
	RemoveKeyboard bool
	// ForceReply is set for {"force_reply":true}.
	ForceReply bool
	// Raw is the JSON exactly as the bot sent it.
	Raw string
}

// InlineButton is one inline keyboard button.
type InlineButton struct {
	// Text is the label.
	Text string
	// CallbackData is what pressing the button sends back.
	CallbackData string
	// URL is set for link buttons.
	URL string
	// CopyText is the text a copy_text button copies.
	CopyText string
}

// KeyboardButton is one reply keyboard button.
type KeyboardButton struct {
	// Text is the label, which is also what the user's client sends.
	Text string
	// RequestContact asks the client to share the user's phone number.
	RequestContact bool
	// RequestLocation asks the client to share the user's location.
	RequestLocation bool
}

// chat is one conversation's history, bot and user messages interleaved.
type chat struct {
	id     int64
	user   *models.User // the private chat's other party, once known
	lastID int
	msgs   []*stored
	left   bool // the bot left this group (leaveChat)
}

// stored is a message in a chat's history.
type stored struct {
	msg     Message
	fromBot bool
	deleted bool
	user    *models.Message // the update's message, for the user's own messages
}

// chatFor returns the chat, creating it on first use. The caller holds s.mu.
func (s *Server) chatFor(id int64) *chat {
	c, ok := s.chats[id]
	if !ok {
		c = &chat{id: id}
		s.chats[id] = c
	}
	return c
}

// findMessage returns a live message by id. The caller holds s.mu.
func (c *chat) findMessage(id int) *stored {
	for _, m := range c.msgs {
		if m.msg.ID == id && !m.deleted {
			return m
		}
	}
	return nil
}

// modelChat is the chat object Telegram embeds in messages: private chats of
// known users carry their names, negative ids are groups.
func (c *chat) modelChat() models.Chat {
	mc := models.Chat{ID: c.id, Type: models.ChatTypePrivate}
	switch {
	case c.id < -1_000_000_000_000:
		mc.Type = models.ChatTypeSupergroup
	case c.id < 0:
		mc.Type = models.ChatTypeGroup
	case c.user != nil:
		mc.FirstName, mc.LastName, mc.Username = c.user.FirstName, c.user.LastName, c.user.Username
	}
	return mc
}

// addBotMessage appends a message from the bot, assigns its id and date and
// tells waiters and subscribers. The caller holds s.mu.
func (s *Server) addBotMessage(chatID int64, m Message) *stored {
	c := s.chatFor(chatID)
	c.lastID++
	m.ID, m.ChatID, m.Date = c.lastID, chatID, s.now()
	st := &stored{msg: m, fromBot: true}
	c.msgs = append(c.msgs, st)
	s.changed(Event{Kind: EventSent, ChatID: chatID, Message: m})
	return st
}

// changed wakes WaitSent callers and queues the event for subscribers. The
// caller holds s.mu.
func (s *Server) changed(ev Event) {
	broadcast(&s.sent)
	for _, sub := range s.subs {
		sub.push(ev)
	}
}

// modelMessage renders a bot message as the Message object Telegram returns.
// The caller holds s.mu.
func (s *Server) modelMessage(c *chat, st *stored) models.Message {
	if st.user != nil {
		return *st.user
	}
	m := st.msg
	bot := s.bot
	out := models.Message{ID: m.ID, From: &bot, Date: int(m.Date.Unix()), Chat: c.modelChat()}
	switch m.Kind {
	case KindText:
		out.Text = m.Text
	case KindPhoto:
		out.Caption = m.Text
		out.Photo = photoSizes(m.FileID, m.File)
	case KindDocument:
		out.Caption = m.Text
		out.Document = document(m.FileID, m.File)
	}
	if !m.EditDate.IsZero() {
		out.EditDate = int(m.EditDate.Unix())
	}
	if m.Markup != nil && m.Markup.InlineKeyboard != nil {
		// Telegram echoes only inline keyboards; reply keyboards live in the
		// client, not on the message.
		out.ReplyMarkup = modelInlineKeyboard(m.Markup.InlineKeyboard)
	}
	return out
}

// modelInlineKeyboard converts a parsed inline keyboard back to models.
func modelInlineKeyboard(rows [][]InlineButton) *models.InlineKeyboardMarkup {
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		r := make([]models.InlineKeyboardButton, 0, len(row))
		for _, b := range row {
			r = append(r, models.InlineKeyboardButton{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL,
				CopyText: models.CopyTextButton{Text: b.CopyText}})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// Sent returns what the bot sent to a chat, oldest first, with edits applied
// and deleted messages left out. Markup and File are shared with the server:
// treat them as read-only.
func (s *Server) Sent(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentLocked(chatID)
}

// sentLocked is Sent for a caller holding s.mu.
func (s *Server) sentLocked(chatID int64) []Message {
	c, ok := s.chats[chatID]
	if !ok {
		return nil
	}
	var out []Message
	for _, st := range c.msgs {
		if st.fromBot && !st.deleted {
			out = append(out, st.msg)
		}
	}
	return out
}

// defaultWait bounds waits whose context has no deadline.
const defaultWait = 10 * time.Second

// WaitSent blocks until the bot has sent at least n messages to the chat and
// returns them all (as Sent). It gives up when ctx ends, after 10 s if ctx has
// no deadline, or when the server closes, returning what was sent so far with
// the error.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]Message, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultWait)
		defer cancel()
	}
	for {
		s.mu.Lock()
		got := s.sentLocked(chatID)
		wake := s.sent
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return got, fmt.Errorf("wait for %d messages to chat %d, got %d: %w", n, chatID, len(got), ctx.Err())
		case <-s.closed:
			return got, fmt.Errorf("wait for %d messages to chat %d, got %d: server closed", n, chatID, len(got))
		}
	}
}

// ReplyKeyboard returns the reply keyboard the user's client would show now:
// the last one the bot sent, unless a later message removed it. Local mode
// uses it to offer the buttons (and a contact request) as choices. One-time
// keyboards are reported until replaced, as the client can reopen them.
func (s *Server) ReplyKeyboard(chatID int64) *Markup {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[chatID]
	if !ok {
		return nil
	}
	var active *Markup
	for _, st := range c.msgs {
		switch m := st.msg.Markup; {
		case !st.fromBot || m == nil:
		case m.Keyboard != nil:
			active = m
		case m.RemoveKeyboard:
			active = nil
		}
	}
	return active
}
