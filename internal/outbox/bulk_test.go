package outbox_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// fakeClock is time that moves only when the pacer sleeps: a minute of
// paced sending takes no real minute, and the rate measured in it is exact.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
	return ctx.Err()
}

// stamped is a Deliverer that notes the fake time of every call it passes on.
type stamped struct {
	d     outbox.Deliverer
	clock *fakeClock
	mu    sync.Mutex
	at    []time.Time
	each  func()
}

func (s *stamped) Deliver(ctx context.Context, m outbox.Message) (int, error) {
	s.mu.Lock()
	s.at = append(s.at, s.clock.Now())
	each := s.each
	s.mu.Unlock()
	if each != nil {
		each()
	}
	return s.d.Deliver(ctx, m)
}

func (s *stamped) times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...)
}

// broadcastTo queues a broadcast to every parent.
func broadcastTo(t *testing.T, db *sqlx.DB) int64 {
	t.Helper()
	id, _, err := store.QueueBroadcast(context.Background(), db, store.NewBroadcast{
		CreatedBy: "test", TextID: "Posyandu buka besok", TextEN: "Posyandu opens tomorrow",
		Audience: store.Audience{Roles: []string{"orang_tua"}},
	})
	require.NoError(t, err)
	return id
}

func fakeTelegram(t *testing.T) (*tgtest.Server, *bot.Client) {
	t.Helper()
	tg := tgtest.NewTest(t)
	client, err := bot.NewClient(tg.Token(), tg.URL())
	require.NoError(t, err)
	return tg, client
}

func bulkSender(db *sqlx.DB, d outbox.Deliverer, owner int64, clock outbox.Clock) *outbox.Sender {
	s := outbox.NewSender(db, d, quiet())
	s.Owner, s.Clock = owner, clock
	s.Poll, s.LeaderRetry = 20*time.Millisecond, 50*time.Millisecond
	s.Grace = 5 * time.Second
	return s
}

func process(t *testing.T, db *sqlx.DB) int64 {
	t.Helper()
	id, err := store.RegisterProcess(context.Background(), db, "test", 1)
	require.NoError(t, err)
	return id
}

// waitReport waits until nothing of the broadcast is queued any more.
func waitReport(t *testing.T, db *sqlx.DB, id int64, within time.Duration) store.BroadcastReport {
	t.Helper()
	var r store.BroadcastReport
	require.Eventually(t, func() bool {
		var err error
		r, err = store.BroadcastProgress(context.Background(), db, id)
		require.NoError(t, err)
		return r.Queued == 0
	}, within, 20*time.Millisecond, "broadcast still sending: %+v", r)
	return r
}

func TestBroadcastThrough429sAnd403s(t *testing.T) {
	db := pgtest.New(t)
	places := storetest.MustPlaces(t, db)
	const n = 5000
	chats := storetest.MustCrowd(t, db, n, 100000, "orang_tua", places.Posyandu)
	tg, client := fakeTelegram(t)
	blocked := map[int64]bool{}
	for i := 7; i < n; i += 100 {
		blocked[chats[i]] = true
		tg.Fail(tgtest.AnyMethod, tgtest.Failure{Status: http.StatusForbidden, ChatID: chats[i]})
	}
	// A tenth of the other calls, 40 times, are refused with a 429.
	tg.Fail(tgtest.AnyMethod, tgtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1, Every: 10, Times: 40})

	clock := newFakeClock()
	start := clock.Now()
	s := bulkSender(db, client, process(t, db), clock)
	s.Rate = 0
	id := broadcastTo(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	defer func() { cancel(); <-done }()

	// 429s put rows back for a second of real time.
	r := waitReport(t, db, id, 90*time.Second)
	assert.Equal(t, n, r.Total)
	assert.Equal(t, n-len(blocked), r.Sent)
	assert.Equal(t, len(blocked), r.Blocked)
	assert.Zero(t, r.Failed)
	assert.Equal(t, r.Total, r.Sent+r.Blocked+r.Failed+r.Cancelled+r.Queued, "the report adds up")
	for _, c := range chats {
		want := 1
		if blocked[c] {
			want = 0
		}
		require.Len(t, tg.Sent(c), want, "chat %d", c)
	}
	assert.Equal(t, "Posyandu opens tomorrow", tg.Sent(chats[0])[0].Text, "English speakers (every fifth chat id) get the English text")
	assert.Equal(t, "Posyandu buka besok", tg.Sent(chats[1])[0].Text)
	assert.GreaterOrEqual(t, clock.Now().Sub(start), time.Second, "the 429s paused bulk sending")
}

func TestTwoReplicasHoldTheRateTogether(t *testing.T) {
	db := pgtest.New(t)
	places := storetest.MustPlaces(t, db)
	const rate = 30.0
	storetest.MustCrowd(t, db, 2400, 200000, "orang_tua", places.Posyandu)
	_, client := fakeTelegram(t)
	clock := newFakeClock()
	rec := &stamped{d: client, clock: clock}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		s := bulkSender(db, rec, process(t, db), clock)
		s.Rate, s.Workers = rate, 4
		wg.Go(func() { _ = s.Run(ctx) })
	}
	broadcastTo(t, db)
	first := time.Time{}
	require.Eventually(t, func() bool {
		at := rec.times()
		if len(at) == 0 {
			return false
		}
		first = at[0]
		return clock.Now().Sub(first) > 61*time.Second
	}, 60*time.Second, 10*time.Millisecond)
	cancel()
	wg.Wait()
	in := 0
	for _, at := range rec.times() {
		if at.Sub(first) < 60*time.Second {
			in++
		}
	}
	t.Logf("paced: %d messages in 60 s of fake time at %g/s: error %.2f%%", in, rate, 100*(float64(in)-rate*60)/(rate*60))
	assert.InDelta(t, rate*60, in, rate*60*0.02, "messages in 60 s of fake time, both replicas together")
}

