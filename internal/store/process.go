package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// DeadAfter is how old a process's heartbeat may be before the process
// counts as dead and its outbox leases as free. Processes beat every
// second (outbox.Heartbeat), so three missed beats mean it is gone.
const DeadAfter = 3 * time.Second

// liveHolder is true for an outbox row o whose lease holder is alive.
var liveHolder = fmt.Sprintf(`EXISTS (SELECT 1 FROM processes p WHERE p.id = o.locked_by AND p.stopped_at IS NULL
	AND p.heartbeat_at > now() - make_interval(secs => %g))`, DeadAfter.Seconds())

// RegisterProcess records a starting process and returns its id.
func RegisterProcess(ctx context.Context, db *sqlx.DB, host string, pid int) (int64, error) {
	var id int64
	err := db.GetContext(ctx, &id, `INSERT INTO processes (host, pid) VALUES ($1, $2) RETURNING id`, host, pid)
	if err != nil {
		return 0, fmt.Errorf("register process: %w", err)
	}
	return id, nil
}

// Heartbeat says the process is alive.
func Heartbeat(ctx context.Context, db *sqlx.DB, id int64) error {
	const q = `UPDATE processes SET heartbeat_at = now() WHERE id = $1 AND stopped_at IS NULL`
	if _, err := db.ExecContext(ctx, q, id); err != nil {
		return fmt.Errorf("heartbeat of process %d: %w", id, err)
	}
	return nil
}

// StopProcess records a clean stop: whatever the process still leases is
// free for the others at once.
func StopProcess(ctx context.Context, db *sqlx.DB, id int64) error {
	if _, err := db.ExecContext(ctx, `UPDATE processes SET stopped_at = now() WHERE id = $1`, id); err != nil {
		return fmt.Errorf("stop process %d: %w", id, err)
	}
	return nil
}

// PruneProcesses forgets processes stopped or silent since before.
func PruneProcesses(ctx context.Context, db *sqlx.DB, before time.Time) error {
	const q = `DELETE FROM processes WHERE COALESCE(stopped_at, heartbeat_at) < $1`
	if _, err := db.ExecContext(ctx, q, before); err != nil {
		return fmt.Errorf("prune processes: %w", err)
	}
	return nil
}
