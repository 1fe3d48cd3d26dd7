package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tumbuh-id/tumbuh/internal/app"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// runServe is `tumbuh serve`: the production bot.
func runServe(ctx context.Context, _ []string, stderr io.Writer, getenv func(string) string) int {
	cfg, log, ok := loadConfig(getenv, stderr)
	if !ok {
		return 2
	}
	if cfg.LocalMode() {
		fmt.Fprintln(stderr, "tumbuh serve: TELEGRAM_BOT_TOKEN is not set (use `tumbuh chat` to try the bot locally)")
		return 2
	}
	db, closeDB, err := app.OpenDatabase(ctx, cfg, log)
	if err != nil {
		log.Error("database", "error", err)
		return 1
	}
	defer closeDB()
	if cfg.DatabaseURL != "" {
		log.Info("database connected", "url", store.RedactURL(cfg.DatabaseURL))
	}
	a, err := app.New(cfg, db, log)
	if err != nil {
		log.Error("start", "error", err)
		return 1
	}
	if err := a.Run(ctx); err != nil {
		log.Error("serve", "error", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

// runMigrate is `tumbuh migrate`.
func runMigrate(ctx context.Context, stderr io.Writer, getenv func(string) string) int {
	cfg, log, ok := loadConfig(getenv, stderr)
	if !ok {
		return 2
	}
	_, closeDB, err := app.OpenDatabase(ctx, cfg, log)
	if err != nil {
		log.Error("migrate", "error", err)
		return 1
	}
	closeDB()
	log.Info("database schema up to date")
	return 0
}