func TestLeaderKilledMidBroadcast(t *testing.T) {
	db := pgtest.New(t)
	places := storetest.MustPlaces(t, db)
	const n = 2000
	chats := storetest.MustCrowd(t, db, n, 300000, "orang_tua", places.Posyandu)
	tg, client := fakeTelegram(t)

	var sent atomic.Int64
	counting := &stamped{d: client, clock: newFakeClock(), each: func() { sent.Add(1) }}
	ctxs := make([]context.CancelFunc, 2)
	senders := make([]*outbox.Sender, 2)
	done := make([]chan struct{}, 2)
	for i := range 2 {
		s := bulkSender(db, counting, process(t, db), nil)
		s.Rate, s.BulkBatch = 0, 50
		ctx, cancel := context.WithCancel(context.Background())
		ctxs[i], senders[i], done[i] = cancel, s, make(chan struct{})
		go func() { defer close(done[i]); _ = s.Run(ctx) }()
	}
	defer func() {
		for i := range 2 {
			ctxs[i]()
			<-done[i]
		}
	}()
	require.Eventually(t, func() bool { return senders[0].Leading() || senders[1].Leading() }, 5*time.Second, 10*time.Millisecond)
	id := broadcastTo(t, db)
	require.Eventually(t, func() bool { return sent.Load() > n/4 }, 30*time.Second, time.Millisecond)
	leader := 0
	if senders[1].Leading() {
		leader = 1
	}
	ctxs[leader]()
	<-done[leader]
	require.Eventually(t, func() bool { return senders[1-leader].Leading() }, 3*time.Second, 10*time.Millisecond,
		"the other replica takes the lead within seconds")
	r := waitReport(t, db, id, 60*time.Second)
	assert.Equal(t, n, r.Sent)
	for _, c := range chats {
		require.Len(t, tg.Sent(c), 1, "chat %d: one message, not lost nor doubled", c)
	}
}

func TestCancelMidBroadcast(t *testing.T) {
	db := pgtest.New(t)
	places := storetest.MustPlaces(t, db)
	const n = 3000
	storetest.MustCrowd(t, db, n, 400000, "orang_tua", places.Posyandu)
	_, client := fakeTelegram(t)
	var sent atomic.Int64
	rec := &stamped{d: client, clock: newFakeClock(), each: func() { sent.Add(1) }}
	s := bulkSender(db, rec, process(t, db), nil)
	s.Rate = 500
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	id := broadcastTo(t, db)
	require.Eventually(t, func() bool { return sent.Load() > 200 }, 30*time.Second, time.Millisecond)
	r, err := store.CancelBroadcast(context.Background(), db, id)
	require.NoError(t, err)
	atCancel := sent.Load()
	time.Sleep(500 * time.Millisecond)
	// Calls already past their last check when the cancel committed may
	// still go out: at most one per worker.
	assert.LessOrEqual(t, sent.Load(), atCancel+int64(s.Workers), "no further sends")
	r = waitReport(t, db, id, 5*time.Second)
	assert.Equal(t, store.BroadcastCancelled, r.Status)
	assert.Equal(t, n, r.Sent+r.Cancelled, "every message either went or was cancelled: %+v", r)
	assert.Positive(t, r.Cancelled)
}

func TestReplyDuringBigBroadcast(t *testing.T) {
	db := pgtest.New(t)
	places := storetest.MustPlaces(t, db)
	const n = 50000
	storetest.MustCrowd(t, db, n, 500000, "orang_tua", places.Posyandu)
	tg, client := fakeTelegram(t)
	s := bulkSender(db, client, process(t, db), nil)
	s.Rate = 30
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	broadcastTo(t, db)
	require.Eventually(t, func() bool { return len(tg.CallsTo("sendMessage")) > 10 }, 10*time.Second, 5*time.Millisecond)

	// A reply to a recipient still waiting for the broadcast, queued by
	// another replica's turn and left to the loop.
	const chat = 500000 + n - 1
	queued := time.Now()
	enqueue(t, db, chat, "jawaban")
	s.Wake()
	msgs := tg.MustWaitSent(t, chat, 1)
	assert.Equal(t, "jawaban", msgs[0].Text)
	assert.Less(t, time.Since(queued), time.Second, "the reply does not wait behind the broadcast")
}

// BenchmarkUnpacedBulkSend sends a 20,000-recipient broadcast to the fake
// Telegram with pacing off: the sender's own ceiling.
func BenchmarkUnpacedBulkSend(b *testing.B) {
	db := pgtest.New(b)
	places := storetest.MustPlaces(b, db)
	const n = 20000
	storetest.MustCrowd(b, db, n, 600000, "orang_tua", places.Posyandu)
	tg := tgtest.NewTest(b)
	client, err := bot.NewClient(tg.Token(), tg.URL())
	require.NoError(b, err)
	for b.Loop() {
		_, err := db.Exec(`DELETE FROM outbox`)
		require.NoError(b, err)
		id, _, err := store.QueueBroadcast(context.Background(), db, store.NewBroadcast{
			CreatedBy: "bench", TextID: "Halo", Audience: store.Audience{Roles: []string{"orang_tua"}}})
		require.NoError(b, err)
		s := bulkSender(db, client, 0, nil)
		s.Rate, s.Workers, s.BulkBatch = 0, 64, 1000
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		start := time.Now()
		go func() { defer close(done); _ = s.Run(ctx) }()
		for {
			r, err := store.BroadcastProgress(context.Background(), db, id)
			require.NoError(b, err)
			if r.Queued == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		b.ReportMetric(n/time.Since(start).Seconds(), "msg/s")
		cancel()
		<-done
	}
}
