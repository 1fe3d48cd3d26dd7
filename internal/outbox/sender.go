package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Sender claims outbox rows and delivers them. Several senders, in one
// process or many, may run against one database: a row is leased to one of
// them at a time.
type Sender struct {
	db  *sqlx.DB
	q   store.Querier // db, its hot statements prepared
	d   Deliverer
	log *slog.Logger

	// Lease is how long a claimed row is reserved for its sender; a sender
	// that dies releases its rows when the lease runs out.
	Lease time.Duration
	// MaxAttempts is how often a row is tried before it is marked failed.
	MaxAttempts int
	// Poll is how long the loop sleeps when nothing is due.
	Poll time.Duration
	// Batch is how many rows the loop claims at once.
	Batch int
	// Attacher builds the files messages attach (charts, data exports).
	Attacher Attacher
	// Owner is this process's id (store.RegisterProcess): the leases it
	// takes name it, so another process takes them over when it dies.
	Owner int64
	// Grace is how long Run keeps delivering a claimed batch after its
	// context ends.
	Grace time.Duration
	// OnlyChat, when set, makes the loop deliver that chat's rows alone:
	// local mode plays one person, and the messages to others (a parent told
	// of a posyandu weighing) wait for the terminal that plays them.
	OnlyChat int64

	// Rate is the bulk messages a second for all replicas together
	// (0: unpaced).
	Rate float64
	// Clock is the pacer's time (nil: the wall clock).
	Clock Clock
	// Workers is how many calls a batch makes at once.
	Workers int
	// BulkBatch caps a bulk claim.
	BulkBatch int
	// LeaderRetry is how often a replica that does not lead tries the
	// sender lock; a dead leader is replaced within about this long.
	LeaderRetry time.Duration
	// Observer, when set, learns every call's result (metrics).
	Observer Observer

	wake      chan struct{}
	wg        sync.WaitGroup
	leading   atomic.Bool
	pacerOnce sync.Once
	pacer     *Pacer
	bcMu      sync.Mutex
	bcCache   map[int64]store.BroadcastContent
	// replyMarks groups the "sent" marks of replies.
	replyMarks markGroup
}

// Observer learns the result of every call the sender makes: ok, 429, 403,
// 4xx, 5xx or network (Result).
type Observer interface {
	Sent(kind, result string, latency time.Duration)
}

// Result names a Deliver outcome for metrics.
func Result(err error) string {
	var retry *RetryAfterError
	var permanent *PermanentError
	var netErr net.Error
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &retry):
		return "429"
	case errors.Is(err, ErrForbidden):
		return "403"
	case errors.As(err, &permanent):
		return "4xx"
	case errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "network"
	default:
		return "5xx"
	}
}

// renderBroadcast fills a broadcast message from its broadcast, in the
// recipient's language, with its photo. It reports false when the row is
// no longer pending (the broadcast was cancelled): nothing is sent.
func (s *Sender) renderBroadcast(ctx context.Context, row store.OutboxRow, m *Message) (bool, error) {
	pending, err := store.OutboxPending(ctx, s.q, row.ID)
	if err != nil || !pending {
		return false, err
	}
	s.bcMu.Lock()
	c, ok := s.bcCache[m.Broadcast.ID]
	s.bcMu.Unlock()
	if !ok {
		if c, err = store.BroadcastContentByID(ctx, s.db, m.Broadcast.ID); err != nil {
			return false, err
		}
		// A broadcast's content never changes; only its status does, and
		// that is read from the row itself.
		s.bcMu.Lock()
		if s.bcCache == nil || len(s.bcCache) > 64 {
			s.bcCache = map[int64]store.BroadcastContent{}
		}
		s.bcCache[m.Broadcast.ID] = c
		s.bcMu.Unlock()
	}
	RenderBroadcast(m, c)
	return true, nil
}

