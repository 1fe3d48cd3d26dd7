package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Sender claims outbox rows and delivers them. Several senders, in one
// process or many, may run against one database: a row is leased to one of
// them at a time.
type Sender struct {
	db  *sqlx.DB
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

	wake chan struct{}
	wg   sync.WaitGroup
}

// NewSender returns a sender with sensible defaults.
func NewSender(db *sqlx.DB, d Deliverer, log *slog.Logger) *Sender {
	return &Sender{
		db: db, d: d, log: log,
		Lease: 30 * time.Second, MaxAttempts: 12, Poll: time.Second, Batch: 50, Grace: 10 * time.Second,
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
		if !s.deliver(ctx, row) {
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

// Run delivers due rows until ctx ends. A batch claimed before the end is
// still delivered, within Grace, so a graceful stop does not strand leased
// rows.
func (s *Sender) Run(ctx context.Context) error {
	dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(s.Grace, cancel) })
	defer stop()
	for {
		n, err := s.Drain(dctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("outbox loop", "error", err)
		}
		if ctx.Err() != nil {
			return nil
		}
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-time.After(s.Poll):
		}
	}
}

// Drain claims one batch of due rows and delivers them, and returns how
// many it claimed.
func (s *Sender) Drain(ctx context.Context) (int, error) {
	rows, err := store.ClaimDueOutbox(ctx, s.db, s.Batch, s.Lease, s.Owner, s.OnlyChat)
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		s.deliver(ctx, r)
	}
	return len(rows), nil
}

// deliver makes one call and records its outcome; it reports whether the
// row was sent.
func (s *Sender) deliver(ctx context.Context, row store.OutboxRow) bool {
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
	msgID, err := s.d.Deliver(ctx, m)
	var retry *RetryAfterError
	var permanent *PermanentError
	switch {
	case err == nil:
		s.record(log, s.markSent(ctx, row.ID, msgID))
		return true
	case errors.As(err, &retry):
		log.Warn("send rate limited", "retry_after_s", retry.After.Seconds())
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

// markSentPatience is how long a "sent" mark is retried while the database
// is unavailable (a restart, a failover): Telegram has the message, and
// every mark given up on is a message sent again later.
const markSentPatience = 15 * time.Second

// markSent records a delivery, retrying while the database is unavailable.
// It keeps trying after ctx ends, within markSentPatience: a shutdown
// should not turn a delivered message into a resend.
func (s *Sender) markSent(ctx context.Context, id int64, msgID int) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markSentPatience)
	defer cancel()
	wait := 100 * time.Millisecond
	for {
		err := store.MarkOutboxSent(ctx, s.db, id, msgID)
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
