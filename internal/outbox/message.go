// Package outbox delivers queued messages to Telegram: right after a turn
// commits, and from a background loop for whatever is left (a crash, a
// network error, a 429). Delivery is at-least-once: a crash after Telegram
// accepted a message and before it is marked sent resends it once.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Telegram methods a Message may call.
const (
	MethodSendMessage     = "sendMessage"
	MethodSendPhoto       = "sendPhoto"
	MethodEditMessageText = "editMessageText"
	// MethodEditMessageReplyMarkup with no ReplyMarkup removes a message's buttons.
	MethodEditMessageReplyMarkup = "editMessageReplyMarkup"
	MethodAnswerCallbackQuery    = "answerCallbackQuery"
)

// Message is one Telegram call, already localised and rendered.
type Message struct {
	Method          string          `json:"method"`
	ChatID          int64           `json:"chat_id"`
	Text            string          `json:"text,omitempty"`
	ReplyMarkup     json.RawMessage `json:"reply_markup,omitempty"`
	Photo           []byte          `json:"photo,omitempty"`
	MessageID       int             `json:"message_id,omitempty"`
	CallbackQueryID string          `json:"callback_query_id,omitempty"`
}

// Encode turns a message into an outbox payload.
func Encode(m Message) (json.RawMessage, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode %s for chat %d: %w", m.Method, m.ChatID, err)
	}
	return b, nil
}

// Deliverer makes one Telegram call. It returns Telegram's message id (0
// when the call makes none) or an error classified by the errors below.
type Deliverer interface {
	Deliver(ctx context.Context, m Message) (int, error)
}

// ErrForbidden means the person blocked the bot (Telegram's 403).
var ErrForbidden = errors.New("forbidden by the recipient")

// PermanentError is a call Telegram refused for good (a 400): retrying
// cannot help.
type PermanentError struct{ Reason string }

func (e *PermanentError) Error() string { return "refused: " + e.Reason }

// RetryAfterError is Telegram's 429: wait After before calling again.
type RetryAfterError struct{ After time.Duration }

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("too many requests, retry after %s", e.After)
}
