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

	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// Telegram methods a Message may call.
const (
	MethodSendMessage     = "sendMessage"
	MethodSendPhoto       = "sendPhoto"
	MethodSendDocument    = "sendDocument"
	MethodEditMessageText = "editMessageText"
	// MethodEditMessageReplyMarkup with no ReplyMarkup removes a message's buttons.
	MethodEditMessageReplyMarkup = "editMessageReplyMarkup"
	MethodAnswerCallbackQuery    = "answerCallbackQuery"
	// MethodLeaveChat makes the bot leave a group it was added to.
	MethodLeaveChat = "leaveChat"
)

// Message is one Telegram call, already localised and rendered.
type Message struct {
	Method      string          `json:"method"`
	ChatID      int64           `json:"chat_id"`
	Text        string          `json:"text,omitempty"`
	ReplyMarkup json.RawMessage `json:"reply_markup,omitempty"`
	Photo       []byte          `json:"photo,omitempty"`
	// PhotoFileID is a photo Telegram already has, sent by its id.
	PhotoFileID     string `json:"photo_file_id,omitempty"`
	MessageID       int    `json:"message_id,omitempty"`
	CallbackQueryID string `json:"callback_query_id,omitempty"`
	// Attach names a file built when the message is sent (a chart, a data
	// export): the outbox keeps what to build, not the bytes.
	Attach *Attachment `json:"attach,omitempty"`
	// Broadcast names an admin's broadcast and the language to send it in:
	// its text (and photo) are read when the message is sent.
	Broadcast *BroadcastRef `json:"broadcast,omitempty"`
	// Document is the file of a sendDocument, filled from Attach at send time.
	Document     []byte `json:"-"`
	DocumentName string `json:"-"`
}

// The kinds of attachment.
const (
	// AttachChart is a child's growth chart (ChildID), as a photo.
	AttachChart = "chart"
	// AttachExport is a person's data export (TelegramID), the file Name.
	AttachExport = "export"
	// AttachReport is an SKDN report file (Name) of Scope and Month.
	AttachReport = "report"
)

// Attachment is a file to build at send time.
type Attachment struct {
	Kind       string      `json:"kind"`
	ChildID    int64       `json:"child_id,omitempty"`
	TelegramID int64       `json:"telegram_id,omitempty"`
	Name       string      `json:"name,omitempty"`
	Lang       string      `json:"lang"`
	Scope      *skdn.Scope `json:"scope,omitempty"`
	Month      *skdn.Month `json:"month,omitempty"`
}

// BroadcastRef is the part of a queued broadcast message that says what to
// send: which broadcast, in which language.
type BroadcastRef struct {
	ID   int64  `json:"id"`
	Lang string `json:"lang,omitempty"`
}

// Attacher builds attachments. It returns ErrGone when what to build no
// longer exists (the child or the account was deleted meanwhile).
type Attacher interface {
	Attach(ctx context.Context, a Attachment) (data []byte, filename string, err error)
}

// ErrGone means an attachment's subject no longer exists.
var ErrGone = errors.New("attachment subject is gone")

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
