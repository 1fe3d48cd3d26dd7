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

// BroadcastStatus is where a broadcast stands.
type BroadcastStatus string

// The statuses of a broadcast. A queued one is sending (or waits for its
// time); its report says how far it got.
const (
	BroadcastQueued    BroadcastStatus = "queued"
	BroadcastCancelled BroadcastStatus = "cancelled"
)

// Audience chooses a broadcast's recipients: people with any of Roles (all
// roles when empty) in Region (a region code: the region and everything
// under it; empty: everywhere) or at Posyandu; for parents, only those with
// a child aged ChildMinMonths..ChildMaxMonths (both 0: any).
type Audience struct {
	Roles          []string `json:"roles,omitempty"`
	Region         string   `json:"region,omitempty"`
	Posyandu       int64    `json:"posyandu,omitempty"`
	ChildMinMonths int      `json:"child_min_months,omitempty"`
	ChildMaxMonths int      `json:"child_max_months,omitempty"`
}

// NewBroadcast is a broadcast to queue.
type NewBroadcast struct {
	CreatedBy string
	TextID    string
	TextEN    string
	Photo     []byte
	// PhotoFileID is a photo Telegram already has (sent by the admin in
	// the chat), sent again by its id; Photo is then empty.
	PhotoFileID string
	Audience    Audience
	SendAt      time.Time // zero: now
}

// BroadcastContent is what a broadcast's messages say.
type BroadcastContent struct {
	TextID string
	TextEN string
	Photo  []byte
	// PhotoFileID is a photo Telegram already has.
	PhotoFileID string
	Status      BroadcastStatus
}

// BroadcastReport is a broadcast's progress: its recipients by outcome.
// Queued + Sent + Blocked + Failed + Cancelled = Total.
type BroadcastReport struct {
	ID        int64
	Status    BroadcastStatus
	SendAt    time.Time
	Total     int
	Queued    int
	Sent      int
	Blocked   int
	Failed    int
	Cancelled int
}

// audienceQuery is the SELECT of the recipients: one row per user (id,
// chat id, language), never a chat that blocked the bot or stopped.
// Parameters: $1 roles (text[], empty = all), $2 region code, $3 posyandu
// id, $4/$5 child age band in months.
const audienceQuery = `
	WITH RECURSIVE area AS (
		SELECT code FROM regions WHERE code = NULLIF($2, '')
		UNION ALL
		SELECT r.code FROM regions r JOIN area a ON r.parent_code = a.code
	)
	SELECT u.id, u.chat_id, COALESCE(c.language, 'id') AS language
	FROM users u
	JOIN chats c ON c.chat_id = u.chat_id AND c.blocked_at IS NULL AND c.stopped_at IS NULL
	WHERE EXISTS (
		SELECT 1 FROM user_roles ur
		WHERE ur.user_id = u.id
			AND (cardinality(CAST($1 AS text[])) = 0 OR ur.role = ANY(CAST($1 AS text[])))
			AND ($5 = 0 OR ur.role <> 'orang_tua' OR EXISTS (
				SELECT 1 FROM guardians g JOIN children ch ON ch.id = g.child_id
				WHERE g.user_id = u.id
					AND ch.birth_date > (current_date - make_interval(months => $5 + 1))::date
					AND ch.birth_date <= (current_date - make_interval(months => $4))::date))
	)
	AND ($2 = '' OR u.region_code IN (SELECT code FROM area)
		OR u.posyandu_id IN (SELECT p.id FROM posyandu p WHERE p.region_code IN (SELECT code FROM area)))
	AND ($3 = 0 OR u.posyandu_id = $3)`

func audienceArgs(a Audience) []any {
	roles := a.Roles
	if roles == nil {
		roles = []string{}
	}
	return []any{pq.Array(roles), a.Region, a.Posyandu, a.ChildMinMonths, a.ChildMaxMonths}
}

// CountAudience tells how many people an audience reaches now.
func CountAudience(ctx context.Context, q Querier, a Audience) (int, error) {
	var n int
	if err := q.GetContext(ctx, &n, `SELECT count(*) FROM (`+audienceQuery+`) r`, audienceArgs(a)...); err != nil {
		return 0, fmt.Errorf("count broadcast audience: %w", err)
	}
	return n, nil
}

// QueueBroadcast records a broadcast and queues one outbox row per
// recipient in one INSERT … SELECT, in one transaction. Each row's dedupe
// key is bc:<broadcast>:<user>, so queueing it again (a repeated
// confirmation, a retry after a crash) adds nobody twice. It returns the id
// and how many rows it queued.
func QueueBroadcast(ctx context.Context, db *sqlx.DB, b NewBroadcast) (int64, int, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("begin broadcast: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	id, n, err := QueueBroadcastOn(ctx, tx, b)
	if err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("commit broadcast %d: %w", id, err)
	}
	return id, n, nil
}

