package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// localDatabase is the database name inside the local cluster.
const localDatabase = "tumbuh"

// OpenDatabase connects to DATABASE_URL or, without one, to a local
// PostgreSQL cluster under the data directory, started (or reused) here.
// It applies the migrations. close releases the connection and stops a
// cluster this call started.
func OpenDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (db *sqlx.DB, close func(), err error) {
	dsn := cfg.DatabaseURL
	stop := func() {}
	if dsn == "" {
		cl, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(cfg.DataDir, "postgres"), Logger: log})
		if err != nil {
			return nil, nil, fmt.Errorf("start local PostgreSQL (set DATABASE_URL to use another server): %w", err)
		}
		stop = func() {
			if err := cl.Stop(); err != nil {
				log.Warn("stop local postgres", "error", err)
			}
		}
		if err := ensureDatabase(ctx, cl.URL("postgres"), localDatabase); err != nil {
			stop()
			return nil, nil, err
		}
		dsn = cl.URL(localDatabase)
		log.Info("local postgres ready", "dir", cl.Dir(), "port", cl.Port(), "reused", cl.Reused())
	}
	db, err = store.Open(ctx, dsn)
	if err != nil {
		stop()
		return nil, nil, err
	}
	if err := store.Migrate(ctx, db.DB); err != nil {
		_ = db.Close()
		stop()
		return nil, nil, err
	}
	return db, func() { _ = db.Close(); stop() }, nil
}

// ensureDatabase creates database name on the server if it is missing.
func ensureDatabase(ctx context.Context, adminURL, name string) error {
	db, err := store.Open(ctx, adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name); err != nil {
		return fmt.Errorf("look for database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name))
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42P04" { // created meanwhile by another process
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}
