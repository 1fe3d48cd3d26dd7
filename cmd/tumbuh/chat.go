package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/config"
	"github.com/tumbuh-id/tumbuh/internal/localchat"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// chatLogFile is the log of local mode, in the data directory, so that the
// terminal shows only the conversation.
const chatLogFile = "tumbuh-chat.log"

// runChat is `tumbuh chat`, local mode: the real bot, a database (the local
// cluster unless DATABASE_URL is set) and an in-process fake Telegram that
// this terminal plays the user of.
func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("tumbuh chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	user := fs.Int64("user", 1001, "Telegram user id of the person typing (also their chat id)")
	name := fs.String("name", "Ibu Siti", "Telegram first name of the person typing")
	phone := fs.String("phone", "", "phone number /kontak shares (default: +62812 and the user id, zero-padded)")
	lang := fs.String("lang", "id", "Telegram language_code of the person typing (id or en)")
	timeout := fs.Duration("timeout", localchat.DefaultTimeout, "how long to wait for the bot to answer one line")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: tumbuh chat [flags]

Talk to the bot in this terminal, against an in-process fake Telegram.
Type a button's number or label to press it, /kontak to share your phone.
With stdin not a terminal, each input line is one message and every reply
is printed, so conversations can be scripted.

flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tumbuh chat: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *user <= 0 {
		fmt.Fprintln(stderr, "tumbuh chat: --user must be a positive Telegram user id")
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "tumbuh: configuration:\n%v\n", err)
		return 2
	}
	log, closeLog := chatLogger(cfg, stderr)
	defer closeLog()

	opts := localchat.Options{
		User:        tgtest.User{ID: *user, FirstName: *name, LanguageCode: *lang},
		Phone:       *phone,
		Interactive: isTerminal(stdin),
		Timeout:     *timeout,
		MediaDir:    filepath.Join(cfg.DataDir, "media"),
	}
	if err := chat(ctx, cfg, log, stdin, stdout, opts); err != nil {
		fmt.Fprintf(stderr, "tumbuh chat: %v\n", err)
		return 1
	}
	return 0
}

// chat runs the bot against a fake Telegram and the terminal against both,
// until the input ends; it stops the bot before returning.
func chat(ctx context.Context, cfg config.Config, log *slog.Logger, stdin io.Reader, stdout io.Writer, opts localchat.Options) error {
	db, closeDB, err := app.OpenDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	seeded, err := app.SeedDemo(ctx, db)
	if err != nil {
		return fmt.Errorf("seed demo regions: %w", err)
	}
	if seeded {
		fmt.Fprintln(stdout, "(database baru: Kota Tangerang Selatan dan 5 posyandu contoh dimuat / new database: demo regions and posyandu loaded)")
	}

	first, err := localchat.FirstUpdateID(ctx, db)
	if err != nil {
		return err
	}
	srv := tgtest.New(tgtest.WithFirstUpdateID(first))
	defer srv.Close()
	cfg.TelegramToken = srv.Token()
	cfg.TelegramAPIURL = srv.URL()
	cfg.WebhookURL, cfg.WebhookSecret = "", ""
	a, err := app.New(cfg, db, log)
	if err != nil {
		return fmt.Errorf("assemble the bot: %w", err)
	}
	// This terminal is one person's chat: messages to other people wait in
	// the outbox until a terminal plays them (tumbuh chat --user N).
	a.Sender.OnlyChat = opts.User.ID
	// A fixed HTTP port could clash with a running `tumbuh serve`; local
	// mode needs no reachable HTTP, so any free loopback port will do.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1: %w", err)
	}
	opts.Clock = localClock(a)
	appCtx, stopApp := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- a.Serve(appCtx, ln) }()

	chatErr := localchat.Run(ctx, srv, db, stdin, stdout, opts)
	stopApp()
	select {
	case err := <-served:
		if err != nil {
			log.Warn("bot stopped with an error", "error", err)
		}
	case <-time.After(15 * time.Second):
		log.Warn("bot did not stop in time")
	}
	return chatErr
}

// localClock is /waktu: it moves the bot's clock (its turns and its
// scheduler) and ticks the scheduler every ten minutes of the time skipped,
// so that reminders due on the way go out as they would have.
func localClock(a *app.App) func(ctx context.Context, arg string) (string, error) {
	var mu sync.Mutex
	var offset time.Duration
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return time.Now().Add(offset)
	}
	a.Turns.Now, a.Clock = now, now
	wib := schedule.Zone("")
	return func(ctx context.Context, arg string) (string, error) {
		from := now()
		to, err := localchat.ParseClock(arg, from, wib)
		if err != nil {
			return "", fmt.Errorf("/waktu %s: %w", arg, err)
		}
		if to.Sub(from) > 60*24*time.Hour {
			return "", fmt.Errorf("/waktu %s: at most 60 days at once", arg)
		}
		var queued int64
		for t := from; t.Before(to); t = t.Add(10 * time.Minute) {
			r, err := a.Scheduler.Tick(ctx, t)
			if err != nil {
				return "", err
			}
			queued += r.Queued()
		}
		mu.Lock()
		offset = time.Until(to)
		mu.Unlock()
		r, err := a.Scheduler.Tick(ctx, to)
		if err != nil {
			return "", err
		}
		queued += r.Queued()
		return fmt.Sprintf("%s WIB (%d pengingat / reminders)", to.In(wib).Format("Mon 2006-01-02 15:04"), queued), nil
	}
}

// chatLogger logs into a file in the data directory at the configured level
// and only warnings and errors to stderr, keeping the conversation readable.
func chatLogger(cfg config.Config, stderr io.Writer) (*slog.Logger, func()) {
	warn := slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})
	log := slog.New(warn)
	closeLog := func() {}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err == nil {
		f, err := os.OpenFile(filepath.Join(cfg.DataDir, chatLogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err == nil {
			opts := &slog.HandlerOptions{Level: cfg.LogLevel}
			var h slog.Handler = slog.NewTextHandler(f, opts)
			if cfg.LogFormat == "json" {
				h = slog.NewJSONHandler(f, opts)
			}
			log = slog.New(slog.NewMultiHandler(h, warn))
			closeLog = func() { _ = f.Close() }
		}
	}
	slog.SetDefault(log)
	return log, closeLog
}

// isTerminal reports whether r is a character device such as a terminal,
// with the standard library only.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
