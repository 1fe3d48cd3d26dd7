// Package app assembles tumbuh from its parts: the turn handler, the
// outbox sender, the Telegram transport and the HTTP server. main and the
// end-to-end tests both start it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/bot"
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/attachment"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/metrics"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/referral"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/locales"
)

// App is one running tumbuh process.
type App struct {
	cfg    config.Config
	db     *sqlx.DB
	log    *slog.Logger
	Turns  *conversation.Handler
	Sender *outbox.Sender
	Client *bot.Client
	// Scheduler queues reminders; Serve ticks it every SchedulerInterval.
	Scheduler *scheduler.Scheduler
	// Clock is the scheduler's time; local mode moves it (/waktu).
	Clock func() time.Time

	metrics  *metrics.Metrics
	webhook  *bot.Webhook
	renderer *bot.Renderer
	registry *flows.Registry
}

// New assembles the app over an open, migrated database.
func New(cfg config.Config, db *sqlx.DB, log *slog.Logger) (*App, error) {
	token := cfg.TelegramToken
	if token == "" {
		return nil, errors.New("app needs a bot token (local mode passes the fake server's)")
	}
	client, err := bot.NewClient(token, cfg.TelegramAPIURL)
	if err != nil {
		return nil, err
	}
	renderer := bot.NewRenderer(locales.MustBundle())
	registry := flows.Default()
	turns := conversation.NewHandler(db, flows.NewEngine(registry), renderer, log)
	sender := outbox.NewSender(db, client, log)
	sender.Attacher = attachment.New(db, renderer)
	turns.ReplyLease = sender.Lease
	a := &App{cfg: cfg, db: db, log: log, Turns: turns, Sender: sender, Client: client,
		renderer: renderer, registry: registry}
	turns.FloodMax, turns.FloodWindow = cfg.FloodMax, cfg.FloodWindow
	sender.Rate = float64(cfg.TelegramRate)
	turns.BroadcastRate = sender.Rate
	a.metrics = metrics.New(db, pacing{sender}, log)
	turns.Observe, sender.Observer = a.metrics.Turn, a.metrics
	turns.Pace = store.Pace{Burst: cfg.ChatSendBurst, Interval: cfg.ChatSendInterval}
	sup := flows.Supplement{Name: cfg.SupplementName, Total: cfg.SupplementTotal}
	if sup.Name == "" || sup.Total == 0 {
		sup = conversation.DefaultSupplement
	}
	turns.Supplement = sup
	a.Scheduler = scheduler.New(db, renderer, locales.Languages, log)
	a.Scheduler.Supplement = sup
	if cfg.QuietStart != cfg.QuietEnd {
		a.Scheduler.Quiet = schedule.Quiet{Start: cfg.QuietStart, End: cfg.QuietEnd}
	}
	a.Clock = time.Now
	a.webhook = bot.NewWebhook(cfg.WebhookSecret, turns, sender, log)
	a.webhook.Answerer = client
	return a, nil
}

// Handler returns the HTTP routes: health, readiness and the webhook.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.db.PingContext(ctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if a.cfg.WebhookURL != "" {
		mux.Handle("POST /telegram/webhook", a.webhook)
	}
	return mux
}

// Webhook is the webhook handler, for tests and benchmarks.
func (a *App) Webhook() *bot.Webhook { return a.webhook }

// Run serves until ctx ends: the HTTP server, the outbox loop, the pruning
// of old update ids, and either the webhook (registered with Telegram) or
// long polling. It returns when everything has stopped.
func (a *App) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.HTTPAddr, err)
	}
	return a.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened. When ctx ends it stops
