package tgtest

import (
	"reflect"
	"strconv"
)

// Telegram's wording for edits that change nothing.
const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// editTarget finds the bot message an edit addresses. Inline-mode messages
// (inline_message_id) do not exist in this fake. The caller holds s.mu.
func (s *Server) editTarget(params map[string]string, notFound string) (*chat, *stored, *apiError) {
	if params["inline_message_id"] != "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	chatID, e := chatIDParam(params)
	if e != nil {
		return nil, nil, e
	}
	msgID, e := messageIDParam(params)
	if e != nil {
		return nil, nil, e
	}
	c, ok := s.chats[chatID]
	if !ok {
		return nil, nil, badRequest(notFound)
	}
	st := c.findMessage(msgID)
	if st == nil {
		return nil, nil, badRequest(notFound)
	}
	return c, st, nil
}

// editableTarget is editTarget for an edit: only the bot's own messages can
// be edited. The caller holds s.mu.
func (s *Server) editableTarget(params map[string]string) (*chat, *stored, *apiError) {
	c, st, e := s.editTarget(params, "message to edit not found")
	if e != nil {
		return nil, nil, e
	}
	if !st.fromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, st, nil
}

// editMarkupParam reads the reply_markup of an edit, which must be inline.
func editMarkupParam(params map[string]string) (*Markup, *apiError) {
	m, e := markupParam(params)
	if e != nil {
		return nil, e
	}
	if m != nil && m.InlineKeyboard == nil {
		return nil, badRequest("REPLY_MARKUP_INVALID")
	}
	return m, nil
}

// inlineRows is the part of a markup an edit can change.
func inlineRows(m *Markup) [][]InlineButton {
	if m == nil {
		return nil
	}
	return m.InlineKeyboard
}

// applyEdit replaces the message's inline keyboard the way Telegram does: an
// edit without reply_markup removes the inline keyboard; a reply keyboard
// sent with the message stays, as it lives in the client. The caller holds
// s.mu.
func (s *Server) applyEdit(c *chat, st *stored, markup *Markup) {
	if markup == nil && st.msg.Markup != nil && st.msg.Markup.InlineKeyboard == nil {
		markup = st.msg.Markup
	}
	st.msg.Markup = markup
	st.msg.Edits++
	st.msg.EditDate = s.now()
	s.changed(Event{Kind: EventEdited, ChatID: c.id, Message: st.msg})
}

// editMessageText changes a text message's text and inline keyboard.
func (s *Server) editMessageText(r *request) (any, *apiError) {
	pm, e := parseModeParam(r.params)
	if e != nil {
		return nil, e
	}
	text := r.params["text"]
	if e := checkText(text, pm); e != nil {
		return nil, e
	}
	markup, e := editMarkupParam(r.params)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, e := s.editableTarget(r.params)
	if e != nil {
		return nil, e
	}
	if st.msg.Kind != KindText {
		return nil, badRequest("there is no text in the message to edit")
	}
	if st.msg.Text == text && reflect.DeepEqual(inlineRows(st.msg.Markup), inlineRows(markup)) {
		return nil, badRequest(notModified)
	}
	st.msg.Text, st.msg.ParseMode = text, pm
	s.applyEdit(c, st, markup)
	return s.modelMessage(c, st), nil
}

// editMessageReplyMarkup changes or removes a message's inline keyboard.
func (s *Server) editMessageReplyMarkup(r *request) (any, *apiError) {
	markup, e := editMarkupParam(r.params)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, e := s.editableTarget(r.params)
	if e != nil {
		return nil, e
	}
	if reflect.DeepEqual(inlineRows(st.msg.Markup), inlineRows(markup)) {
		return nil, badRequest(notModified)
	}
	s.applyEdit(c, st, markup)
	return s.modelMessage(c, st), nil
}

// deleteMessage removes a message; in private chats a bot may delete the
// user's messages too.
func (s *Server) deleteMessage(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, e := s.editTarget(r.params, "message to delete not found")
	if e != nil {
		return nil, e
	}
	st.deleted = true
	s.changed(Event{Kind: EventDeleted, ChatID: c.id, Message: st.msg})
	return true, nil
}

// callbackState tracks a callback query the fake emitted.
type callbackState struct {
	chatID   int64
	answered bool
}

// answerCallbackQuery accepts one answer per query, as Telegram does.
func (s *Server) answerCallbackQuery(r *request) (any, *apiError) {
	id := r.params["callback_query_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	cb, ok := s.callbacks[id]
	if !ok || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	cb.answered = true
	alert, _ := strconv.ParseBool(r.params["show_alert"])
	s.changed(Event{Kind: EventCallbackAnswered, ChatID: cb.chatID, CallbackQueryID: id, Text: r.params["text"], ShowAlert: alert})
	return true, nil
}
