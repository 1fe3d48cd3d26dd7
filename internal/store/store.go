// Package store holds every SQL statement of tumbuh. Other packages see
// domain types; row structs stay here.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// ErrNotFound means the row asked for does not exist.
var ErrNotFound = errors.New("not found")

// Open connects to PostgreSQL and checks the connection.
func Open(ctx context.Context, dsn string) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", oneRoundTrip(dsn))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", RedactURL(dsn), err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to database %s: %w", RedactURL(dsn), err)
	}
	return db, nil
}

// oneRoundTrip asks lib/pq to send a statement with parameters in one
// round trip (binary_parameters) instead of two (parse, then bind and
// execute): a turn's dozen statements cost half the waits. Parameters of
// type []byte then go as binary, so JSON is passed as a string.
func oneRoundTrip(dsn string) string {
	if strings.Contains(dsn, "binary_parameters") {
		return dsn
	}
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("binary_parameters", "yes")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " binary_parameters=yes"
}

// RedactURL returns a connection URL fit for logs: the password replaced.
func RedactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(unparsed database URL)"
	}
	return u.Redacted()
}

// isUniqueViolation reports a unique_violation (23505) from PostgreSQL.
func isUniqueViolation(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "23505"
}

// notFound maps sql.ErrNoRows to ErrNotFound and passes other errors on.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
