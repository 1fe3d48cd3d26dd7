// Package tgtest is a fake Telegram Bot API server that speaks the real wire
// format, so the unmodified go-telegram/bot client can run against it.
//
// It serves two users: tests, which script updates and failures and assert
// what the bot sent, and local mode (`tumbuh chat`), which drives the real bot
// from a terminal and prints its replies. The core API therefore never needs a
// testing.TB; the Must* helpers in helpers.go are thin conveniences on top.
package tgtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// DefaultToken is what Token returns when WithToken was not used; any
// non-empty token is accepted then.
const DefaultToken = "123456789:TEST-token"

// Server is a running fake Telegram Bot API. All methods are safe for
// concurrent use. Close it to stop the HTTP server and all its goroutines.
type Server struct {
	http  *httptest.Server
	token string // required token; "" accepts any
	bot   models.User
	now   func() time.Time
	retry RetryPolicy

	manualDelivery bool

	mu        sync.Mutex
	closed    chan struct{} // closed by Close; ends long polls, hangs and waits
	baseCtx   context.Context
	cancel    context.CancelFunc // cancels baseCtx, which background deliveries use
	closeOnce sync.Once
	wg        sync.WaitGroup // background goroutines (webhook delivery, subscribers)

	calls []*Call

	failures []*failureRule
	release  chan struct{} // closed and replaced by Release to free hung calls

	firstID      int64
	nextUpdateID int64 // the last id handed out
	queue        []pendingUpdate
	updated      chan struct{} // closed and replaced when the queue changes
	poll         *activePoll

	webhook    *webhookState
	deliveries []Delivery

	chats     map[int64]*chat
	files     map[string]File
	fileSeq   int
	callbacks map[string]*callbackState
	cbSeq     int64
	commands  map[string][]models.BotCommand // by language_code, default scope

	sent chan struct{} // closed and replaced when a chat's history changes
	subs map[int]*subscriber
	sub  int
}

// Option configures a Server in New.
type Option func(*Server)

// WithToken makes the server answer 401 Unauthorized, as Telegram does, to any
// request whose path carries a different token.
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// WithBotUser sets the user getMe returns and that sent messages come from.
// IsBot is forced to true.
func WithBotUser(u models.User) Option {
	return func(s *Server) {
		u.IsBot = true
		s.bot = u
	}
}

// WithClock sets the clock used for message dates and Call.At, so tests with
// a fixed time get stable payloads.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithWebhookRetry sets how the background webhook delivery retries an update
// that got a non-2xx answer or a network error.
func WithWebhookRetry(p RetryPolicy) Option {
	return func(s *Server) { s.retry = p }
}

// WithManualDelivery turns background webhook delivery off: updates pushed
// while a webhook is set stay pending (see Pending) until the test calls
// Deliver. Use it to control exactly when and how often each update reaches
// the handler.
func WithManualDelivery() Option {
	return func(s *Server) { s.manualDelivery = true }
}

// WithFirstUpdateID sets the update_id of the first update, so a test can
// assert exact ids. By default it is derived from the clock, like Telegram's
// own ids that keep growing, so a bot that dedupes update ids in a database
// that outlives the fake (local mode) does not take new updates for old ones.
func WithFirstUpdateID(id int64) Option {
	return func(s *Server) { s.firstID = id }
}

// firstUpdateID counts tenths of a second since 2024 so ids grow across runs
// and, like Telegram's, fit a 32-bit integer for years.
func firstUpdateID(now time.Time) int64 {
	epoch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return max(now.Sub(epoch).Milliseconds()/100, 1)
}

// New starts a fake Telegram server on a loopback port. It never fails: the
// listener comes from httptest, which panics if no port is free.
func New(opts ...Option) *Server {
	s := &Server{
		bot: models.User{
			ID:                      123456789,
			IsBot:                   true,
			FirstName:               "Tumbuh",
			Username:                "tumbuh_test_bot",
			CanJoinGroups:           true,
			CanReadAllGroupMessages: false,
			SupportInlineQueries:    false,
		},
		now:       time.Now,
		retry:     defaultRetry,
		closed:    make(chan struct{}),
		release:   make(chan struct{}),
		updated:   make(chan struct{}),
		sent:      make(chan struct{}),
		chats:     make(map[int64]*chat),
		files:     make(map[string]File),
		callbacks: make(map[string]*callbackState),
		subs:      make(map[int]*subscriber),
	}
	for _, o := range opts {
		o(s)
	}
	s.baseCtx, s.cancel = context.WithCancel(context.Background())
	s.nextUpdateID = firstUpdateID(s.now()) - 1
	if s.firstID > 0 {
		s.nextUpdateID = s.firstID - 1
	}
	if s.token != "" {
		if id, err := strconv.ParseInt(strings.SplitN(s.token, ":", 2)[0], 10, 64); err == nil && id > 0 {
			s.bot.ID = id
		}
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.wg.Add(1)
	go s.deliverLoop()
	return s
}

// URL is the base URL to pass to bot.WithServerURL; the client appends
// "/bot<token>/<method>".
func (s *Server) URL() string { return s.http.URL }

// Token returns the token WithToken required, or DefaultToken.
func (s *Server) Token() string {
	if s.token != "" {
		return s.token
	}
	return DefaultToken
}

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() models.User { return s.bot }

// Close releases every blocked call (long polls, hangs, waits), stops the
// webhook delivery and subscriber goroutines and shuts the HTTP server down.
// It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.cancel()
		s.mu.Lock()
		for _, sub := range s.subs {
			sub.stop()
		}
		s.mu.Unlock()
		// httptest.Server.Close waits for in-flight requests, which the closed
		// channel above has already told to return.
		s.http.Close()
		s.wg.Wait()
	})
}

// isClosed reports whether Close has started.
func (s *Server) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// broadcast wakes everyone waiting on *ch and arms a fresh channel. The caller
// holds s.mu.
func broadcast(ch *chan struct{}) {
	close(*ch)
	*ch = make(chan struct{})
}
