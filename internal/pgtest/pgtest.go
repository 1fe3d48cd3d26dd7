// Package pgtest gives every test its own PostgreSQL database, cloned from a
// template that already has all migrations applied.
//
// The server is the one TEST_DATABASE_URL points at (a superuser URL: tests
// create and drop databases there), or else one private cluster per test
// process, started on first use in a temporary directory with durability
// turned off. A package that uses pgtest should stop that cluster and remove
// its directory when its tests end:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Without it the cluster still dies with the test process (on Linux), but
// its directory stays until a later run sweeps it away.
//
// Databases are independent, so tests may call t.Parallel.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// maxConns bounds each test database's pool: enough for concurrency tests,
// small enough that many parallel tests stay under max_connections (100).
const maxConns = 10

// New returns a connection pool to a fresh, fully migrated database that
// belongs to tb alone. The pool is closed and the database dropped when tb
// ends. New fails tb (never skips) if no server is available.
func New(tb testing.TB) *sqlx.DB {
	tb.Helper()
	dsn := NewURL(tb)
	// As store.Open does: statements with parameters in one round trip.
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := sqlx.Open("postgres", dsn+sep+"binary_parameters=yes")
	if err != nil {
		tb.Fatalf("pgtest: open test database: %v", err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	tb.Cleanup(func() { _ = db.Close() }) // runs before the drop registered by NewURL
	return db
}

// NewURL creates a fresh, fully migrated database like New and returns its
// connection URL, for tests that open their own pools (starting the whole
// app, say). The database is dropped when tb ends, cutting any connections
// still open.
func NewURL(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := getServer(ctx)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tpl, err := s.template(ctx)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	name := "tumbuh_test_" + randomSuffix()
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)+" TEMPLATE "+pq.QuoteIdentifier(tpl)); err != nil {
		tb.Fatalf("pgtest: create database %s from %s: %v", name, tpl, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return s.url(name)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// Main runs the tests of a package, then stops the cluster pgtest started
// (if any) and removes its directory. It exits the process with the tests'
// status (1 if they passed but the cleanup failed), so it does not return.
func Main(m *testing.M) {
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
