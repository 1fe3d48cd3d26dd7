package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// PosGiziRound is a new pos gizi round: its sessions are on Days (local
// days, midnight UTC), from Start to End local time, for Children.
type PosGiziRound struct {
	PosyanduID int64
	Days       []time.Time
	Start, End time.Duration
	Place      string
	Children   []int64
}

// CreatePosGiziRound stores a round with its sessions and children (who
// must be of the posyandu) and returns its id. Run it in a transaction:
// it writes three tables.
func CreatePosGiziRound(ctx context.Context, q Querier, r PosGiziRound) (int64, error) {
	if len(r.Days) == 0 {
		return 0, fmt.Errorf("pos gizi round without sessions")
	}
	var found int
	const check = `SELECT count(*) FROM children c WHERE c.id = ANY($1) AND c.posyandu_id = $2 AND c.deleted_at IS NULL`
	if err := q.GetContext(ctx, &found, check, pq.Int64Array(r.Children), r.PosyanduID); err != nil {
		return 0, fmt.Errorf("check children of pos gizi round: %w", err)
	}
	if found != len(r.Children) {
		return 0, fmt.Errorf("pos gizi round: %d of %d children are not of posyandu %d", len(r.Children)-found, len(r.Children), r.PosyanduID)
	}
	var id int64
	const ins = `INSERT INTO pos_gizi_rounds (posyandu_id, starts_on, sessions, place) VALUES ($1, $2, $3, $4) RETURNING id`
	if err := q.GetContext(ctx, &id, ins, r.PosyanduID, r.Days[0], len(r.Days), r.Place); err != nil {
		return 0, fmt.Errorf("create pos gizi round at posyandu %d: %w", r.PosyanduID, err)
	}
	texts := make([]string, len(r.Days))
	for i, d := range r.Days {
		texts[i] = d.Format("2006-01-02")
	}
	sessions := `
		WITH z AS (SELECT ` + posyanduZone + ` AS tz)
		INSERT INTO pos_gizi_sessions (round_id, number, day, starts_at, ends_at, reminder_at)
		SELECT $2, n, d, (d + CAST($4 AS time)) AT TIME ZONE z.tz, (d + CAST($5 AS time)) AT TIME ZONE z.tz,
			(d + CAST('` + posyanduMorning + `' AS time)) AT TIME ZONE z.tz
		FROM z, unnest(CAST($3 AS date[])) WITH ORDINALITY AS t(d, n)`
	if _, err := q.ExecContext(ctx, sessions, r.PosyanduID, id, pq.StringArray(texts), hhmm(r.Start), hhmm(r.End)); err != nil {
		return 0, fmt.Errorf("plan sessions of pos gizi round %d: %w", id, err)
	}
	const kids = `INSERT INTO pos_gizi_children (round_id, child_id)
		SELECT $1, c.id FROM children c WHERE c.id = ANY($2) AND c.posyandu_id = $3 AND c.deleted_at IS NULL`
	if _, err := q.ExecContext(ctx, kids, id, pq.Int64Array(r.Children), r.PosyanduID); err != nil {
		return 0, fmt.Errorf("enrol children in pos gizi round %d: %w", id, err)
	}
	return id, nil
}

// DuePosGiziSession is a session whose reminder is due.
type DuePosGiziSession struct {
	ID       int64     `db:"id"`
	Number   int       `db:"number"`
	Sessions int       `db:"sessions"`
	Day      time.Time `db:"day"`
	StartsAt time.Time `db:"starts_at"`
	EndsAt   time.Time `db:"ends_at"`
	Place    string    `db:"place"`
	Posyandu string    `db:"posyandu"`
	TimeZone string    `db:"tz"`
}

// DuePosGiziSessions lists the sessions whose reminder is due at now.
func DuePosGiziSessions(ctx context.Context, q Querier, now time.Time) ([]DuePosGiziSession, error) {
	const query = `
		SELECT s.id, s.number, r.sessions, s.day, s.starts_at, s.ends_at, r.place, y.name AS posyandu,
			COALESCE(g.timezone, 'Asia/Jakarta') AS tz
		FROM pos_gizi_sessions s JOIN pos_gizi_rounds r ON r.id = s.round_id JOIN posyandu y ON y.id = r.posyandu_id
		LEFT JOIN regions g ON g.code = y.region_code
		WHERE NOT s.done AND s.reminder_at <= $1 ORDER BY s.id`
	var out []DuePosGiziSession
	if err := q.SelectContext(ctx, &out, query, now); err != nil {
		return nil, fmt.Errorf("due pos gizi sessions: %w", err)
	}
	return out, nil
}

