package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// OutboxEntry is a message to queue.
type OutboxEntry struct {
	ChatID    int64
	Kind      string // reply, reminder or broadcast
	Priority  int
	Payload   json.RawMessage
	DedupeKey string // empty: none
	NotBefore time.Time
}

// OutboxRow is a claimed message, leased to one sender.
type OutboxRow struct {
	ID       int64           `db:"id"`
	ChatID   int64           `db:"chat_id"`
	Kind     string          `db:"kind"`
	Payload  json.RawMessage `db:"payload"`
	Attempts int             `db:"attempts"`
}

// Enqueue inserts messages in order and returns their ids. A message whose
// dedupe key is already queued is skipped and has no id in the result.
func (t *Tx) Enqueue(ctx context.Context, entries []OutboxEntry) ([]int64, error) {
	const q = `
		INSERT INTO outbox (chat_id, kind, priority, payload, dedupe_key, not_before)
		VALUES ($1, $2, $3, $4, NULLIF($5, ''), COALESCE($6, now()))
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
		RETURNING id`
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		var notBefore *time.Time
		if !e.NotBefore.IsZero() {
			notBefore = &e.NotBefore
		}
		var id int64
		err := t.q.QueryRowxContext(ctx, q, e.ChatID, e.Kind, e.Priority, string(e.Payload), e.DedupeKey, notBefore).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("enqueue %s for chat %d: %w", e.Kind, e.ChatID, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// TurnEnd is what a turn leaves behind: its conversation and its replies.
type TurnEnd struct {
	// Conversation waits for the chat's next message; nil ends the one
	// waiting, unless KeepConversation leaves it as it is.
	Conversation     *Conversation
	KeepConversation bool
	// Payloads are the replies, in order, queued at Priority.
	Priority int
	Payloads []json.RawMessage
	// Lease is how long the replies due now stay leased to the caller, in
	// Owner's name (RegisterProcess; 0 for none).
	Lease time.Duration
	Owner int64
	// Pace may hold replies back (not_before), from the turn's Sends.
	Pace Pace
}

// endTurnSQL stores or ends the conversation ($8: keep, end or save) and
// queues the replies, in one statement.
const endTurnSQL = `
	WITH gone AS (
		DELETE FROM conversations WHERE chat_id = $1 AND $8 = 'end'
	), kept AS (
		INSERT INTO conversations (chat_id, flow, step, state, turn, updated_at, expires_at)
		SELECT $1, $9, $10, CAST($11 AS jsonb), $12, now(), $13 WHERE $8 = 'save'
		ON CONFLICT (chat_id) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step,
			state = EXCLUDED.state, turn = EXCLUDED.turn, updated_at = now(), expires_at = EXCLUDED.expires_at
	), free AS MATERIALIZED ( -- asked once, not once per CASE below
		SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE chat_id = $1 AND status = 'pending' AND kind = 'reply') AS free
	)
	INSERT INTO outbox (chat_id, kind, priority, payload, not_before, locked_until, locked_by, attempts)
	SELECT $1, 'reply', $2, CAST(p AS jsonb), nb,
		CASE WHEN free AND nb <= $6 THEN now() + make_interval(secs => $4) END,
		CASE WHEN free AND nb <= $6 THEN NULLIF($7, 0) END,
		CASE WHEN free AND nb <= $6 THEN 1 ELSE 0 END
	FROM free, unnest(CAST($3 AS text[]), CAST($5 AS timestamptz[])) WITH ORDINALITY AS t(p, nb, n)
	ORDER BY n
	RETURNING id, chat_id, kind, payload, attempts`

// EndTurn stores the chat's waiting conversation and queues the turn's
// replies, in order, in one statement. When no other reply is queued for
// the chat they come back leased to the caller, who sends them at once
// without claiming them again; otherwise they wait their turn in the queue
// and rows is empty. Pacing may hold some back; only the rows due now are
// leased. The lease names the owner, so another process takes the rows over
// as soon as it is dead. turn is the chat's StartTurn, whose lock keeps
// other turns from queueing in between.
func (t *Tx) EndTurn(ctx context.Context, turn Turn, e TurnEnd) ([]OutboxRow, error) {
	texts := make([]string, len(e.Payloads))
	for i, p := range e.Payloads {
		texts[i] = string(p)
	}
	due := paceDue(turn.Now, turn.Sends, e.Payloads, e.Pace)
	mode, c := "end", Conversation{State: json.RawMessage("{}")}
	switch {
	case e.KeepConversation:
		mode = "keep"
	case e.Conversation != nil:
		mode, c = "save", *e.Conversation
		if len(c.State) == 0 {
			c.State = json.RawMessage("{}")
		}
	}
	var rows []OutboxRow
	if err := t.q.SelectContext(ctx, &rows, endTurnSQL, turn.ChatID, e.Priority, pq.Array(texts), e.Lease.Seconds(),
		pq.Array(due), turn.Now, e.Owner, mode, c.Flow, c.Step, string(c.State), c.Turn, c.ExpiresAt); err != nil {
		return nil, fmt.Errorf("end turn of chat %d with %d replies: %w", turn.ChatID, len(e.Payloads), err)
	}
	slices.SortFunc(rows, func(a, b OutboxRow) int { return cmp.Compare(a.ID, b.ID) })
	// The leased rows are a prefix: the due times never go down.
	n := 0
	for n < len(rows) && rows[n].Attempts > 0 {
		n++
	}
	if n == 0 {
		return nil, nil // queued behind earlier messages, or paced: the loop sends them
	}
	return rows[:n], nil
}

// Pace spaces the messages to one chat to stay inside Telegram's limit of
// about one message a second per chat: any Burst messages in a row are
// spread over at least Burst×Interval, so a turn's two or three replies go
// out at once while a stream of them settles at one per Interval. Answers
// to button presses are not messages and are never delayed. A zero Pace
// does not space anything.
type Pace struct {
	Burst    int
	Interval time.Duration
}

// paceDue returns the time each payload may be sent at, from now and the
// chat's latest messages (sends, oldest first).
func paceDue(now time.Time, sends []time.Time, payloads []json.RawMessage, pace Pace) []time.Time {
	due := make([]time.Time, len(payloads))
	if pace.Burst <= 0 || pace.Interval <= 0 {
		for i := range due {
			due[i] = now
		}
		return due
	}
	recent := slices.Clone(sends)
	span := time.Duration(pace.Burst) * pace.Interval
	for i, p := range payloads {
		due[i] = now
		if isCallbackAnswer(p) {
			continue
		}
		if len(recent) >= pace.Burst {
			if at := recent[len(recent)-pace.Burst].Add(span); at.After(now) {
				due[i] = at
			}
		}
		recent = append(recent, due[i])
	}
	// Keep due times in order, so a callback answer after a paced message
	// never overtakes it.
	for i := 1; i < len(due); i++ {
		if due[i].Before(due[i-1]) {
			due[i] = due[i-1]
		}
	}
	return due
}

func isCallbackAnswer(p json.RawMessage) bool {
	var m struct {
		Method string `json:"method"`
	}
	return json.Unmarshal(p, &m) == nil && m.Method == "answerCallbackQuery"
}

// headOfChat keeps a chat's messages in order: a row is claimable only when
// no earlier row of the same chat is still pending.
const headOfChat = `NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = o.chat_id AND e.status = 'pending' AND e.id < o.id)`

// A row is free when it is not leased, its lease ran out, or the process
// holding it is dead (stopped, or no heartbeat for DeadAfter). A lease
// that names no process (one taken outside serve) runs its full length.
var claimable = `o.status = 'pending' AND o.not_before <= now()
	AND (o.locked_until IS NULL OR o.locked_until < now() OR (o.locked_by IS NOT NULL AND NOT ` + liveHolder + `))
	AND ` + headOfChat

// ClaimDueOutbox leases up to limit due rows to owner, at most one per chat,
// highest priority first; only chat onlyChat's when it is not 0. Rows
// leased by another live sender are skipped, not waited for; rows of a dead
// one are taken over.
func ClaimDueOutbox(ctx context.Context, db Querier, limit int, lease time.Duration, owner, onlyChat int64) ([]OutboxRow, error) {
	rows, err := claim(ctx, db, claimable, `o.priority DESC, o.not_before, o.id`, limit, lease, owner, onlyChat)
	if err != nil {
		return nil, fmt.Errorf("claim due outbox rows: %w", err)
	}
	return rows, nil
}

// claim leases the rows where says are claimable ($4 is onlyChat, more
// arguments from $5 on), in order, up to limit, to owner for lease.
func claim(ctx context.Context, db Querier, where, order string, limit int, lease time.Duration, owner, onlyChat int64,
	more ...any) ([]OutboxRow, error) {
	q := `
		UPDATE outbox u SET locked_until = now() + make_interval(secs => $2), locked_by = NULLIF($3, 0),
			attempts = u.attempts + 1
		FROM (
			SELECT o.id FROM outbox o WHERE ` + where + ` AND ($4 = 0 OR o.chat_id = $4)
			ORDER BY ` + order + `
			LIMIT $1 FOR UPDATE SKIP LOCKED
		) d
		WHERE u.id = d.id
		RETURNING u.id, u.chat_id, u.kind, u.payload, u.attempts`
	var rows []OutboxRow
	args := append([]any{limit, lease.Seconds(), owner, onlyChat}, more...)
	err := db.SelectContext(ctx, &rows, q, args...)
	return rows, err
}

// The sender's classes: replies (and every other interactive call) go
// first and are never held up by bulk messages; reminders and then
// broadcasts are bulk, paced to Telegram's limits by one leader.
const (
	KindReply     = "reply"
	KindReminder  = "reminder"
	KindBroadcast = "broadcast"
)

// headOfReplies keeps a chat's replies in order among themselves: a queued
// reminder or broadcast never holds a reply back.
const headOfReplies = `NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = o.chat_id AND e.status = 'pending'
	AND e.kind = 'reply' AND e.id < o.id)`

var claimableReply = `o.kind = 'reply' AND o.status = 'pending' AND o.not_before <= now()
	AND (o.locked_until IS NULL OR o.locked_until < now() OR (o.locked_by IS NOT NULL AND NOT ` + liveHolder + `))
	AND ` + headOfReplies

// bulkSpacing keeps bulk messages to one chat at most one a second, and
// to a group (negative chat id) twenty a minute: the chat's latest message
// of any kind must be older than that.
const bulkSpacing = `NOT EXISTS (SELECT 1 FROM outbox s WHERE s.chat_id = o.chat_id AND s.status = 'sent'
	AND s.sent_at > now() - CASE WHEN o.chat_id < 0 THEN interval '3 seconds' ELSE interval '1 second' END)`

// ClaimReplies is ClaimDueOutbox for the reply class only: a chat's
// replies in order, whatever bulk messages are queued for it; only chat
// onlyChat's when it is not 0.
func ClaimReplies(ctx context.Context, db Querier, limit int, lease time.Duration, owner, onlyChat int64) ([]OutboxRow, error) {
	rows, err := claim(ctx, db, claimableReply, `o.kind, o.priority DESC, o.not_before, o.id`, limit, lease, owner, onlyChat)
	if err != nil {
		return nil, fmt.Errorf("claim due replies: %w", err)
	}
	return rows, nil
}

// ClaimBulk leases up to limit due rows of a bulk kind (reminder or
// broadcast) to owner: at most one per chat, only a chat's oldest pending
// row, and only when the chat's last message is old enough (bulkSpacing);
// only chat onlyChat's when it is not 0.
func ClaimBulk(ctx context.Context, db Querier, kind string, limit int, lease time.Duration, owner, onlyChat int64) ([]OutboxRow, error) {
	rows, err := claim(ctx, db, `o.kind = $5 AND `+claimable+` AND `+bulkSpacing, `o.kind, o.priority DESC, o.not_before, o.id`,
		limit, lease, owner, onlyChat, kind)
	if err != nil {
		return nil, fmt.Errorf("claim due %s rows: %w", kind, err)
	}
	return rows, nil
}

// PauseBulk pauses bulk sending for every replica until until (a 429's
// retry_after); a later pause already set wins.
func PauseBulk(ctx context.Context, db Querier, until time.Time) error {
	const q = `UPDATE sender_state SET bulk_paused_until = GREATEST(COALESCE(bulk_paused_until, $1), $1)`
	if _, err := db.ExecContext(ctx, q, until); err != nil {
		return fmt.Errorf("pause bulk sending: %w", err)
	}
	return nil
}

// BulkPausedUntil tells until when bulk sending is paused (zero: not).
func BulkPausedUntil(ctx context.Context, db Querier) (time.Time, error) {
	var t sql.NullTime
	if err := db.GetContext(ctx, &t, `SELECT bulk_paused_until FROM sender_state`); err != nil {
		return time.Time{}, fmt.Errorf("read bulk pause: %w", err)
	}
	return t.Time, nil
}

// MarkOutboxSentMany records Telegram's acceptance of many rows in one
// statement; messageIDs[i] is Telegram's id for ids[i]. Asynchronous
// commit: losing this write in a crash only means the rows are sent again,
// which at-least-once delivery allows anyway, and it spares the hot path a
// WAL flush per batch.
func MarkOutboxSentMany(ctx context.Context, db Querier, ids, messageIDs []int64) error {
	var err error
	switch n := len(ids); {
	case n == 0:
		return nil
	case n <= maxMarkValues:
		args := make([]any, 0, 2*n)
		for i := range ids {
			args = append(args, ids[i], messageIDs[i])
		}
		_, err = db.ExecContext(ctx, markValues[n], args...)
	default:
		_, err = db.ExecContext(ctx, markArrays, pq.Array(ids), pq.Array(messageIDs))
	}
	if err != nil {
		return fmt.Errorf("mark %d outbox rows sent: %w", len(ids), err)
	}
	return nil
}

const markSet = `UPDATE outbox o SET status = 'sent', sent_at = now(), locked_until = NULL,
	telegram_message_id = NULLIF(m.msg, 0), last_error = NULL
	FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async, `

// markArrays marks a bulk batch (up to a hundred rows), planned on every
// call: a call per hundred messages.
const markArrays = markSet + `unnest(CAST($1 AS bigint[]), CAST($2 AS bigint[])) AS m(id, msg)
	WHERE o.id = m.id`

// markValues[n] marks n rows, the group of replies sent at the same
// moment, with a list of n (id, message id) pairs: a statement per size,
// each of which keeps one plan once prepared. With arrays PostgreSQL plans
// the statement again on every call, because a plan for the arrays' actual
// length looks cheaper to it than the generic one; for a group of a few
// replies that planning cost more than the update.
var markValues = func() (q [maxMarkValues + 1]string) {
	for n := 1; n <= maxMarkValues; n++ {
		pairs := make([]string, n)
		for i := range pairs {
			pairs[i] = fmt.Sprintf("($%d::bigint, $%d::bigint)", 2*i+1, 2*i+2)
		}
		q[n] = markSet + `(VALUES ` + strings.Join(pairs, ", ") + `) AS m(id, msg) WHERE o.id = m.id`
	}
	return q
}()

const maxMarkValues = 16

// RetryOutbox releases a row to be tried again at notBefore.
func RetryOutbox(ctx context.Context, db Querier, id int64, notBefore time.Time, reason string) error {
	const q = `UPDATE outbox SET locked_until = NULL, locked_by = NULL, not_before = $2, last_error = NULLIF($3, '')
		WHERE id = $1`
	if _, err := db.ExecContext(ctx, q, id, notBefore, reason); err != nil {
		return fmt.Errorf("reschedule outbox row %d: %w", id, err)
	}
	return nil
}

// FailOutbox gives up on a row for good.
func FailOutbox(ctx context.Context, db Querier, id int64, reason string) error {
	const q = `UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = $2 WHERE id = $1`
	if _, err := db.ExecContext(ctx, q, id, reason); err != nil {
		return fmt.Errorf("fail outbox row %d: %w", id, err)
	}
	return nil
}

// BlockChat records that the person blocked the bot: the chat is marked and
// every message still queued for it is dropped.
func BlockChat(ctx context.Context, db *sqlx.DB, chatID int64, reason string) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin block of chat %d: %w", chatID, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := blockChat(ctx, tx, chatID, reason, false); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit block of chat %d: %w", chatID, err)
	}
	return nil
}

