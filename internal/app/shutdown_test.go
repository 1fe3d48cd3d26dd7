package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// A rolling restart under load: the first process is stopped gracefully
// while updates keep coming, Telegram redelivers what it refused, and a new
// process takes over. Every update gets exactly one reply, in order per
// chat: nothing lost, nothing sent twice.
func TestGracefulStopUnderLoadResendsNothing(t *testing.T) {
	db := pgtest.New(t)
	_, err := app.SeedDemo(context.Background(), db)
	require.NoError(t, err)
	tg := tgtest.NewTest(t, tgtest.WithManualDelivery())
	first := startApp(t, db, tg, webhook)

	const chats, per = 20, 6
	var delivered atomic.Int64
	var refused atomic.Int64
	var wg sync.WaitGroup
	for c := range chats {
		u := tgtest.User{ID: int64(7100 + c), FirstName: "Ibu"}
		wg.Go(func() {
			for i := range per {
				upd := tg.SendCommand(u, fmt.Sprintf("cmd%d_%d", c, i))
				// Like Telegram: the same update again until a 2xx.
				for {
					status, err := tg.Deliver(context.Background(), upd)
					if err == nil && status == 200 {
						break
					}
					refused.Add(1)
					time.Sleep(20 * time.Millisecond)
				}
				delivered.Add(1)
			}
		})
	}
	waitFor(t, "a third of the updates", func() bool { return delivered.Load() >= chats*per/3 })
	first.stop()
	second := startApp(t, db, tg, webhook)
	wg.Wait()
	second.settle()

	for c := range chats {
		id := int64(7100 + c)
		var got []string
		for _, m := range tg.Sent(id) {
			got = append(got, m.Text)
		}
		require.Len(t, got, per, "chat %d: one reply per update, none twice: %q", id, got)
		for i, text := range got {
			assert.True(t, strings.Contains(text, fmt.Sprintf("/cmd%d_%d ", c, i)), "chat %d reply %d out of order: %q", id, i, text)
		}
	}
	var processed int
	require.NoError(t, db.Get(&processed, `SELECT count(*) FROM processed_updates`))
	assert.Equal(t, chats*per, processed)
	var stopped int
	require.NoError(t, db.Get(&stopped, `SELECT count(*) FROM processes WHERE stopped_at IS NOT NULL`))
	assert.Equal(t, 1, stopped, "the first process marked itself stopped")
	t.Logf("%d updates, %d deliveries refused during the restart and delivered again", chats*per, refused.Load())
}
