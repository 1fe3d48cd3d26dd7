package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/internal/outbox"
)

// DefaultAPIURL is Telegram's Bot API.
const DefaultAPIURL = "https://api.telegram.org"

// maxIdleConns is how many connections to the Bot API stay open between
// calls: more than the sender's workers (32) and the replies sent beside them.
const maxIdleConns = 128

// Client makes Telegram calls with go-telegram/bot as the API client.
type Client struct {
	api    *tgbot.Bot
	token  string
	apiURL string
	http   *http.Client
}

var _ outbox.Deliverer = (*Client)(nil)

// NewClient returns a client for token at apiURL (DefaultAPIURL when empty).
func NewClient(token, apiURL string) (*Client, error) {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	// The sender makes up to its Workers calls at once, beside every
	// turn's own replies. The default transport keeps only two idle
	// connections per host: the rest were closed after each call and
	// dialled again, a TLS handshake each time against Telegram.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = maxIdleConns
	tr.MaxIdleConnsPerHost = maxIdleConns
	hc := &http.Client{Timeout: 70 * time.Second, Transport: tr}
	api, err := tgbot.New(token,
		tgbot.WithSkipGetMe(),
		tgbot.WithServerURL(apiURL),
		tgbot.WithHTTPClient(65*time.Second, hc),
		// Library errors go through our classification, never its logger,
		// which would print them with request details.
		tgbot.WithErrorsHandler(func(error) {}),
	)
	if err != nil {
		return nil, fmt.Errorf("create telegram client: %w", err)
	}
	return &Client{api: api, token: token, apiURL: apiURL, http: hc}, nil
}

// API exposes the underlying client for calls outside the outbox (setWebhook…).
func (c *Client) API() *tgbot.Bot { return c.api }

// Deliver makes one outbox call and classifies its failure for the sender.
func (c *Client) Deliver(ctx context.Context, m outbox.Message) (int, error) {
	var markup models.ReplyMarkup
	if len(m.ReplyMarkup) > 0 {
		markup = m.ReplyMarkup
	}
	var (
		msg *models.Message
		err error
	)
	switch m.Method {
	case outbox.MethodSendMessage:
		msg, err = c.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ReplyMarkup: markup})
	case outbox.MethodSendPhoto:
		var photo models.InputFile = &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(m.Photo)}
		if m.PhotoFileID != "" {
			photo = &models.InputFileString{Data: m.PhotoFileID}
		}
		msg, err = c.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID:      m.ChatID,
			Photo:       photo,
			Caption:     m.Text,
			ReplyMarkup: markup,
		})
	case outbox.MethodSendDocument:
		msg, err = c.api.SendDocument(ctx, &tgbot.SendDocumentParams{
			ChatID:      m.ChatID,
			Document:    &models.InputFileUpload{Filename: m.DocumentName, Data: bytes.NewReader(m.Document)},
			Caption:     m.Text,
			ReplyMarkup: markup,
		})
	case outbox.MethodEditMessageText:
		msg, err = c.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: m.ChatID, MessageID: m.MessageID, Text: m.Text, ReplyMarkup: markup,
		})
		if err != nil && isNotModified(err) {
			return m.MessageID, nil
		}
		if err != nil && errors.Is(err, tgbot.ErrorBadRequest) {
			// The message is gone or too old to edit: send the new version instead.
			msg, err = c.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ReplyMarkup: markup})
		}
	case outbox.MethodEditMessageReplyMarkup:
		msg, err = c.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
			ChatID: m.ChatID, MessageID: m.MessageID, ReplyMarkup: markup,
		})
		if err != nil && isNotModified(err) {
			return m.MessageID, nil
		}
	case outbox.MethodAnswerCallbackQuery:
		_, err = c.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: m.CallbackQueryID})
	case outbox.MethodLeaveChat:
		_, err = c.api.LeaveChat(ctx, &tgbot.LeaveChatParams{ChatID: m.ChatID})
	default:
		return 0, &outbox.PermanentError{Reason: "unknown method " + m.Method}
	}
	if err != nil {
		return 0, classify(err)
	}
	if msg != nil {
		return msg.ID, nil
	}
	return 0, nil
}

// AnswerCallback answers a button press with no text, outside the outbox.
func (c *Client) AnswerCallback(ctx context.Context, id string) error {
	if _, err := c.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
		return fmt.Errorf("answerCallbackQuery: %w", classify(err))
	}
	return nil
}

var _ CallbackAnswerer = (*Client)(nil)

// classify maps go-telegram/bot's errors onto the outbox's.
func classify(err error) error {
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return &outbox.RetryAfterError{After: time.Duration(max(tooMany.RetryAfter, 1)) * time.Second}
	case errors.Is(err, tgbot.ErrorForbidden):
		return fmt.Errorf("%w: %w", outbox.ErrForbidden, err)
	case errors.Is(err, tgbot.ErrorBadRequest):
		return &outbox.PermanentError{Reason: err.Error()}
	}
	return err
}

func isNotModified(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified")
}
