package app_test

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// TestFloodFromOneChat floods the bot with 300 messages from one chat
// through the webhook while other chats talk at a normal pace: their replies
// stay fast, the flooding chat gets one "slow down" and no more than the
// limit's answers, and its replies leave at about one a second.
func TestFloodFromOneChat(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about ten seconds")
	}
	const (
		flood    = 300
		floodMax = 20
		window   = 10 * time.Second
		burst    = 3
		interval = time.Second
	)
	db := pgtest.New(t)
	tg := tgtest.NewTest(t, tgtest.WithManualDelivery())
	startApp(t, db, tg, webhook, func(c *config.Config) {
		c.FloodMax, c.FloodWindow = floodMax, window
		c.ChatSendBurst, c.ChatSendInterval = burst, interval
	})
	ctx := context.Background()
	flooder := tgtest.User{ID: 4000, FirstName: "Banjir"}

	start := time.Now()
	// Four connections at once, as Telegram delivers in parallel.
	var floodIDs []int64
	var floodDone time.Time
	var wg, fwg sync.WaitGroup
	var fmu sync.Mutex
	for c := range 4 {
		fwg.Go(func() {
			for i := range flood / 4 {
				fmu.Lock()
				u := tg.SendText(flooder, "halo "+strconv.Itoa(c*1000+i))
				floodIDs = append(floodIDs, u.ID)
				fmu.Unlock()
				status, err := tg.Deliver(ctx, u)
				assert.NoError(t, err)
				assert.Equal(t, 200, status)
			}
		})
	}
	wg.Go(func() {
		fwg.Wait()
		floodDone = time.Now()
	})

	// Five other people write once every 1.2 s while the flood lasts and a
	// little after; each reply's latency is measured from the delivery.
	var mu sync.Mutex
	var latencies []time.Duration
	for p := range 5 {
		wg.Go(func() {
			u := tgtest.User{ID: 4100 + int64(p), FirstName: "Ibu"}
			time.Sleep(time.Duration(p) * 240 * time.Millisecond)
			for n := 1; time.Since(start) < 4*time.Second || n <= 4; n++ {
				t0 := time.Now()
				status, err := tg.Deliver(ctx, tg.SendText(u, "halo"))
				if !assert.NoError(t, err) || !assert.Equal(t, 200, status) {
					return
				}
				wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				_, err = tg.WaitSent(wctx, u.ID, n)
				cancel()
				if !assert.NoError(t, err, "reply %d to %d", n, u.ID) {
					return
				}
				mu.Lock()
				latencies = append(latencies, time.Since(t0))
				mu.Unlock()
				time.Sleep(1200*time.Millisecond - time.Since(t0))
			}
		})
	}
	wg.Wait()

	slices.Sort(latencies)
	require.NotEmpty(t, latencies)
	p99 := latencies[min(len(latencies)-1, (len(latencies)*99+99)/100-1)]
	t.Logf("flood of %d took %v; %d replies to others: median %v, p99 %v, max %v",
		flood, floodDone.Sub(start).Round(time.Millisecond), len(latencies),
		latencies[len(latencies)/2], p99, latencies[len(latencies)-1])
	assert.Less(t, p99, time.Second, "other chats stay fast during a flood")

	// Every flood message was recorded, so none comes back.
	var recorded int
	require.NoError(t, db.Get(&recorded, `SELECT count(*) FROM processed_updates WHERE update_id = ANY($1)`, pq.Array(floodIDs)))
	assert.Equal(t, flood, recorded)

	// At most the limit's turns per window were answered, with one notice each.
	windows := int(floodDone.Sub(start)/window) + 1
	var rows, notices int
	require.NoError(t, db.Get(&rows, `SELECT count(*) FROM outbox WHERE chat_id = $1`, flooder.ID))
	require.NoError(t, db.Get(&notices, `SELECT count(*) FROM outbox WHERE chat_id = $1 AND payload->>'text' = $2`,
		flooder.ID, text(t, "id", flows.MsgFloodSlow)))
	t.Logf("flooding chat: %d replies queued in %d window(s), %d notice(s)", rows, windows, notices)
	assert.Equal(t, windows, notices)
	assert.LessOrEqual(t, rows, windows*(floodMax+1))

	// Its replies leave no faster than burst per burst×interval.
	waitFor(t, "paced replies", func() bool { return len(tg.Sent(flooder.ID)) >= 2*burst+1 })
	var at []time.Time
	for _, c := range tg.CallsTo("sendMessage") {
		if c.Params["chat_id"] == strconv.FormatInt(flooder.ID, 10) && c.Status == 200 {
			at = append(at, c.At)
		}
	}
	for i := burst; i < len(at); i++ {
		gap := at[i].Sub(at[i-burst])
		assert.GreaterOrEqual(t, gap, time.Duration(burst)*interval-100*time.Millisecond,
			"messages %d and %d to the flooding chat", i-burst, i)
	}
	t.Logf("flooding chat: %d messages sent so far, first %v after the flood began", len(at), at[0].Sub(start).Round(time.Millisecond))
}