// RenderBroadcast makes m the broadcast as its recipient sees it: the
// English text for English speakers when there is one, else the
// Indonesian; a photo with the text as its caption when there is a photo.
// The admin's preview goes through it too.
func RenderBroadcast(m *Message, c store.BroadcastContent) {
	m.Text = c.TextID
	if m.Broadcast != nil && m.Broadcast.Lang == "en" && c.TextEN != "" {
		m.Text = c.TextEN
	}
	m.Method = MethodSendMessage
	switch {
	case len(c.Photo) > 0:
		m.Method, m.Photo = MethodSendPhoto, c.Photo
	case c.PhotoFileID != "":
		m.Method, m.PhotoFileID = MethodSendPhoto, c.PhotoFileID
	}
}

// NewSender returns a sender with sensible defaults.
func NewSender(db *sqlx.DB, d Deliverer, log *slog.Logger) *Sender {
	return &Sender{
		db: db, q: store.NewStatements(db, log).DB(), d: d, log: log,
		Lease: 30 * time.Second, MaxAttempts: 12, Poll: time.Second, Batch: 50, Grace: 10 * time.Second,
		Rate: 30, Workers: 32, BulkBatch: 500, LeaderRetry: time.Second,
		wake: make(chan struct{}, 1),
	}
}

// Send delivers rows the caller has leased (a turn's replies, see
// store.EnqueueReplies), in order, right after the turn's commit. It stops at
// the first row it cannot deliver now and leaves the rest to the loop, so a
// chat's messages never overtake each other.
func (s *Sender) Send(ctx context.Context, rows []store.OutboxRow) {
	// Whatever this turn leaves, or a later turn of the chat queued behind
	// it, the loop picks up at once.
	defer s.Wake()
	for i, row := range rows {
		if !s.deliver(ctx, row, nil) {
			s.release(ctx, rows[i+1:])
			return
		}
	}
}

// release hands leased rows back to the loop.
func (s *Sender) release(ctx context.Context, rows []store.OutboxRow) {
	for _, r := range rows {
		if err := store.RetryOutbox(ctx, s.db, r.ID, time.Now(), ""); err != nil {
			s.log.Warn("release outbox row", "outbox_id", r.ID, "error", err)
		}
	}
}

// SendAsync is Send in the background, bounded by the lease; Wait waits for
// all of them. With no rows it only wakes the loop.
func (s *Sender) SendAsync(rows []store.OutboxRow) {
	if len(rows) == 0 {
		s.Wake()
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), s.Lease)
		defer cancel()
		s.Send(ctx, rows)
	}()
}

// Wait blocks until every SendAsync has returned.
func (s *Sender) Wait() { s.wg.Wait() }

// WaitTimeout is Wait bounded by d; it reports whether all sends returned.
func (s *Sender) WaitTimeout(d time.Duration) bool {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// Wake makes the loop look for due rows now instead of after Poll.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers due rows until ctx ends, in two classes. Replies (and every
// other interactive call) are claimed and sent at once by every replica.
// Reminders and then broadcasts are bulk: only the replica holding the
// sender lock (the leader) sends them, at Rate in all, so the rate holds
// for all replicas together. A batch claimed before the end is still
// delivered, within Grace, so a graceful stop does not strand leased rows.
func (s *Sender) Run(ctx context.Context) error {
	dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(s.Grace, cancel) })
	defer stop()
	var wg sync.WaitGroup
	wg.Go(func() { s.runReplies(ctx, dctx) })
	wg.Go(func() { s.runBulk(ctx, dctx) })
	wg.Wait()
	return nil
}

// wakeGap is the least time between two claims the loop makes when woken.
// Every turn's send wakes it (a later reply of the chat may wait behind this
// one); under load that was one claim per turn, and the wakes that arrive
// within the gap are served by one claim.
const wakeGap = 10 * time.Millisecond

// runReplies claims and sends the reply class, unpaced.
func (s *Sender) runReplies(ctx, dctx context.Context) {
	var last time.Time
	for {
		if wait := wakeGap - time.Since(last); wait > 0 {
			sleepCtx(ctx, wait)
		}
		last = time.Now()
		rows, err := store.ClaimReplies(dctx, s.q, s.Batch, s.Lease, s.Owner, s.OnlyChat)
		if err != nil && ctx.Err() == nil {
			s.log.Error("outbox loop", "error", err)
		}
		if len(rows) > 0 {
			s.deliverAll(ctx, dctx, rows, false)
		}
		if ctx.Err() != nil {
			return
		}
		if len(rows) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(s.Poll):
		}
	}
}

