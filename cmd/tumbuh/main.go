// Command tumbuh is the tumbuh bot: a Telegram chatbot against child stunting.
//
// Subcommands: serve, chat, migrate, zscore, admin. With no subcommand it
// serves when TELEGRAM_BOT_TOKEN is set and opens a local chat otherwise.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "zscore":
		return runZscore(ctx, args, stdin, stdout, stderr)
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
  chat      local mode: talk to the bot in this terminal
  migrate   apply database migrations and exit
  zscore    add WHO z-scores to a CSV file (see tumbuh zscore -h)
  admin     operator tasks: regions, posyandu, invites
`
