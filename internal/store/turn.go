package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Tx is one turn's transaction: every method runs on it, and nothing is
// visible to others until Commit.
type Tx struct {
	tx *sqlx.Tx
	q  Querier // tx, or tx through prepared statements (Statements)
}

// Begin starts a transaction.
func Begin(ctx context.Context, db *sqlx.DB) (*Tx, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &Tx{tx: tx, q: tx}, nil
}

// Commit commits the transaction.
func (t *Tx) Commit() error {
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Querier is the transaction, for the use cases that take a store.Querier.
func (t *Tx) Querier() Querier { return t.q }

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

// TurnOptions say what StartTurn reads besides the chat.
type TurnOptions struct {
	// FloodWindow, when positive, counts the message in the chat's flood
	// window (a new window starts when the last one is older than it), and
	// Turn.Recent says how many the window holds.
	FloodWindow time.Duration
	// UserID is the Telegram id of the person writing: their account is
	// read (Turn.User). 0 reads none.
	UserID int64
	// PaceBurst is how many of the chat's latest messages are read for
	// pacing the turn's replies (Turn.Sends); 0 reads none.
	PaceBurst int
}

// Turn is what a turn starts from, read under the chat's lock.
type Turn struct {
	Chat
	// Now is the transaction's time, the one its rows are stamped with.
	Now time.Time
	// Conversation is the chat's waiting conversation, nil when none.
	Conversation *Conversation
	// User is the person's account, nil when they have none.
	User *User
	// Sends are when the chat's latest messages (sent or queued, button
	// answers aside) were or will be sent, oldest first.
	Sends []time.Time
}

// startTurnSQL is StartTurn's one statement.
var startTurnSQL = `
	WITH fresh AS (
		INSERT INTO processed_updates (update_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING update_id
	), c AS (
		INSERT INTO chats AS c (chat_id, flood_window_start, flood_count, turns)
		SELECT $2, now(), CASE WHEN $3 > 0 THEN 1 ELSE 0 END, 1 FROM fresh
		ON CONFLICT (chat_id) DO UPDATE SET blocked_at = NULL, updated_at = now(), turns = c.turns + 1,
			flood_window_start = CASE
				WHEN $3 <= 0 THEN c.flood_window_start
				WHEN c.flood_window_start IS NULL OR c.flood_window_start <= now() - make_interval(secs => $3) THEN now()
				ELSE c.flood_window_start END,
			flood_count = CASE
				WHEN $3 <= 0 THEN c.flood_count
				WHEN c.flood_window_start IS NULL OR c.flood_window_start <= now() - make_interval(secs => $3) THEN 1
				ELSE c.flood_count + 1 END
		RETURNING chat_id, COALESCE(language, '') AS language, CASE WHEN $3 > 0 THEN flood_count ELSE 0 END AS recent, turns
	)
	SELECT c.chat_id, c.language, c.recent, now(),
		c.turns = COALESCE((SELECT s.turns FROM chats s WHERE s.chat_id = $2), 0) + 1,
		cv.flow, cv.step, cv.state, cv.turn, cv.expires_at,
		u.id, u.telegram_id, u.chat_id, u.name, u.roles, u.timezone, u.grants,
		ARRAY(` + recentSendsSQL("$2", "$5") + `)
	FROM c
	LEFT JOIN conversations cv ON cv.chat_id = $2
	LEFT JOIN LATERAL (` + userByTelegramIDSQL("$4") + `) u ON $4 <> 0`

// StartTurn records a Telegram update id and locks the chat's row (creating
// it) until the transaction ends, and reads what the turn starts from, in
// one round trip. fresh is false when the update was handled before: the
// caller must then do nothing. A concurrent delivery of the same update
// waits on the update id until the first one commits or rolls back; two
// turns of one chat wait on the chat row, so they run one after the other.
// A chat that writes again is no longer blocked.
//
// The reads share the statement's snapshot, taken before the lock: when
// the chat's turn count shows that another turn committed meanwhile, they
// are read again, after the lock.
func (t *Tx) StartTurn(ctx context.Context, updateID, chatID int64, o TurnOptions) (turn Turn, fresh bool, err error) {
	var (
		current bool
		conv    struct {
			flow, step sql.NullString
			state      []byte
			turn       sql.NullInt64
			expires    sql.NullTime
		}
		user struct {
			id, telegramID, chatID sql.NullInt64
			name, timezone         sql.NullString
			roles                  pq.StringArray
			grants                 []byte
		}
		sends pq.Int64Array
	)
	err = t.q.QueryRowxContext(ctx, startTurnSQL, updateID, chatID, o.FloodWindow.Seconds(), o.UserID, o.PaceBurst).Scan(
		&turn.ChatID, &turn.Language, &turn.Recent, &turn.Now, &current,
		&conv.flow, &conv.step, &conv.state, &conv.turn, &conv.expires,
		&user.id, &user.telegramID, &user.chatID, &user.name, &user.roles, &user.timezone, &user.grants,
		&sends)
	if errors.Is(err, sql.ErrNoRows) {
		return Turn{}, false, nil
	}
	if err != nil {
		return Turn{}, false, fmt.Errorf("start turn of update %d in chat %d: %w", updateID, chatID, err)
	}
	if !current {
		// Another turn of the chat committed after this statement's
		// snapshot: read again, now that the chat is ours.
		return t.rereadTurn(ctx, turn, o)
	}
	if conv.flow.Valid {
		turn.Conversation = &Conversation{Flow: conv.flow.String, Step: conv.step.String, State: conv.state,
			Turn: int(conv.turn.Int64), ExpiresAt: conv.expires.Time}
	}
	if user.id.Valid {
		turn.User = &User{ID: user.id.Int64, TelegramID: user.telegramID.Int64, ChatID: user.chatID.Int64,
			Name: user.name.String, Roles: user.roles, TimeZone: user.timezone.String}
		if turn.User.Grants, err = grantsJSON(user.grants); err != nil {
			return Turn{}, false, fmt.Errorf("start turn of update %d in chat %d: %w", updateID, chatID, err)
		}
	}
	turn.Sends = sendTimes(sends)
	return turn, true, nil
}

// rereadTurn reads a turn's conversation, person and pacing in statements
// of their own, each with a snapshot taken after the chat's lock.
func (t *Tx) rereadTurn(ctx context.Context, turn Turn, o TurnOptions) (Turn, bool, error) {
	c, err := t.LoadConversation(ctx, turn.ChatID)
	switch {
	case err == nil:
		turn.Conversation = &c
	case !errors.Is(err, ErrNotFound):
		return Turn{}, false, err
	}
	if o.UserID != 0 {
		u, err := t.UserByTelegramID(ctx, o.UserID)
		switch {
		case err == nil:
			turn.User = &u
		case !errors.Is(err, ErrNotFound):
			return Turn{}, false, err
		}
	}
	if turn.Sends, err = t.recentSends(ctx, turn.ChatID, o.PaceBurst); err != nil {
		return Turn{}, false, err
	}
	return turn, true, nil
}

// recentSendsSQL selects when the latest messages of chat (a parameter)
// were or will be sent, newest first, in microseconds since 1970, up to
// limit (a parameter) of them. Button answers are not messages.
func recentSendsSQL(chat, limit string) string {
	return `SELECT CAST(extract(epoch FROM COALESCE(sent_at, not_before)) * 1000000 AS bigint) FROM outbox
		WHERE chat_id = ` + chat + ` AND status IN ('pending', 'sent') AND payload->>'method' <> 'answerCallbackQuery'
		ORDER BY id DESC LIMIT ` + limit
}

func (t *Tx) recentSends(ctx context.Context, chatID int64, n int) ([]time.Time, error) {
	if n <= 0 {
		return nil, nil
	}
	var recent pq.Int64Array
	if err := t.q.GetContext(ctx, &recent, `SELECT ARRAY(`+recentSendsSQL("$1", "$2")+`)`, chatID, n); err != nil {
		return nil, fmt.Errorf("read recent messages of chat %d: %w", chatID, err)
	}
	return sendTimes(recent), nil
}

// sendTimes turns recentSendsSQL's microseconds, newest first, into
// times, oldest first.
func sendTimes(us []int64) []time.Time {
	times := make([]time.Time, len(us))
	for i, u := range us {
		times[len(us)-1-i] = time.UnixMicro(u)
	}
	return times
}

// BlockChat marks the chat blocked (the person blocked the bot) and drops
// its queued reminders and broadcasts; replies already queued stay, and the
// sender drops them if Telegram refuses them.
func (t *Tx) BlockChat(ctx context.Context, chatID int64) error {
	return blockChat(ctx, t.q, chatID, "chat blocked the bot", true)
}

// SetLanguage stores a chat's language.
func (t *Tx) SetLanguage(ctx context.Context, chatID int64, lang string) error {
	const q = `UPDATE chats SET language = $2, updated_at = now() WHERE chat_id = $1`
	if _, err := t.q.ExecContext(ctx, q, chatID, lang); err != nil {
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
	err := t.q.GetContext(ctx, &r, q, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("conversation of chat %d: %w", chatID, ErrNotFound)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("load conversation of chat %d: %w", chatID, err)
	}
	return Conversation{Flow: r.Flow, Step: r.Step, State: r.State, Turn: r.Turn, ExpiresAt: r.ExpiresAt}, nil
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