// QueueBroadcastOn is QueueBroadcast in the caller's transaction (a turn's).
func QueueBroadcastOn(ctx context.Context, q Querier, b NewBroadcast) (int64, int, error) {
	aud, err := json.Marshal(b.Audience)
	if err != nil {
		return 0, 0, fmt.Errorf("encode audience: %w", err)
	}
	var sendAt *time.Time
	if !b.SendAt.IsZero() {
		sendAt = &b.SendAt
	}
	var id int64
	const ins = `INSERT INTO broadcasts (created_by, text_id, text_en, photo, photo_file_id, audience, send_at)
		VALUES ($1, $2, NULLIF($3, ''), $4, NULLIF($5, ''), $6, COALESCE($7, now())) RETURNING id`
	if err := q.GetContext(ctx, &id, ins, b.CreatedBy, b.TextID, b.TextEN, b.Photo, b.PhotoFileID, string(aud), sendAt); err != nil {
		return 0, 0, fmt.Errorf("insert broadcast: %w", err)
	}
	n, err := fanOut(ctx, q, id, b.Audience)
	if err != nil {
		return 0, 0, err
	}
	return id, n, nil
}

// FanOutBroadcast queues broadcast id to its audience again: only people
// not queued yet get a row (a crash between insert and fan-out, a repeated
// confirmation). It returns how many rows it added.
func FanOutBroadcast(ctx context.Context, db *sqlx.DB, id int64) (int, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin fan-out of broadcast %d: %w", id, err)
	}
	defer func() { _ = tx.Rollback() }()
	var raw []byte
	if err := tx.GetContext(ctx, &raw, `SELECT audience FROM broadcasts WHERE id = $1 AND status = 'queued' FOR UPDATE`, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("broadcast %d: %w", id, ErrNotFound)
		}
		return 0, fmt.Errorf("read broadcast %d: %w", id, err)
	}
	var a Audience
	if err := json.Unmarshal(raw, &a); err != nil {
		return 0, fmt.Errorf("decode audience of broadcast %d: %w", id, err)
	}
	n, err := fanOut(ctx, tx, id, a)
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

const fanOutQuery = `
		INSERT INTO outbox (chat_id, kind, priority, payload, not_before, broadcast_id)
		WITH payload AS (
			-- One payload per language, built once: the sender takes the
			-- chat from the row and the text from the broadcast.
			SELECT lang, jsonb_build_object('method', 'sendMessage',
				'broadcast', jsonb_build_object('id', $6::bigint, 'lang', lang)) AS p
			FROM unnest(ARRAY['id', 'en']) AS lang
		)
		SELECT r.chat_id, 'broadcast', 0, payload.p, (SELECT b.send_at FROM broadcasts b WHERE b.id = $6), $6
		FROM (` + audienceQuery + `) r JOIN payload ON payload.lang = r.language
		ON CONFLICT (broadcast_id, chat_id) WHERE broadcast_id IS NOT NULL DO NOTHING`

