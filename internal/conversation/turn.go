// Package conversation runs one turn per Telegram update: dedupe the update,
// lock the chat, load its waiting conversation, run the flow, store the new
// state and the replies (as outbox rows) in one transaction, then send.
package conversation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Renderer turns flow replies into Telegram calls in a language. Only bot/
// localises, so it provides this.
type Renderer interface {
	Render(lang string, chatID int64, replies []flows.Reply) ([]outbox.Message, error)
}

// Update is one Telegram update, already read into a flows.Input.
type Update struct {
	ID    int64
	Input flows.Input
	// CallbackQueryID is set for a button press; the turn answers it.
	CallbackQueryID string
	// Member is set for a change of the bot's membership of a chat
	// (my_chat_member); Input then holds only ChatID.
	Member *MemberChange
}

// Result says what a turn did.
type Result struct {
	// Duplicate is true when the update was handled before and nothing was done.
	Duplicate bool
	// Replies are the queued replies, in order, leased to the caller to send
	// now (outbox.Sender.Send). Empty when they wait behind earlier messages
	// of the chat, which the sender's loop delivers first.
	Replies Leased
	// Apology is true when the turn failed and the person was told so.
	Apology bool
}

// Leased are outbox rows reserved for the caller to send. The transport
// passes them from the turn to the sender without looking inside.
type Leased = []store.OutboxRow

// Handler runs turns.
type Handler struct {
	stmts  *store.Statements
	engine *flows.Engine
	render Renderer
	log    *slog.Logger

	// Now is the clock; tests replace it.
	Now func() time.Time
	// IdleTimeout is how long a waiting conversation lives without an answer.
	IdleTimeout time.Duration
	// ReplyLease is how long a turn's replies stay reserved for the caller
	// to send; after a crash the sender's loop sends them once it runs out,
	// or as soon as Owner is seen dead.
	ReplyLease time.Duration
	// Owner is this process's id (store.RegisterProcess), named in the
	// leases of the replies.
	Owner int64
	// FloodMax messages of one chat in FloodWindow are answered; the next
	// one gets a single "slow down" notice and the rest of the window is
	// recorded but not answered. FloodMax 0 turns the limit off.
	FloodMax    int
	FloodWindow time.Duration
	// Pace spaces a chat's replies (store.Pace); zero sends them at once.
	Pace store.Pace
	// Supplement is the tablet of pregnancy (TTD 90 or MMS 180).
	Supplement flows.Supplement
	// Observe, when set, learns every update's outcome (ok, duplicate,
	// apology, unavailable, error) and how long it took (metrics).
	Observe func(outcome string, d time.Duration)
	// BroadcastRate is the bulk sending rate (messages a second) an admin's
	// broadcast ETA is computed at.
	BroadcastRate float64
}

// NewHandler returns a turn handler.
func NewHandler(db *sqlx.DB, engine *flows.Engine, render Renderer, log *slog.Logger) *Handler {
	return &Handler{stmts: store.NewStatements(db, log), engine: engine, render: render, log: log, Now: time.Now,
		IdleTimeout: 24 * time.Hour, ReplyLease: 30 * time.Second, Supplement: DefaultSupplement}
}

// ErrUnavailable wraps the error of a turn the database could not run
// (unreachable, starting, shutting down, a broken connection, a cancelled
// context): nothing of the update was kept, so the caller must let Telegram
// deliver it again.
var ErrUnavailable = errors.New("database unavailable, update not consumed")

// conflictRetries is how often a turn that lost a serialization or deadlock
// race is run again at once before the update is handed back to Telegram.
const conflictRetries = 3

// Handle runs one turn. On success its replies are committed to the outbox
// and returned, leased to the caller, for sending. When the flow step itself
// fails (a bug, a panic), the person gets the "something went wrong"
// message, queued in a transaction of its own that committed, and Handle
// succeeds. When the database cannot do the work, at any point of the turn,
// Handle returns an error wrapping ErrUnavailable and has consumed nothing:
// the caller must let Telegram deliver the update again.
func (h *Handler) Handle(ctx context.Context, u Update) (Result, error) {
	if h.Observe == nil {
		return h.handle(ctx, u)
	}
	start := time.Now()
	res, err := h.handle(ctx, u)
	outcome := "ok"
	switch {
	case errors.Is(err, ErrUnavailable):
		outcome = "unavailable"
	case err != nil:
		outcome = "error"
	case res.Duplicate:
		outcome = "duplicate"
	case res.Apology:
		outcome = "apology"
	}
	h.Observe(outcome, time.Since(start))
	return res, err
}

