// Command tumbuh is the tumbuh bot: a Telegram chatbot against child stunting.
//
// Subcommands: serve, chat, migrate, zscore, admin. With no subcommand it
// serves when TELEGRAM_BOT_TOKEN is set and opens a local chat otherwise.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tumbuh-id/tumbuh/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	cmd := ""
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "-h" || args[0] == "--help") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		if getenv("TELEGRAM_BOT_TOKEN") != "" {
			return runServe(ctx, args, stderr, getenv)
		}
		return runChat(ctx, args, stdin, stdout, stderr, getenv)
	case "serve":
		return runServe(ctx, args, stderr, getenv)
	case "chat":
		return runChat(ctx, args, stdin, stdout, stderr, getenv)
	case "migrate":
		return runMigrate(ctx, stderr, getenv)
	case "zscore":
		return runZscore(ctx, args, stdin, stdout, stderr)
	case "admin":
		return runAdmin(ctx, args, stdout, stderr, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tumbuh: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

const usage = `usage: tumbuh [command] [flags]

commands:
  (none)    serve if TELEGRAM_BOT_TOKEN is set, otherwise chat
  serve     run the bot (webhook or long polling), sender and HTTP endpoints
  chat      local mode: talk to the bot in this terminal (see tumbuh chat -h)
  migrate   apply database migrations and exit
  zscore    add WHO z-scores to a CSV file (see tumbuh zscore -h)
  admin     operator tasks: regions, posyandu, invites (see tumbuh admin)

Configuration comes from the environment; see README.md.
`

// loadConfig reads the configuration and sets up slog; it prints problems.
func loadConfig(getenv func(string) string, stderr io.Writer) (config.Config, *slog.Logger, bool) {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "tumbuh: configuration:\n%v\n", err)
		return cfg, nil, false
	}
	return cfg, newLogger(cfg, stderr), true
}

// newLogger builds the process logger: JSON in production, text otherwise.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	log := slog.New(h)
	slog.SetDefault(log)
	return log
}
