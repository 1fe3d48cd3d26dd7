package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Querier is what a statement runs on: a *sqlx.DB for plain reads (reports,
// the sender, the CLI) or a *sqlx.Tx inside a turn.
type Querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

var (
	_ Querier = (*sqlx.DB)(nil)
	_ Querier = (*sqlx.Tx)(nil)
)

// Store runs the domain statements (children, measurements, data rights) on
// a Querier, so the same code serves a turn's transaction and plain reads.
type Store struct {
	q Querier
}

// On returns a Store over q.
func On(q Querier) *Store { return &Store{q: q} }

// Store returns a Store over the turn's transaction.
func (t *Tx) Store() *Store { return &Store{q: t.q} }

// Querier returns what the store runs on, for use cases that take one.
func (s *Store) Querier() Querier { return s.q }