// gracefully within the configured grace: the webhook answers 503 and the
// poller stops taking updates, turns in flight finish, leased messages are
// sent (or handed back), and the process is marked stopped so that another
// replica takes over whatever is left at once.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	// Registered even when ctx already ended, so a stop right after the
	// start is as clean as any other.
	regCtx, regCancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	id, err := registerProcess(regCtx, a.db)
	regCancel()
	if err != nil {
		_ = ln.Close()
		return err
	}
	a.Turns.Owner, a.Sender.Owner = id, id
	grace := a.cfg.ShutdownGrace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	a.Sender.Grace = grace

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http server: %w", err)
			cancel()
		}
	})
	wg.Go(func() { a.heartbeat(ctx, id) })
	wg.Go(func() { _ = a.Sender.Run(ctx) })
	wg.Go(func() { a.prune(ctx) })
	wg.Go(func() { a.remindReferrals(ctx) })
	wg.Go(func() {
		interval := a.cfg.SchedulerInterval
		if interval <= 0 {
			interval = 30 * time.Second
		}
		a.Scheduler.Run(ctx, interval, func() time.Time { return a.Clock() })
	})
	wg.Go(func() {
		if err := a.Client.SetCommands(ctx, a.renderer, a.registry.Commands()); err != nil && ctx.Err() == nil {
			a.log.Warn("command menu not set", "error", err)
		}
	})
	if a.cfg.WebhookURL != "" {
		if err := a.setWebhook(ctx); err != nil {
			errc <- err
			cancel()
		}
	} else {
		wg.Go(func() {
			if _, err := a.Client.API().DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
				a.log.Warn("deleteWebhook failed", "error", err)
			}
			p := bot.NewPoller(a.cfg.TelegramToken, a.cfg.TelegramAPIURL, a.Turns, a.Sender, a.log)
			p.Answerer = a.Client
			a.log.Info("long polling started")
			_ = p.Run(ctx)
		})
	}
	a.log.Info("tumbuh serving", "addr", ln.Addr().String(), "webhook", a.cfg.WebhookURL != "", "process_id", id)
	<-ctx.Done()

	a.log.Info("stopping", "grace_s", grace.Seconds())
	deadline := time.Now().Add(grace)
	a.webhook.Drain()
	shutdownCtx, stop := context.WithDeadline(context.Background(), deadline)
	defer stop()
	_ = srv.Shutdown(shutdownCtx) // waits for the turns in flight
	wg.Wait()
	if !a.Sender.WaitTimeout(time.Until(deadline)) {
		a.log.Warn("grace ran out with messages still being sent; another process takes them over")
	}
	// Marked stopped, whatever this process still leases is free for the others.
	stopCtx, stopStop := context.WithTimeout(context.Background(), 2*time.Second)
	defer stopStop()
	if err := store.StopProcess(stopCtx, a.db, id); err != nil {
		a.log.Warn("process not marked stopped; its leases free up when its heartbeat is stale", "error", err)
	}
	a.log.Info("stopped")
	close(errc)
	return <-errc
}

// pacing is the sender's pacing as the metrics read it.
type pacing struct{ s *outbox.Sender }

func (p pacing) Rate() float64          { return p.s.Pacer().Rate() }
func (p pacing) Leading() bool          { return p.s.Leading() }
func (p pacing) PausedUntil() time.Time { return p.s.Pacer().PausedUntil() }

// registerProcess records this process (host and pid, for operators).
func registerProcess(ctx context.Context, db *sqlx.DB) (int64, error) {
	host, _ := os.Hostname()
	return store.RegisterProcess(ctx, db, host, os.Getpid())
}

// heartbeat tells the other processes this one is alive, every second.
func (a *App) heartbeat(ctx context.Context, id int64) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := store.Heartbeat(ctx, a.db, id); err != nil && ctx.Err() == nil {
			a.log.Warn("heartbeat failed", "error", err)
		}
	}
}

func (a *App) setWebhook(ctx context.Context) error {
	_, err := a.Client.API().SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            a.cfg.WebhookURL,
		SecretToken:    a.cfg.WebhookSecret,
		AllowedUpdates: bot.AllowedUpdates,
		MaxConnections: 40,
	})
	if err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	a.log.Info("webhook set")
	return nil
}

// prune forgets processed update ids after a week and processes gone for a
// day, once an hour.
func (a *App) prune(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := store.PruneUpdates(ctx, a.db, time.Now().Add(-7*24*time.Hour))
		if err != nil && ctx.Err() == nil {
			a.log.Warn("prune processed updates", "error", err)
		} else if n > 0 {
			a.log.Info("processed updates pruned", "count", n)
		}
		if err := store.PruneProcesses(ctx, a.db, time.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.log.Warn("prune processes", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// remindReferrals reminds health workers of referrals unmoved for a week,
// checking every ten minutes; the outbox's dedupe keys keep it to once a
// day per referral and person, whichever replica runs it.
func (a *App) remindReferrals(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		n, err := referral.RemindStale(ctx, a.db, a.renderer, time.Now())
		if err != nil && ctx.Err() == nil {
			a.log.Warn("remind stale referrals", "error", err)
		} else if n > 0 {
			a.log.Info("stale referrals reminded", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
