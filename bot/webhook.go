package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/internal/conversation"
)

// SecretHeader is where Telegram puts the webhook's secret token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes bounds a webhook body; real updates are a few kilobytes.
const maxUpdateBytes = 1 << 20

// turnTimeout bounds one turn, whoever is waiting for it.
const turnTimeout = 30 * time.Second

// TurnRunner runs one turn; conversation.Handler is one.
type TurnRunner interface {
	Handle(ctx context.Context, u conversation.Update) (conversation.Result, error)
}

// ReplySender sends a committed turn's replies; outbox.Sender is one.
type ReplySender interface {
	SendAsync(rows conversation.Leased)
}

// CallbackAnswerer answers a button press no turn handles, so the client
// stops its spinner; Client is one.
type CallbackAnswerer interface {
	AnswerCallback(ctx context.Context, id string) error
}

// Webhook is the HTTP handler Telegram posts updates to. It answers 200
// only after the turn committed and 500 when it could not, so Telegram's
// redelivery together with the update dedupe gives each update exactly one
// effect.
type Webhook struct {
	secret   []byte
	turns    TurnRunner
	sender   ReplySender
	log      *slog.Logger
	draining atomic.Bool
	// Answerer answers the button presses ReadUpdate drops; nil leaves them.
	Answerer CallbackAnswerer
}

// Drain makes the handler refuse new updates with 503 (Telegram delivers
// them again later, to another replica or to this one restarted), while
// turns already running finish.
func (h *Webhook) Drain() { h.draining.Store(true) }

// NewWebhook returns the handler; secret must match Telegram's header.
func NewWebhook(secret string, turns TurnRunner, sender ReplySender, log *slog.Logger) *Webhook {
	return &Webhook{secret: []byte(secret), turns: turns, sender: sender, log: log}
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h.draining.Load() {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	got := []byte(r.Header.Get(SecretHeader))
	if subtle.ConstantTimeCompare(got, h.secret) != 1 {
		h.log.Warn("webhook secret mismatch", "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxUpdateBytes+1))
	if err != nil {
		h.log.Warn("webhook body unreadable", "bytes", len(body), "error", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if len(body) > maxUpdateBytes {
		h.log.Warn("webhook body too large", "limit_bytes", maxUpdateBytes)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var u models.Update
	if err := json.Unmarshal(body, &u); err != nil {
		// The decode error names a type and an offset, never the body.
		h.log.Warn("webhook body malformed", "bytes", len(body), "error", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if u.ID == 0 {
		h.log.Warn("webhook body malformed", "bytes", len(body), "error", "no update_id")
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	upd, ok := ReadUpdate(&u)
	if !ok {
		answerIgnored(r.Context(), h.Answerer, &u, h.log)
		w.WriteHeader(http.StatusOK)
		return
	}
	log := h.log.With("update_id", upd.ID, "chat_id", upd.Input.ChatID)
	defer func() {
		if p := recover(); p != nil {
			log.Error("turn panicked", "panic", p)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	// A turn runs to its end even if Telegram hangs up: its effects are
	// all or nothing anyway, and finishing spares a redelivery.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), turnTimeout)
	defer cancel()
	res, err := h.turns.Handle(ctx, upd)
	if err != nil {
		log.Error("turn failed", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if res.Duplicate {
		log.Debug("duplicate update")
	}
	h.sender.SendAsync(res.Replies)
	w.WriteHeader(http.StatusOK)
}

// answerIgnored answers a dropped button press. A failure is only logged:
// the spinner stops by itself after a while, and the update is done.
func answerIgnored(ctx context.Context, a CallbackAnswerer, u *models.Update, log *slog.Logger) {
	id := IgnoredCallback(u)
	if a == nil || id == "" {
		return
	}
	if err := a.AnswerCallback(ctx, id); err != nil {
		log.Warn("answer ignored button press", "update_id", u.ID, "error", err)
	}
}
