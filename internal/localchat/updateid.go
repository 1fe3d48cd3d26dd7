package localchat

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// updateEpoch is where FirstUpdateID starts counting.
var updateEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// FirstUpdateID is an update_id for a new fake server's first update that
// the bot has not seen: above every id in processed_updates (where the bot
// remembers ids to drop repeats) and above tenths of a second since 2024,
// as tgtest counts by default. The clock alone is not enough: a scripted run
// sends more than ten updates a second, so a run started right after it
// would reuse its ids, and the bot would drop them as repeats.
func FirstUpdateID(ctx context.Context, db *sqlx.DB) (int64, error) {
	last, err := store.LastUpdateID(ctx, db)
	if err != nil {
		return 0, err
	}
	return max(last+1, time.Since(updateEpoch).Milliseconds()/100), nil
}
