package outbox

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// leaderLockKey is the advisory lock whose holder paces bulk sending for
// all replicas ("tumb").
const leaderLockKey = 0x74756d62

// leadership is one process's hold on the bulk sender's advisory lock. The
// lock lives on a dedicated connection: when the process dies, PostgreSQL
// drops the connection and the lock with it, and another replica takes it
// at its next try.
type leadership struct {
	db   *sqlx.DB
	conn *sql.Conn
}

// try takes the lock if it is free and reports whether this process leads.
func (l *leadership) try(ctx context.Context) (bool, error) {
	if l.conn != nil {
		return true, nil
	}
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("connect for the sender lock: %w", err)
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, leaderLockKey).Scan(&got); err != nil {
		_ = conn.Close()
		return false, fmt.Errorf("try the sender lock: %w", err)
	}
	if !got {
		_ = conn.Close()
		return false, nil
	}
	l.conn = conn
	return true, nil
}

// check reports whether the lock's connection is still alive; when it is
// not, the lock is lost (another replica may hold it now).
func (l *leadership) check(ctx context.Context) bool {
	if l.conn == nil {
		return false
	}
	if err := l.conn.PingContext(ctx); err != nil {
		l.release()
		return false
	}
	return true
}

// release gives the lock up by closing its connection.
func (l *leadership) release() {
	if l.conn == nil {
		return
	}
	// Closing the connection would leave the lock held while database/sql
	// pools it; unlock first, and then discard it.
	_, _ = l.conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, leaderLockKey)
	_ = l.conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = l.conn.Close()
	l.conn = nil
}
