package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
)

// Unavailable reports whether err means the database could not do the work
// right now, through no fault of the statement: it is unreachable, starting
// up or shutting down, read-only (a failover), out of connections, the
// connection broke, or the caller's context ended. Such work should be tried
// again later, not reported to the person as a failure.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if Conflict(err) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case "08", // connection exception
			"53", // insufficient resources: too many connections, out of memory or disk
			"57": // operator intervention: shutting down, starting up, cancelled
			return true
		}
		// read_only_sql_transaction: a primary became a replica.
		return pqErr.Code == "25006"
	}
	var netErr net.Error
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.As(err, &netErr)
}

// Conflict reports a serialization failure or a deadlock: the transaction
// lost a race and may simply be run again at once.
func Conflict(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && (pqErr.Code == "40001" || pqErr.Code == "40P01")
}