// Leading reports whether this sender holds the bulk sender lock now.
func (s *Sender) Leading() bool { return s.leading.Load() }

// Pacer is the bulk pacer (its rate is Rate).
func (s *Sender) Pacer() *Pacer {
	s.pacerOnce.Do(func() { s.pacer = NewPacer(s.Rate, s.Clock) })
	return s.pacer
}

// runBulk is the leader's loop: it takes the sender lock when it is free,
// and while it holds it claims reminders, then broadcasts, and sends them
// at the pacer's rate.
func (s *Sender) runBulk(ctx, dctx context.Context) {
	lead := &leadership{db: s.db}
	defer func() {
		s.leading.Store(false)
		lead.release()
	}()
	pacer := s.Pacer()
	var checked time.Time
	for ctx.Err() == nil {
		ok, err := lead.try(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("sender lock", "error", err)
		}
		if ok && time.Since(checked) > time.Second {
			ok = lead.check(ctx)
			checked = time.Now()
		}
		if ok != s.leading.Load() {
			s.leading.Store(ok)
			s.log.Info("bulk sender leadership", "leading", ok, "process_id", s.Owner)
		}
		if !ok {
			sleepCtx(ctx, s.LeaderRetry)
			continue
		}
		if until, err := store.BulkPausedUntil(ctx, s.q); err == nil {
			if left := time.Until(until); left > 0 {
				pacer.Pause(left)
			}
		}
		rows, err := s.claimBulk(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("bulk outbox loop", "error", err)
		}
		if len(rows) > 0 {
			s.deliverAll(ctx, dctx, rows, true)
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.Poll):
		}
	}
}

// claimBulk claims up to one batch: reminders first, then broadcasts. A
// paced batch holds about two seconds of sending, so its lease never runs
// out while it waits for its slots.
func (s *Sender) claimBulk(ctx context.Context) ([]store.OutboxRow, error) {
	n := s.BulkBatch
	if r := s.Pacer().Rate(); r > 0 {
		n = min(n, max(1, int(2*r)))
	}
	rows, err := store.ClaimBulk(ctx, s.q, store.KindReminder, n, s.Lease, s.Owner, s.OnlyChat)
	if err != nil || len(rows) == n {
		return rows, err
	}
	more, err := store.ClaimBulk(ctx, s.q, store.KindBroadcast, n-len(rows), s.Lease, s.Owner, s.OnlyChat)
	return append(rows, more...), err
}