// QueuePosGiziSession queues a session's reminder to the guardians of the
// round's children and the posyandu's cadres (not those who stopped
// posyandu reminders or blocked the bot) and marks it done, in one
// statement; after the session started it is recorded skipped.
func QueuePosGiziSession(ctx context.Context, q Querier, b Batch, sessionID int64) (Queued, error) {
	query := `
	WITH d AS (
		UPDATE pos_gizi_sessions s SET done = true WHERE s.id = $6 AND NOT s.done
		RETURNING s.id, s.round_id, s.starts_at, (SELECT posyandu_id FROM pos_gizi_rounds r WHERE r.id = s.round_id) AS posyandu_id
	), r AS (
		SELECT DISTINCT u.id AS user_id, u.chat_id, COALESCE(c.language, 'id') AS lang
		FROM users u JOIN chats c ON c.chat_id = u.chat_id
		WHERE c.blocked_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM reminder_stops s WHERE s.user_id = u.id AND s.kind IN ('all', 'posyandu'))
			AND (u.id IN (SELECT g.user_id FROM guardians g JOIN pos_gizi_children k ON k.child_id = g.child_id
					WHERE k.round_id = (SELECT round_id FROM d))
				OR u.id IN (SELECT x.user_id FROM user_roles x WHERE x.role = 'kader' AND x.posyandu_id = (SELECT posyandu_id FROM d)))
	), todo AS (
		SELECT r.user_id, r.chat_id, d.starts_at AS due_at, d.starts_at AS deadline,
			'posgizi:' || d.id || ':' || r.user_id AS key,
			COALESCE(array_position(CAST($4 AS text[]), r.lang), 1) AS idx
		FROM d, r
		WHERE CAST($2 AS float8) IS NOT NULL AND CAST($3 AS int) IS NOT NULL
	), ` + reminderTail(`(CAST($5 AS jsonb[]))[idx] || jsonb_build_object('chat_id', chat_id)`, `true`)
	out, err := queueBulk(ctx, q, query, b, sessionID)
	if err != nil {
		return Queued{}, fmt.Errorf("queue pos gizi session %d: %w", sessionID, err)
	}
	return out, nil
}

// TogglePosGiziAttendance ticks a child present at a session, or unticks a
// child ticked already, and reports whether the child is now present. A
// child not enrolled in the session's round gives ErrNotFound.
func TogglePosGiziAttendance(ctx context.Context, q Querier, sessionID, childID int64, now time.Time) (bool, error) {
	const query = `
		WITH k AS (
			SELECT 1 FROM pos_gizi_sessions s JOIN pos_gizi_children c ON c.round_id = s.round_id
			WHERE s.id = $1 AND c.child_id = $2
		), gone AS (
			DELETE FROM pos_gizi_attendance WHERE session_id = $1 AND child_id = $2 AND EXISTS (SELECT 1 FROM k)
			RETURNING 1
		), came AS (
			INSERT INTO pos_gizi_attendance (session_id, child_id, ticked_at)
			SELECT $1, $2, $3 FROM k WHERE NOT EXISTS (SELECT 1 FROM pos_gizi_attendance WHERE session_id = $1 AND child_id = $2)
			ON CONFLICT DO NOTHING
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM k), EXISTS (SELECT 1 FROM came)`
	var enrolled, present bool
	if err := q.QueryRowxContext(ctx, query, sessionID, childID, now).Scan(&enrolled, &present); err != nil {
		return false, fmt.Errorf("tick child %d at pos gizi session %d: %w", childID, sessionID, err)
	}
	if !enrolled {
		return false, fmt.Errorf("child %d in the round of pos gizi session %d: %w", childID, sessionID, ErrNotFound)
	}
	return present, nil
}

// PosGiziPresent lists the children ticked present at a session.
func PosGiziPresent(ctx context.Context, q Querier, sessionID int64) ([]int64, error) {
	var ids []int64
	if err := q.SelectContext(ctx, &ids, `SELECT child_id FROM pos_gizi_attendance WHERE session_id = $1 ORDER BY child_id`, sessionID); err != nil {
		return nil, fmt.Errorf("attendance of pos gizi session %d: %w", sessionID, err)
	}
	return ids, nil
}

// PosGiziResult is a child's result at the end of a round.
type PosGiziResult struct {
	StartGrams, EndGrams, TargetGrams int
	// Lulus: the child gained at least TargetGrams; otherwise the child
	// joins the next round.
	Lulus bool
}