func (h *Handler) handle(ctx context.Context, u Update) (Result, error) {
	if u.Member != nil {
		return h.member(ctx, u)
	}
	var err error
	for attempt := 0; ; attempt++ {
		var res Result
		res, err = h.safeTurn(ctx, u)
		if err == nil {
			return res, nil
		}
		if !store.Conflict(err) || attempt >= conflictRetries || ctx.Err() != nil {
			break
		}
	}
	if store.Unavailable(err) || ctx.Err() != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	log := h.log.With("update_id", u.ID, "chat_id", u.Input.ChatID)
	res, ferr := h.failTurn(ctx, u)
	if ferr != nil {
		if store.Unavailable(ferr) {
			return Result{}, fmt.Errorf("%w: %w", ErrUnavailable, errors.Join(err, ferr))
		}
		return Result{}, errors.Join(err, ferr)
	}
	log.Error("turn failed, apology sent", "error", err)
	res.Apology = true
	return res, nil
}

// safeTurn is turn with a panic turned into an error, so a bug in one step
// costs one apology, not the process (or, with polling, an endless retry).
func (h *Handler) safeTurn(ctx context.Context, u Update) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("turn panicked: %v", p)
		}
	}()
	return h.turn(ctx, u)
}

func (h *Handler) turn(ctx context.Context, u Update) (Result, error) {
	in := u.Input
	in.Now = h.Now()
	tx, err := h.stmts.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()

	t, fresh, err := tx.StartTurn(ctx, u.ID, in.ChatID, h.turnOptions(in.UserID))
	if err != nil {
		return Result{}, err
	}
	if !fresh {
		return Result{Duplicate: true}, nil
	}
	lang := language(t.Language, in.LanguageCode)
	if h.FloodMax > 0 && t.Recent > h.FloodMax {
		var notice []flows.Reply
		if t.Recent == h.FloodMax+1 {
			notice = append(notice, flows.Say(flows.T(flows.MsgFloodSlow)))
		}
		return h.reply(ctx, tx, u, t, lang, notice, store.TurnEnd{KeepConversation: true})
	}
	var prefix []flows.Reply
	conv := t.Conversation
	if conv != nil && !in.Now.Before(conv.ExpiresAt) {
		prefix = append(prefix, flows.Say(flows.T(flows.MsgExpired)))
		conv = nil
	}
	svc := &services{tx: tx, chatID: in.ChatID, userID: in.UserID, supplement: h.Supplement, rate: h.BroadcastRate}
	svc.preload(t.User)
	env := &flows.Env{Ctx: ctx, Svc: svc, Lang: lang}
	var waiting *flows.Conversation
	if conv != nil {
		waiting = &flows.Conversation{Flow: conv.Flow, Step: conv.Step, State: conv.State}
	}
	out, err := h.engine.Handle(env, waiting, in)
	if err != nil {
		return Result{}, err
	}
	if err := h.notify(ctx, tx, out.Notices); err != nil {
		return Result{}, err
	}
	return h.reply(ctx, tx, u, t, env.Lang, append(prefix, out.Replies...), store.TurnEnd{Conversation: h.next(in, conv, out.Next)})
}

// turnOptions says what a turn of userID reads as it starts.
func (h *Handler) turnOptions(userID int64) store.TurnOptions {
	o := store.TurnOptions{FloodWindow: h.floodWindow(), UserID: userID}
	if h.Pace.Interval > 0 {
		o.PaceBurst = h.Pace.Burst
	}
	return o
}

// noticePriority puts messages to other people after replies, ahead of
// reminders and broadcasts.
const noticePriority = 5

