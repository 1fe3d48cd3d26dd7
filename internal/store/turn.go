package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Tx is one turn's transaction: every method runs on it, and nothing is
// visible to others until Commit.
type Tx struct {
	tx *sqlx.Tx
}

// Begin starts a transaction.
func Begin(ctx context.Context, db *sqlx.DB) (*Tx, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &Tx{tx: tx}, nil
}

// Commit commits the transaction.
func (t *Tx) Commit() error {
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Querier is the transaction, for the use cases that take a store.Querier.
func (t *Tx) Querier() Querier { return t.tx }

// Rollback abandons the transaction; after Commit it does nothing.
func (t *Tx) Rollback() { _ = t.tx.Rollback() }

// Chat is the transport's row of a private chat.
type Chat struct {
	ChatID   int64
	Language string // "" when never chosen
	// Recent is how many messages the chat sent in its flood window,
	// this one included; 0 when not counted.
	Recent int
}

// StartTurn records a Telegram update id and locks the chat's row (creating
// it) until the transaction ends, in one round trip. fresh is false when the
// update was handled before: the caller must then do nothing. A concurrent
// delivery of the same update waits on the update id until the first one
// commits or rolls back; two turns of one chat wait on the chat row, so they
// run one after the other. A chat that writes again is no longer blocked.
// With a positive floodWindow the message is counted in the chat's window
// (a new window starts when the last one is older than floodWindow) and
// Chat.Recent says how many it holds.
func (t *Tx) StartTurn(ctx context.Context, updateID, chatID int64, floodWindow time.Duration) (chat Chat, fresh bool, err error) {
	const q = `
		WITH fresh AS (
			INSERT INTO processed_updates (update_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING update_id
		)
		INSERT INTO chats AS c (chat_id, flood_window_start, flood_count)
		SELECT $2, now(), CASE WHEN $3 > 0 THEN 1 ELSE 0 END FROM fresh
		ON CONFLICT (chat_id) DO UPDATE SET blocked_at = NULL, updated_at = now(),
			flood_window_start = CASE
				WHEN $3 <= 0 THEN c.flood_window_start
				WHEN c.flood_window_start IS NULL OR c.flood_window_start <= now() - make_interval(secs => $3) THEN now()
				ELSE c.flood_window_start END,
			flood_count = CASE
				WHEN $3 <= 0 THEN c.flood_count
				WHEN c.flood_window_start IS NULL OR c.flood_window_start <= now() - make_interval(secs => $3) THEN 1
				ELSE c.flood_count + 1 END
		RETURNING chat_id, COALESCE(language, '') AS language, CASE WHEN $3 > 0 THEN flood_count ELSE 0 END`
	err = t.tx.QueryRowxContext(ctx, q, updateID, chatID, floodWindow.Seconds()).Scan(&chat.ChatID, &chat.Language, &chat.Recent)
	if errors.Is(err, sql.ErrNoRows) {
		return Chat{}, false, nil
	}
	if err != nil {
		return Chat{}, false, fmt.Errorf("start turn of update %d in chat %d: %w", updateID, chatID, err)
	}
	return chat, true, nil
}

// BlockChat marks the chat blocked (the person blocked the bot) and drops
// its queued reminders and broadcasts; replies already queued stay, and the
// sender drops them if Telegram refuses them.
func (t *Tx) BlockChat(ctx context.Context, chatID int64) error {
	return blockChat(ctx, t.tx, chatID, "chat blocked the bot", true)
}

// SetLanguage stores a chat's language.
func (t *Tx) SetLanguage(ctx context.Context, chatID int64, lang string) error {
	const q = `UPDATE chats SET language = $2, updated_at = now() WHERE chat_id = $1`
	if _, err := t.tx.ExecContext(ctx, q, chatID, lang); err != nil {
		return fmt.Errorf("set language of chat %d: %w", chatID, err)
	}
	return nil
}

// Conversation is a stored waiting flow.
type Conversation struct {
	Flow      string
	Step      string
	State     json.RawMessage
	Turn      int
	ExpiresAt time.Time
}

type conversationRow struct {
	Flow      string    `db:"flow"`
	Step      string    `db:"step"`
	State     []byte    `db:"state"`
	Turn      int       `db:"turn"`
	ExpiresAt time.Time `db:"expires_at"`
}

// LoadConversation returns the chat's waiting conversation or ErrNotFound.
func (t *Tx) LoadConversation(ctx context.Context, chatID int64) (Conversation, error) {
	const q = `SELECT flow, step, state, turn, expires_at FROM conversations WHERE chat_id = $1`
	var r conversationRow
	err := t.tx.GetContext(ctx, &r, q, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("conversation of chat %d: %w", chatID, ErrNotFound)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("load conversation of chat %d: %w", chatID, err)
	}
	return Conversation{Flow: r.Flow, Step: r.Step, State: r.State, Turn: r.Turn, ExpiresAt: r.ExpiresAt}, nil
}

// SaveConversation stores the chat's waiting conversation, replacing any.
func (t *Tx) SaveConversation(ctx context.Context, chatID int64, c Conversation) error {
	const q = `
		INSERT INTO conversations (chat_id, flow, step, state, turn, updated_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, now(), $6)
		ON CONFLICT (chat_id) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step,
			state = EXCLUDED.state, turn = EXCLUDED.turn, updated_at = now(), expires_at = EXCLUDED.expires_at`
	state := c.State
	if len(state) == 0 {
		state = json.RawMessage("{}")
	}
	if _, err := t.tx.ExecContext(ctx, q, chatID, c.Flow, c.Step, string(state), c.Turn, c.ExpiresAt); err != nil {
		return fmt.Errorf("save conversation of chat %d: %w", chatID, err)
	}
	return nil
}

// DeleteConversation ends the chat's waiting conversation, if any.
func (t *Tx) DeleteConversation(ctx context.Context, chatID int64) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM conversations WHERE chat_id = $1`, chatID); err != nil {
		return fmt.Errorf("delete conversation of chat %d: %w", chatID, err)
	}
	return nil
}

// Audit appends to the audit log. details must not carry personal data.
func (t *Tx) Audit(ctx context.Context, actor, action, subject string, details map[string]any) error {
	return t.Store().Audit(ctx, actor, action, subject, details)
}

// PruneUpdates forgets update ids older than before; Telegram never
// redelivers an update that old.
func PruneUpdates(ctx context.Context, db *sqlx.DB, before time.Time) (int64, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM processed_updates WHERE processed_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("prune processed updates: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// LastUpdateID returns the highest update id handled, or 0.
func LastUpdateID(ctx context.Context, db *sqlx.DB) (int64, error) {
	var last int64
	if err := db.GetContext(ctx, &last, `SELECT COALESCE(max(update_id), 0) FROM processed_updates`); err != nil {
		return 0, fmt.Errorf("find the last processed update id: %w", err)
	}
	return last, nil
}