// deliverAll sends a claimed batch over Workers concurrent calls, each
// paced when paced is set (the bulk class). Rows left when ctx ends go back to the queue.
func (s *Sender) deliverAll(ctx, dctx context.Context, rows []store.OutboxRow, paced bool) {
	work := make(chan store.OutboxRow)
	// Bulk deliveries are marked sent in groups; a reply's mark is its
	// chat's pacing reference and the next reply's go-ahead, so it is
	// written at once.
	var marks *sentBatch
	if paced {
		marks = &sentBatch{s: s}
		defer marks.flush(dctx)
	}
	var wg sync.WaitGroup
	for range min(max(s.Workers, 1), len(rows)) {
		wg.Go(func() {
			for row := range work {
				if ctx.Err() != nil || (paced && s.Pacer().Wait(ctx) != nil) {
					// Not sent: back to the queue, for this process or the next leader.
					s.release(dctx, []store.OutboxRow{row})
					continue
				}
				s.deliver(dctx, row, marks)
			}
		})
	}
	for _, r := range rows {
		work <- r
	}
	close(work)
	wg.Wait()
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Drain claims one batch of due rows of every class and delivers them
// unpaced, and returns how many it claimed (tests and local runs).
func (s *Sender) Drain(ctx context.Context) (int, error) {
	rows, err := store.ClaimDueOutbox(ctx, s.q, s.Batch, s.Lease, s.Owner, s.OnlyChat)
	if err != nil {
		return 0, err
	}
	s.deliverAll(ctx, ctx, rows, false)
	return len(rows), nil
}

// deliver makes one call and records its outcome; it reports whether the
// row was sent.
func (s *Sender) deliver(ctx context.Context, row store.OutboxRow, marks *sentBatch) bool {
	log := s.log.With("outbox_id", row.ID, "chat_id", row.ChatID, "attempt", row.Attempts)
	var m Message
	err := json.Unmarshal(row.Payload, &m)
	if err != nil {
		s.record(log, store.FailOutbox(ctx, s.db, row.ID, "undecodable payload"))
		log.Error("outbox payload undecodable", "error", err)
		return false
	}
	if m.ChatID == 0 { // a bulk reminder: its chat is the row's
		m.ChatID = row.ChatID
	}
	if m.Broadcast != nil {
		if ok, err := s.renderBroadcast(ctx, row, &m); err != nil {
			wait := Backoff(row.Attempts)
			log.Error("render broadcast", "broadcast_id", m.Broadcast.ID, "error", err, "retry_in_s", wait.Seconds())
			s.record(log, store.RetryOutbox(ctx, s.db, row.ID, time.Now().Add(wait), truncate(err.Error())))
			return false
		} else if !ok {
			return false // cancelled meanwhile
		}
	}
	if m.Attach != nil {
		if err := s.attach(ctx, &m); errors.Is(err, ErrGone) {
			log.Info("attachment subject gone, message dropped", "attach", m.Attach.Kind)
			s.record(log, store.FailOutbox(ctx, s.db, row.ID, "attachment subject gone"))
			return false
		} else if err != nil {
			wait := Backoff(row.Attempts)
			log.Error("build attachment", "attach", m.Attach.Kind, "error", err, "retry_in_s", wait.Seconds())
			s.record(log, store.RetryOutbox(ctx, s.db, row.ID, time.Now().Add(wait), truncate(err.Error())))
			return false
		}
	}
	start := time.Now()
	msgID, err := s.d.Deliver(ctx, m)
	if s.Observer != nil {
		s.Observer.Sent(row.Kind, Result(err), time.Since(start))
	}
	var retry *RetryAfterError
	var permanent *PermanentError
	switch {
	case err == nil:
		if marks != nil {
			marks.add(ctx, row.ID, msgID)
		} else {
			s.record(log, s.replyMarks.mark(ctx, s, row.ID, int64(msgID)))
		}
		return true
	case errors.As(err, &retry):
		log.Warn("send rate limited", "retry_after_s", retry.After.Seconds())
		// Telegram's limit is the bot's, not the chat's: every bulk sender waits.
		s.Pacer().Pause(retry.After)
		s.record(log, store.PauseBulk(ctx, s.db, time.Now().Add(retry.After)))
		s.record(log, store.RetryOutbox(ctx, s.db, row.ID, time.Now().Add(retry.After), "429"))
	case errors.Is(err, ErrForbidden):
		log.Info("chat blocked the bot")
		s.record(log, store.BlockChat(ctx, s.db, row.ChatID, "403"))
	case errors.As(err, &permanent):
		log.Warn("send refused", "method", m.Method, "error", permanent.Reason)
		s.record(log, store.FailOutbox(ctx, s.db, row.ID, permanent.Reason))
	case row.Attempts >= s.MaxAttempts:
		log.Error("send failed, giving up", "error", err)
		s.record(log, store.FailOutbox(ctx, s.db, row.ID, truncate(err.Error())))
	default:
		wait := Backoff(row.Attempts)
		log.Warn("send failed, will retry", "error", err, "retry_in_s", wait.Seconds())
		s.record(log, store.RetryOutbox(ctx, s.db, row.ID, time.Now().Add(wait), truncate(err.Error())))
	}
	return false
}

// attach builds a message's attachment, now, outside any turn.
func (s *Sender) attach(ctx context.Context, m *Message) error {
	if s.Attacher == nil {
		return errors.New("no attacher configured")
	}
	data, name, err := s.Attacher.Attach(ctx, *m.Attach)
	if err != nil {
		return err
	}
	if m.Method == MethodSendDocument {
		m.Document, m.DocumentName = data, name
	} else {
		m.Photo = data
	}
	return nil
}

// markGroup writes the "sent" marks of replies sent at the same moment
// together: a mark that arrives while another group is being written waits
// and goes with the next group, in one statement. Alone, a mark goes at
// once; under load, one statement records several replies. Each caller
// waits for its own mark, its chat's go-ahead for the next reply, and
// writes at most one group: the one that holds its mark. Then it hands the
// writing on to the first mark waiting, so no caller serves others for long.
type markGroup struct {
	mu      sync.Mutex
	busy    bool // a group is being written
	waiting []waitingMark
}

type waitingMark struct {
	id, msgID int64
	// done gets the mark's outcome, or errWriteNext: its caller writes
	// the next group.
	done chan error
}

var errWriteNext = errors.New("write the next group of marks")

func (g *markGroup) mark(ctx context.Context, s *Sender, id, msgID int64) error {
	done := make(chan error, 1)
	g.mu.Lock()
	g.waiting = append(g.waiting, waitingMark{id, msgID, done})
	if g.busy {
		g.mu.Unlock()
		if err := <-done; !errors.Is(err, errWriteNext) {
			return err
		}
		g.mu.Lock() // handed on: busy is still set, and this mark is waiting
	}
	g.busy = true
	group := g.waiting
	g.waiting = nil
	g.mu.Unlock()

	ids, msgIDs := make([]int64, len(group)), make([]int64, len(group))
	for i, m := range group {
		ids[i], msgIDs[i] = m.id, m.msgID
	}
	// markSent outlives ctx (within markSentPatience), so this caller's
	// end does not cut the others' marks.
	err := s.markSent(ctx, ids, msgIDs)

	g.mu.Lock()
	if len(g.waiting) > 0 {
		g.waiting[0].done <- errWriteNext
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	for _, m := range group {
		if m.done != done {
			m.done <- err
		}
	}
	return err
}

// markSentPatience is how long a "sent" mark is retried while the database
// is unavailable (a restart, a failover): Telegram has the message, and
// every mark given up on is a message sent again later.
const markSentPatience = 15 * time.Second

// sentBatch gathers the deliveries of a batch and marks them sent a
// hundred at a time: one statement instead of one per message. A crash
// before a flush resends those messages, as any crash between a send and
// its mark does (at-least-once delivery).
type sentBatch struct {
	s     *Sender
	mu    sync.Mutex
	ids   []int64
	msgID []int64
}

const sentBatchSize = 100

func (b *sentBatch) add(ctx context.Context, id int64, msgID int) {
	b.mu.Lock()
	b.ids, b.msgID = append(b.ids, id), append(b.msgID, int64(msgID))
	full := len(b.ids) >= sentBatchSize
	b.mu.Unlock()
	if full {
		b.flush(ctx)
	}
}

func (b *sentBatch) flush(ctx context.Context) {
	b.mu.Lock()
	ids, msgIDs := b.ids, b.msgID
	b.ids, b.msgID = nil, nil
	b.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	if err := b.s.markSent(ctx, ids, msgIDs); err != nil {
		b.s.log.Error("record deliveries", "rows", len(ids), "error", err)
	}
}

// markSent records deliveries, retrying while the database is unavailable.
// It keeps trying after ctx ends, within markSentPatience: a shutdown
// should not turn a delivered message into a resend.
func (s *Sender) markSent(ctx context.Context, id []int64, msgID []int64) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markSentPatience)
	defer cancel()
	wait := 100 * time.Millisecond
	for {
		err := store.MarkOutboxSentMany(ctx, s.q, id, msgID)
		if err == nil || !store.Unavailable(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// record logs a failure to write a delivery outcome. The lease expires and
// the row is tried again, so the worst case is one resend.
func (s *Sender) record(log *slog.Logger, err error) {
	if err != nil {
		log.Error("record delivery outcome", "error", err)
	}
}

// Backoff is the wait before attempt n+1 after a transient failure:
// exponential from 1 s, capped at 10 minutes, with jitter.
func Backoff(attempt int) time.Duration {
	d := time.Second << min(max(attempt-1, 0), 10)
	d = min(d, 10*time.Minute)
	return d/2 + rand.N(d/2+1)
}

func truncate(s string) string {
	const limit = 500
	if len(s) > limit {
		return s[:limit]
	}
	return s
}
