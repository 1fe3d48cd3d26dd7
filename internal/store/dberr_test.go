package store_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

func TestUnavailable(t *testing.T) {
	t.Parallel()
	pqe := func(code string) error {
		return fmt.Errorf("begin transaction: %w", &pq.Error{Code: pq.ErrorCode(code)})
	}
	tcs := []struct {
		name              string
		err               error
		unavail, conflict bool
	}{
		{"nil", nil, false, false},
		{"starting up", pqe("57P03"), true, false},
		{"shutting down", pqe("57P01"), true, false},
		{"crash shutdown", pqe("57P02"), true, false},
		{"connection failure", pqe("08006"), true, false},
		{"too many connections", pqe("53300"), true, false},
		{"read-only after failover", pqe("25006"), true, false},
		{"serialization failure", pqe("40001"), true, true},
		{"deadlock", pqe("40P01"), true, true},
		{"bad connection", fmt.Errorf("load: %w", driver.ErrBadConn), true, false},
		{"connection refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true, false},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true, false},
		{"unexpected EOF", io.ErrUnexpectedEOF, true, false},
		{"cancelled", context.Canceled, true, false},
		{"deadline", fmt.Errorf("turn: %w", context.DeadlineExceeded), true, false},
		{"unique violation is the statement's fault", pqe("23505"), false, false},
		{"NUL in text is the statement's fault", pqe("22P05"), false, false},
		{"a bug", errors.New("index out of range"), false, false},
		{"not found", store.ErrNotFound, false, false},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.unavail, store.Unavailable(tc.err))
			assert.Equal(t, tc.conflict, store.Conflict(tc.err))
		})
	}
}
