package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/migrations"
)

// templateLockKey is the advisory lock (on the admin database) that makes
// test processes sharing a server build a template one at a time.
const templateLockKey = 0x74756d627568 // "tumbuh"

// templateName names the template after a hash of the migration files, so a
// changed or added migration gets a fresh template, while unchanged ones are
// reused across test processes (and, on TEST_DATABASE_URL, across runs).
func templateName() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		// Lengths keep "ab"+"c" apart from "a"+"bc".
		_ = binary.Write(h, binary.BigEndian, uint64(len(path)))
		h.Write([]byte(path))
		_ = binary.Write(h, binary.BigEndian, uint64(len(b)))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash migrations: %w", err)
	}
	return "tumbuh_tpl_" + hex.EncodeToString(h.Sum(nil))[:12], nil
}

// template returns the name of the migrated template, building it once.
func (s *server) template(ctx context.Context) (string, error) {
	s.tplOnce.Do(func() { s.tplName, s.tplErr = s.ensureTemplate(ctx) })
	return s.tplName, s.tplErr
}

// ensureTemplate builds the template unless it exists. It builds under
// another name and renames only once migrated, so an existing template is
// always complete, even after a process died halfway. The template refuses
// connections: CREATE DATABASE … TEMPLATE fails while anyone is connected to
// it, and this way nobody can be.
func (s *server) ensureTemplate(ctx context.Context) (string, error) {
	name, err := templateName()
	if err != nil {
		return "", err
	}
	conn, err := s.admin.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("build template %s: %w", name, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLockKey); err != nil {
		return "", fmt.Errorf("lock template %s: %w", name, err)
	}
	// Closing the connection would release the lock too, but the pool keeps it.
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", templateLockKey) //nolint:errcheck

	if ok, err := databaseExists(ctx, conn, name); err != nil || ok {
		return name, err
	}
	building := name + "_building"
	if err := dropLeftover(ctx, conn, building); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(building)+" TEMPLATE template0"); err != nil {
		return "", fmt.Errorf("create database %s: %w", building, err)
	}
	if err := migrate(ctx, s.url(building)); err != nil {
		return "", fmt.Errorf("migrate template %s: %w", building, err)
	}
	for _, q := range []string{
		"ALTER DATABASE " + pq.QuoteIdentifier(building) + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
		"ALTER DATABASE " + pq.QuoteIdentifier(building) + " RENAME TO " + pq.QuoteIdentifier(name),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("finish template %s: %w", name, err)
		}
	}
	return name, nil
}

func databaseExists(ctx context.Context, conn *sql.Conn, name string) (bool, error) {
	var ok bool
	err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("look up database %s: %w", name, err)
	}
	return ok, nil
}

// dropLeftover drops a half-built template from a process that died; it may
// already be marked as a template, which DROP DATABASE refuses.
func dropLeftover(ctx context.Context, conn *sql.Conn, name string) error {
	ok, err := databaseExists(ctx, conn, name)
	if err != nil || !ok {
		return err
	}
	for _, q := range []string{
		"ALTER DATABASE " + pq.QuoteIdentifier(name) + " WITH IS_TEMPLATE false",
		"DROP DATABASE " + pq.QuoteIdentifier(name) + " WITH (FORCE)",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("drop leftover %s: %w", name, err)
		}
	}
	return nil
}

// migrate applies every migration to the database at dsn and disconnects.
func migrate(ctx context.Context, dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return store.Migrate(ctx, db)
}