// RecordPosGiziResult stores a child's result (a second one replaces the
// first). A child not enrolled in the round gives ErrNotFound.
func RecordPosGiziResult(ctx context.Context, q Querier, roundID, childID int64, r PosGiziResult, now time.Time) error {
	const query = `
		UPDATE pos_gizi_children SET start_grams = $3, end_grams = $4, target_grams = $5, lulus = $6, result_at = $7
		WHERE round_id = $1 AND child_id = $2`
	res, err := q.ExecContext(ctx, query, roundID, childID, r.StartGrams, r.EndGrams, r.TargetGrams, r.Lulus, now)
	if err != nil {
		return fmt.Errorf("record pos gizi result of child %d in round %d: %w", childID, roundID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("child %d in pos gizi round %d: %w", childID, roundID, ErrNotFound)
	}
	return nil
}

// PosGiziResultOf returns a child's recorded result, or ErrNotFound.
func PosGiziResultOf(ctx context.Context, q Querier, roundID, childID int64) (PosGiziResult, error) {
	const query = `
		SELECT start_grams, end_grams, target_grams, lulus FROM pos_gizi_children
		WHERE round_id = $1 AND child_id = $2 AND lulus IS NOT NULL`
	var r PosGiziResult
	err := q.QueryRowxContext(ctx, query, roundID, childID).Scan(&r.StartGrams, &r.EndGrams, &r.TargetGrams, &r.Lulus)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("pos gizi result of child %d in round %d: %w", childID, roundID, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("pos gizi result of child %d in round %d: %w", childID, roundID, err)
	}
	return r, nil
}

// PosGiziCandidate is a child of a posyandu who may join a pos gizi round.
type PosGiziCandidate struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
	// Reason is why: "2T", "T", "BGM", "underweight" (the last weighing)
	// or "referral" (an open referral).
	Reason string `db:"reason"`
}

// PosGiziCandidates lists the posyandu's children whose last weighing was
// T, 2T, BGM or underweight (skdn.UnderweightCategories, as in the report), or who have an open referral, and who are in
// no round without a result.
func PosGiziCandidates(ctx context.Context, q Querier, posyanduID int64) ([]PosGiziCandidate, error) {
	query := `
		SELECT c.id, c.name, CASE
				WHEN m.two_t THEN '2T' WHEN m.trend = 'T' THEN 'T' WHEN m.bgm THEN 'BGM'
				WHEN m.cat_wfa = ANY($2) THEN 'underweight'
				ELSE 'referral' END AS reason
		FROM children c
		LEFT JOIN LATERAL (SELECT m.two_t, m.trend, m.bgm, m.cat_wfa FROM measurements m
			WHERE m.child_id = c.id AND ` + current + ` AND m.weight_kg IS NOT NULL
			ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) m ON true
		WHERE c.posyandu_id = $1 AND c.deleted_at IS NULL
			AND (m.two_t OR m.trend = 'T' OR m.bgm OR m.cat_wfa = ANY($2)
				OR EXISTS (SELECT 1 FROM referrals r WHERE r.child_id = c.id AND r.status <> 'selesai'))
			AND NOT EXISTS (SELECT 1 FROM pos_gizi_children k WHERE k.child_id = c.id AND k.lulus IS NULL)
		ORDER BY c.name, c.id`
	var out []PosGiziCandidate
	if err := q.SelectContext(ctx, &out, query, posyanduID, categories(skdn.UnderweightCategories)); err != nil {
		return nil, fmt.Errorf("pos gizi candidates of posyandu %d: %w", posyanduID, err)
	}
	return out, nil
}

// PosGiziRoundInfo is a round with its sessions and children.
type PosGiziRoundInfo struct {
	ID       int64
	Place    string
	Sessions []PosGiziSessionInfo
	Children []PosGiziChild
}

// PosGiziSessionInfo is one session day of a round.
type PosGiziSessionInfo struct {
	ID     int64     `db:"id"`
	Number int       `db:"number"`
	Day    time.Time `db:"day"`
}

// PosGiziChild is a child of a round: the last weight before the round
// (0 when never weighed) and the result if recorded.
type PosGiziChild struct {
	ID         int64         `db:"id"`
	Name       string        `db:"name"`
	BirthDate  time.Time     `db:"birth_date"`
	StartGrams int           `db:"start_grams"`
	Lulus      sql.NullBool  `db:"lulus"`
	Guardians  pq.Int64Array `db:"guardians"`
}