// blockChat marks the chat blocked and drops its pending rows, all of them
// or, with keepReplies, only reminders and broadcasts.
func blockChat(ctx context.Context, q Querier, chatID int64, reason string, keepReplies bool) error {
	if _, err := q.ExecContext(ctx, `UPDATE chats SET blocked_at = now(), updated_at = now() WHERE chat_id = $1`, chatID); err != nil {
		return fmt.Errorf("mark chat %d blocked: %w", chatID, err)
	}
	const drop = `UPDATE outbox SET status = 'dropped', locked_until = NULL, last_error = $2
		WHERE chat_id = $1 AND status = 'pending' AND NOT ($3 AND kind = 'reply')`
	if _, err := q.ExecContext(ctx, drop, chatID, reason, keepReplies); err != nil {
		return fmt.Errorf("drop queue of chat %d: %w", chatID, err)
	}
	return nil
}

// OutboxCounts tells how many of a chat's rows are still pending (and due
// before dueBefore) and how many Telegram has accepted, ever. Local mode uses
// it to know when a turn's replies are all out.
func OutboxCounts(ctx context.Context, db *sqlx.DB, chatID int64, dueBefore time.Time) (pending, sent int, err error) {
	const q = `
		SELECT count(*) FILTER (WHERE status = 'pending' AND not_before < $2) AS pending,
			count(*) FILTER (WHERE status = 'sent') AS sent
		FROM outbox WHERE chat_id = $1`
	if err := db.QueryRowxContext(ctx, q, chatID, dueBefore).Scan(&pending, &sent); err != nil {
		return 0, 0, fmt.Errorf("count outbox rows of chat %d: %w", chatID, err)
	}
	return pending, sent, nil
}
