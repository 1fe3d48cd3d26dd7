package store

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Statements keeps the statements of the hot paths (turns, the sender)
// prepared, once per connection, for the connection's life. PostgreSQL then
// parses, analyses and plans each of them once, not on every call: for a
// turn's statements that took more of its time than running them.
//
// A statement seen for the first time runs unprepared, and is prepared in
// the background, on a connection of its own: preparing inside a turn would
// need a second connection while the turn holds one, and a full pool would
// wait for itself. Connections that have not seen a prepared statement yet
// prepare it on first use (one round trip, once).
type Statements struct {
	db  *sqlx.DB
	log *slog.Logger

	mu        sync.Mutex
	stmts     map[string]*sqlx.Stmt
	preparing map[string]bool
	wg        sync.WaitGroup
}

// maxStatements bounds the cache: statements are fixed texts, so this is
// never reached unless some text is built from data, and then the rest run
// unprepared as before.
const maxStatements = 512

// prepareTimeout bounds a background preparation.
const prepareTimeout = 10 * time.Second

// NewStatements returns an empty cache over db.
func NewStatements(db *sqlx.DB, log *slog.Logger) *Statements {
	return &Statements{db: db, log: log, stmts: map[string]*sqlx.Stmt{}, preparing: map[string]bool{}}
}

// Begin starts a transaction whose statements use the cache.
func (s *Statements) Begin(ctx context.Context) (*Tx, error) {
	t, err := Begin(ctx, s.db)
	if err != nil {
		return nil, err
	}
	t.q = preparedTx{tx: t.tx, s: s}
	return t, nil
}

// DB is the database, its statements run through the cache.
func (s *Statements) DB() Querier { return preparedDB{db: s.db, s: s} }

// Close closes the prepared statements (after every user is done with them).
func (s *Statements) Close() {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.stmts {
		_ = st.Close()
		delete(s.stmts, q)
	}
}

// Len is how many statements are prepared.
func (s *Statements) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stmts)
}

// get returns q prepared, or nil the first time (q is then prepared in
// the background).
func (s *Statements) get(q string) *sqlx.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[q]; ok {
		return st
	}
	if s.preparing[q] || len(s.stmts)+len(s.preparing) >= maxStatements {
		return nil
	}
	s.preparing[q] = true
	s.wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), prepareTimeout)
		defer cancel()
		st, err := s.db.PreparexContext(ctx, q)
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.preparing, q)
		if err != nil {
			// Unprepared it still runs, and fails there with the turn's
			// own error if it is wrong; the next call tries again.
			s.log.Debug("prepare statement", "error", err)
			return
		}
		s.stmts[q] = st
	})
	return nil
}

// preparedTx runs a transaction's statements through the cache.
type preparedTx struct {
	tx *sqlx.Tx
	s  *Statements
}

var _ Querier = preparedTx{}

func (p preparedTx) stmt(ctx context.Context, q string) *sqlx.Stmt {
	if st := p.s.get(q); st != nil {
		return p.tx.StmtxContext(ctx, st)
	}
	return nil
}

func (p preparedTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.tx.QueryContext(ctx, q, args...)
}

func (p preparedTx) QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryxContext(ctx, args...)
	}
	return p.tx.QueryxContext(ctx, q, args...)
}

func (p preparedTx) QueryRowxContext(ctx context.Context, q string, args ...any) *sqlx.Row {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryRowxContext(ctx, args...)
	}
	return p.tx.QueryRowxContext(ctx, q, args...)
}

func (p preparedTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.tx.ExecContext(ctx, q, args...)
}

func (p preparedTx) GetContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.stmt(ctx, q); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return p.tx.GetContext(ctx, dest, q, args...)
}

func (p preparedTx) SelectContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.stmt(ctx, q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return p.tx.SelectContext(ctx, dest, q, args...)
}

func (p preparedTx) DriverName() string     { return p.tx.DriverName() }
func (p preparedTx) Rebind(q string) string { return p.tx.Rebind(q) }
func (p preparedTx) BindNamed(q string, arg any) (string, []any, error) {
	return p.tx.BindNamed(q, arg)
}

// preparedDB runs plain statements through the cache.
type preparedDB struct {
	db *sqlx.DB
	s  *Statements
}

var _ Querier = preparedDB{}

func (p preparedDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.s.get(q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, q, args...)
}

func (p preparedDB) QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	if st := p.s.get(q); st != nil {
		return st.QueryxContext(ctx, args...)
	}
	return p.db.QueryxContext(ctx, q, args...)
}

func (p preparedDB) QueryRowxContext(ctx context.Context, q string, args ...any) *sqlx.Row {
	if st := p.s.get(q); st != nil {
		return st.QueryRowxContext(ctx, args...)
	}
	return p.db.QueryRowxContext(ctx, q, args...)
}

func (p preparedDB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.s.get(q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.db.ExecContext(ctx, q, args...)
}

func (p preparedDB) GetContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.s.get(q); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return p.db.GetContext(ctx, dest, q, args...)
}

func (p preparedDB) SelectContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.s.get(q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return p.db.SelectContext(ctx, dest, q, args...)
}

func (p preparedDB) DriverName() string     { return p.db.DriverName() }
func (p preparedDB) Rebind(q string) string { return p.db.Rebind(q) }
func (p preparedDB) BindNamed(q string, arg any) (string, []any, error) {
	return p.db.BindNamed(q, arg)
}