// notify queues the turn's notices to their recipients' chats, each
// rendered in the recipient's language. The sender's loop delivers them.
func (h *Handler) notify(ctx context.Context, tx *store.Tx, notices []flows.Notice) error {
	for _, n := range notices {
		chat, err := tx.Store().ChatOfUser(ctx, n.UserID)
		if errors.Is(err, store.ErrNotFound) {
			continue // the person erased their account meanwhile
		}
		if err != nil {
			return err
		}
		if chat.Blocked {
			continue
		}
		msgs, err := h.render.Render(language(chat.Language, ""), chat.ChatID, n.Replies)
		if err != nil {
			return fmt.Errorf("render notice to user %d: %w", n.UserID, err)
		}
		entries := make([]store.OutboxEntry, 0, len(msgs))
		for i, m := range msgs {
			p, err := outbox.Encode(m)
			if err != nil {
				return err
			}
			e := store.OutboxEntry{ChatID: chat.ChatID, Kind: "reply", Priority: noticePriority, Payload: p}
			if n.Key != "" {
				e.Kind, e.DedupeKey = "reminder", n.Key+":"+strconv.Itoa(i)
			}
			entries = append(entries, e)
		}
		if _, err := tx.Enqueue(ctx, entries); err != nil {
			return err
		}
	}
	return nil
}

// failTurn consumes an update whose turn failed: it records it and queues
// the apology, leaving the conversation where it was so the person can try
// the same answer again.
func (h *Handler) failTurn(ctx context.Context, u Update) (Result, error) {
	tx, err := h.stmts.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	t, fresh, err := tx.StartTurn(ctx, u.ID, u.Input.ChatID, h.turnOptions(0))
	if err != nil {
		return Result{}, err
	}
	if !fresh {
		return Result{Duplicate: true}, nil
	}
	lang := language(t.Language, u.Input.LanguageCode)
	return h.reply(ctx, tx, u, t, lang, []flows.Reply{flows.Say(flows.T(flows.MsgInternalError))},
		store.TurnEnd{KeepConversation: true})
}

// reply renders a turn's replies, queues them (the callback answer first,
// so the button stops spinning) with the conversation end says, and
// commits the turn.
func (h *Handler) reply(ctx context.Context, tx *store.Tx, u Update, t store.Turn, lang string, replies []flows.Reply, end store.TurnEnd) (Result, error) {
	msgs, err := h.render.Render(lang, u.Input.ChatID, replies)
	if err != nil {
		return Result{}, fmt.Errorf("render replies: %w", err)
	}
	rows, err := h.enqueue(ctx, tx, t, u.CallbackQueryID, msgs, end)
	if err != nil {
		return Result{}, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, err
	}
	return Result{Replies: rows}, nil
}

// next is the conversation to store after a turn: nil when the flow ended.
func (h *Handler) next(in flows.Input, old *store.Conversation, next *flows.Conversation) *store.Conversation {
	if next == nil {
		return nil
	}
	turn := 1
	if old != nil {
		turn = old.Turn + 1
	}
	return &store.Conversation{Flow: next.Flow, Step: next.Step, State: next.State, Turn: turn,
		ExpiresAt: in.Now.Add(h.IdleTimeout)}
}

// replyPriority puts replies ahead of reminders and broadcasts.
const replyPriority = 10

// enqueue queues the callback answer first, then the replies, and ends
// the turn as end says.
func (h *Handler) enqueue(ctx context.Context, tx *store.Tx, t store.Turn, callbackID string, msgs []outbox.Message, end store.TurnEnd) ([]store.OutboxRow, error) {
	if callbackID != "" {
		msgs = append([]outbox.Message{{Method: outbox.MethodAnswerCallbackQuery, ChatID: t.ChatID, CallbackQueryID: callbackID}}, msgs...)
	}
	end.Payloads = make([]json.RawMessage, 0, len(msgs))
	for _, m := range msgs {
		p, err := outbox.Encode(m)
		if err != nil {
			return nil, err
		}
		end.Payloads = append(end.Payloads, p)
	}
	end.Priority, end.Lease, end.Pace, end.Owner = replyPriority, h.ReplyLease, h.Pace, h.Owner
	return tx.EndTurn(ctx, t, end)
}

// floodWindow is the window StartTurn counts messages in, 0 when off.
func (h *Handler) floodWindow() time.Duration {
	if h.FloodMax <= 0 {
		return 0
	}
	return h.FloodWindow
}

// language picks the chat's language: its stored choice, then Telegram's
// language_code, then Indonesian.
func language(stored, telegramCode string) string {
	if stored != "" {
		return stored
	}
	if strings.HasPrefix(strings.ToLower(telegramCode), "en") {
		return "en"
	}
	return "id"
}