// CurrentPosGiziRound returns the posyandu's latest round that still has a
// child without a result, or ErrNotFound.
func CurrentPosGiziRound(ctx context.Context, q Querier, posyanduID int64) (PosGiziRoundInfo, error) {
	var r PosGiziRoundInfo
	const round = `
		SELECT r.id, r.place FROM pos_gizi_rounds r
		WHERE r.posyandu_id = $1 AND EXISTS (SELECT 1 FROM pos_gizi_children k WHERE k.round_id = r.id AND k.lulus IS NULL)
		ORDER BY r.starts_on DESC, r.id DESC LIMIT 1`
	err := q.QueryRowxContext(ctx, round, posyanduID).Scan(&r.ID, &r.Place)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("open pos gizi round of posyandu %d: %w", posyanduID, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("open pos gizi round of posyandu %d: %w", posyanduID, err)
	}
	return r, loadPosGiziRound(ctx, q, &r)
}

func loadPosGiziRound(ctx context.Context, q Querier, r *PosGiziRoundInfo) error {
	if err := q.SelectContext(ctx, &r.Sessions, `SELECT id, number, day FROM pos_gizi_sessions WHERE round_id = $1 ORDER BY number`, r.ID); err != nil {
		return fmt.Errorf("sessions of pos gizi round %d: %w", r.ID, err)
	}
	query := `
		SELECT c.id, c.name, c.birth_date, k.lulus,
			COALESCE(k.start_grams, (SELECT round(m.weight_kg * 1000) FROM measurements m, pos_gizi_rounds r
				WHERE r.id = k.round_id AND m.child_id = c.id AND ` + current + ` AND m.weight_kg IS NOT NULL AND m.measured_on <= r.starts_on
				ORDER BY m.measured_on DESC, m.id DESC LIMIT 1), 0) AS start_grams,
			COALESCE((SELECT array_agg(g.user_id ORDER BY g.user_id) FROM guardians g WHERE g.child_id = c.id), '{}') AS guardians
		FROM pos_gizi_children k JOIN children c ON c.id = k.child_id
		WHERE k.round_id = $1 AND c.deleted_at IS NULL ORDER BY c.name, c.id`
	if err := q.SelectContext(ctx, &r.Children, query, r.ID); err != nil {
		return fmt.Errorf("children of pos gizi round %d: %w", r.ID, err)
	}
	return nil
}

// PosGiziRoundByID returns a round of the posyandu, or ErrNotFound.
func PosGiziRoundByID(ctx context.Context, q Querier, posyanduID, roundID int64) (PosGiziRoundInfo, error) {
	r := PosGiziRoundInfo{ID: roundID}
	err := q.QueryRowxContext(ctx, `SELECT place FROM pos_gizi_rounds WHERE id = $1 AND posyandu_id = $2`, roundID, posyanduID).Scan(&r.Place)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("pos gizi round %d of posyandu %d: %w", roundID, posyanduID, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("pos gizi round %d: %w", roundID, err)
	}
	return r, loadPosGiziRound(ctx, q, &r)
}

// PosyanduOfPuskesmas lists the posyandu of the puskesmas (id, name), by name.
func PosyanduOfPuskesmas(ctx context.Context, q Querier, puskesmasIDs []int64) ([]PosyanduName, error) {
	var out []PosyanduName
	const query = `SELECT id, name FROM posyandu WHERE puskesmas_id = ANY($1) ORDER BY name, id`
	if err := q.SelectContext(ctx, &out, query, pq.Int64Array(puskesmasIDs)); err != nil {
		return nil, fmt.Errorf("posyandu of puskesmas %v: %w", puskesmasIDs, err)
	}
	return out, nil
}

// PosyanduName is a posyandu's id and name.
type PosyanduName struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// FindPosGiziChildren lists up to 5 children of the posyandu whose name
// contains name (any case), in no round without a result: a cadre enrols
// a child by name.
func FindPosGiziChildren(ctx context.Context, q Querier, posyanduID int64, name string) ([]PosGiziCandidate, error) {
	const query = `
		SELECT c.id, c.name, 'name' AS reason FROM children c
		WHERE c.posyandu_id = $1 AND c.deleted_at IS NULL AND strpos(lower(c.name), lower($2)) > 0
			AND NOT EXISTS (SELECT 1 FROM pos_gizi_children k WHERE k.child_id = c.id AND k.lulus IS NULL)
		ORDER BY c.name, c.id LIMIT 5`
	var out []PosGiziCandidate
	if err := q.SelectContext(ctx, &out, query, posyanduID, name); err != nil {
		return nil, fmt.Errorf("find children of posyandu %d by name: %w", posyanduID, err)
	}
	return out, nil
}
