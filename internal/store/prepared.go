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
	t.q = prepared{plain: t.tx, tx: t.tx, s: s}
	return t, nil
}

// DB is the database, its statements run through the cache.
func (s *Statements) DB() Querier { return prepared{plain: s.db, s: s} }

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

// prepared runs statements through the cache: prepared when the cache has
// them, else on plain as before. In a transaction (tx set), a prepared
// statement is bound to the transaction's connection.
type prepared struct {
	plain Querier
	tx    *sqlx.Tx
	s     *Statements
}

var _ Querier = prepared{}

func (p prepared) stmt(ctx context.Context, q string) *sqlx.Stmt {
	st := p.s.get(q)
	if st == nil || p.tx == nil {
		return st
	}
	return p.tx.StmtxContext(ctx, st)
}

func (p prepared) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.plain.QueryContext(ctx, q, args...)
}

func (p prepared) QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryxContext(ctx, args...)
	}
	return p.plain.QueryxContext(ctx, q, args...)
}

func (p prepared) QueryRowxContext(ctx context.Context, q string, args ...any) *sqlx.Row {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryRowxContext(ctx, args...)
	}
	return p.plain.QueryRowxContext(ctx, q, args...)
}

func (p prepared) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.plain.ExecContext(ctx, q, args...)
}

func (p prepared) GetContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.stmt(ctx, q); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return p.plain.GetContext(ctx, dest, q, args...)
}

func (p prepared) SelectContext(ctx context.Context, dest any, q string, args ...any) error {
	if st := p.stmt(ctx, q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return p.plain.SelectContext(ctx, dest, q, args...)
}

func (p prepared) DriverName() string     { return p.plain.DriverName() }
func (p prepared) Rebind(q string) string { return p.plain.Rebind(q) }
func (p prepared) BindNamed(q string, arg any) (string, []any, error) {
	return p.plain.BindNamed(q, arg)
}