func fanOut(ctx context.Context, tx Querier, id int64, a Audience) (int, error) {
	res, err := tx.ExecContext(ctx, fanOutQuery, append(audienceArgs(a), id)...)
	if err != nil {
		return 0, fmt.Errorf("fan out broadcast %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("fan out broadcast %d: %w", id, err)
	}
	// ON CONFLICT DO NOTHING makes n exactly the rows this call added, so
	// the total grows by n (no count over the broadcast's rows).
	if _, err := tx.ExecContext(ctx, `UPDATE broadcasts SET total = total + $2 WHERE id = $1`, id, n); err != nil {
		return 0, fmt.Errorf("count broadcast %d: %w", id, err)
	}
	return int(n), nil
}

// BroadcastContentByID reads what a broadcast's messages say.
func BroadcastContentByID(ctx context.Context, q Querier, id int64) (BroadcastContent, error) {
	var r struct {
		TextID string         `db:"text_id"`
		TextEN sql.NullString `db:"text_en"`
		Photo  []byte         `db:"photo"`
		FileID sql.NullString `db:"photo_file_id"`
		Status string         `db:"status"`
	}
	err := q.GetContext(ctx, &r, `SELECT text_id, text_en, photo, photo_file_id, status FROM broadcasts WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return BroadcastContent{}, fmt.Errorf("broadcast %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return BroadcastContent{}, fmt.Errorf("read broadcast %d: %w", id, err)
	}
	return BroadcastContent{TextID: r.TextID, TextEN: r.TextEN.String, Photo: r.Photo, PhotoFileID: r.FileID.String, Status: BroadcastStatus(r.Status)}, nil
}

// OutboxPending tells whether a row is still waiting to be sent (not sent,
// dropped by a cancel or a block, nor failed).
func OutboxPending(ctx context.Context, db Querier, id int64) (bool, error) {
	var pending bool
	if err := db.GetContext(ctx, &pending, `SELECT status = 'pending' FROM outbox WHERE id = $1`, id); err != nil {
		return false, fmt.Errorf("read status of outbox row %d: %w", id, err)
	}
	return pending, nil
}

// CancelBroadcast stops a broadcast: every message of it not sent yet is
// dropped, including those a sender holds right now (the sender checks
// before each call). It reports the state after.
func CancelBroadcast(ctx context.Context, db *sqlx.DB, id int64) (BroadcastReport, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return BroadcastReport{}, fmt.Errorf("begin cancel of broadcast %d: %w", id, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := CancelBroadcastOn(ctx, tx, id); err != nil {
		return BroadcastReport{}, err
	}
	if err := tx.Commit(); err != nil {
		return BroadcastReport{}, fmt.Errorf("commit cancel of broadcast %d: %w", id, err)
	}
	return BroadcastProgress(ctx, db, id)
}

// CancelBroadcastOn is CancelBroadcast's change in the caller's
// transaction; cancelling twice is no error.
func CancelBroadcastOn(ctx context.Context, q Querier, id int64) error {
	res, err := q.ExecContext(ctx, `UPDATE broadcasts SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status = 'queued'`, id)
	if err != nil {
		return fmt.Errorf("cancel broadcast %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		const drop = `UPDATE outbox SET status = 'dropped', locked_until = NULL, last_error = 'cancelled'
			WHERE broadcast_id = $1 AND status = 'pending'`
		if _, err := q.ExecContext(ctx, drop, id); err != nil {
			return fmt.Errorf("drop messages of broadcast %d: %w", id, err)
		}
	}
	return nil
}

// BroadcastProgress counts a broadcast's messages by outcome. Blocked are
// those dropped because the person blocked the bot (Telegram's 403).
func BroadcastProgress(ctx context.Context, q Querier, id int64) (BroadcastReport, error) {
	r := BroadcastReport{ID: id}
	var status string
	if err := q.QueryRowxContext(ctx, `SELECT status, send_at, total FROM broadcasts WHERE id = $1`, id).Scan(&status, &r.SendAt, &r.Total); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return r, fmt.Errorf("broadcast %d: %w", id, ErrNotFound)
		}
		return r, fmt.Errorf("read broadcast %d: %w", id, err)
	}
	r.Status = BroadcastStatus(status)
	const counts = `
		SELECT count(*) FILTER (WHERE status = 'pending'),
			count(*) FILTER (WHERE status = 'sent'),
			count(*) FILTER (WHERE status = 'dropped' AND last_error IS DISTINCT FROM 'cancelled'),
			count(*) FILTER (WHERE status = 'failed'),
			count(*) FILTER (WHERE status = 'dropped' AND last_error = 'cancelled')
		FROM outbox WHERE broadcast_id = $1`
	if err := q.QueryRowxContext(ctx, counts, id).Scan(&r.Queued, &r.Sent, &r.Blocked, &r.Failed, &r.Cancelled); err != nil {
		return r, fmt.Errorf("count messages of broadcast %d: %w", id, err)
	}
	return r, nil
}

// RegionWithin tells whether region code lies in scope (scope itself or
// anything under it). An empty scope holds everything.
func RegionWithin(ctx context.Context, q Querier, code, scope string) (bool, error) {
	if scope == "" {
		return true, nil
	}
	const query = `
		WITH RECURSIVE up AS (
			SELECT code, parent_code FROM regions WHERE code = $1
			UNION ALL
			SELECT r.code, r.parent_code FROM regions r JOIN up ON r.code = up.parent_code
		)
		SELECT EXISTS (SELECT 1 FROM up WHERE code = $2)`
	var ok bool
	if err := q.GetContext(ctx, &ok, query, code, scope); err != nil {
		return false, fmt.Errorf("is region %s within %s: %w", code, scope, err)
	}
	return ok, nil
}

// PosyanduRegion returns the kelurahan code of a posyandu.
func PosyanduRegion(ctx context.Context, q Querier, id int64) (string, error) {
	var code string
	err := q.GetContext(ctx, &code, `SELECT region_code FROM posyandu WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("posyandu %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read posyandu %d: %w", id, err)
	}
	return code, nil
}

// BulkBacklog counts the reminders and broadcasts queued and due by at,
// which the sender sends before a broadcast queued now.
func BulkBacklog(ctx context.Context, q Querier, at time.Time) (int, error) {
	var n int
	const query = `SELECT count(*) FROM outbox WHERE status = 'pending' AND kind IN ('reminder', 'broadcast') AND not_before <= $1`
	if err := q.GetContext(ctx, &n, query, at); err != nil {
		return 0, fmt.Errorf("count bulk backlog: %w", err)
	}
	return n, nil
}
