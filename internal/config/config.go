// Package config reads tumbuh's settings from the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is every setting, validated. It is passed explicitly: there is no
// package-level copy.
type Config struct {
	// TelegramToken is the bot token; empty means local mode.
	TelegramToken string
	// TelegramAPIURL is the Bot API base URL.
	TelegramAPIURL string
	// WebhookURL, when set, makes serve use a webhook instead of long polling.
	WebhookURL string
	// WebhookSecret is the secret Telegram sends with each webhook call.
	WebhookSecret string
	// HTTPAddr is where the HTTP server (health, metrics, webhook) listens.
	HTTPAddr string
	// DatabaseURL points at PostgreSQL; empty means the local cluster in DataDir.
	DatabaseURL string
	// DataDir holds the local PostgreSQL cluster.
	DataDir string
	// LogLevel and LogFormat ("text" or "json") shape the logs.
	LogLevel  slog.Level
	LogFormat string
	// ShutdownGrace bounds a graceful stop: turns in flight finish and
	// leased messages go out or are handed back within it.
	ShutdownGrace time.Duration
	// FloodMax messages of one chat in FloodWindow are answered; past that
	// the chat gets one "slow down" notice and no answers until the window
	// ends. Zero turns the limit off.
	FloodMax    int
	FloodWindow time.Duration
	// ChatSendBurst replies to one chat go out at once; beyond that they
	// are spaced ChatSendInterval apart (Telegram allows about one a second
	// per chat). Zero sends without spacing.
	ChatSendBurst    int
	ChatSendInterval time.Duration
	// SupplementName and SupplementTotal are the tablet of pregnancy
	// (SUPPLEMENT: "TTD", 90 tablets, or "MMS", 180; SUPPLEMENT_TOTAL
	// overrides the count), named in every message about it.
	SupplementName  string
	SupplementTotal int
	// QuietStart and QuietEnd are the local quiet hours (QUIET_HOURS,
	// "21:00-06:00"): no non-urgent message starts in them.
	QuietStart, QuietEnd time.Duration
	// SchedulerInterval is how often the scheduler ticks (30s).
	SchedulerInterval time.Duration
	// TelegramRate is how many bulk messages (reminders, broadcasts) a
	// second all replicas send together: Telegram allows about 30, paid
	// broadcasts up to 1000. Zero sends unpaced (a local fake only).
	TelegramRate int
}

// LocalMode reports whether there is no bot token, so the bot runs against
// the in-process fake Telegram.
func (c Config) LocalMode() bool { return c.TelegramToken == "" }

// secretPattern is what Telegram accepts as a webhook secret token.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// Load reads the configuration through getenv, applying defaults, and
// returns every problem found at once.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		TelegramToken:  strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN")),
		TelegramAPIURL: strings.TrimRight(strings.TrimSpace(getenv("TELEGRAM_API_URL")), "/"),
		WebhookURL:     strings.TrimSpace(getenv("TELEGRAM_WEBHOOK_URL")),
		WebhookSecret:  strings.TrimSpace(getenv("TELEGRAM_WEBHOOK_SECRET")),
		HTTPAddr:       strings.TrimSpace(getenv("HTTP_ADDR")),
		DatabaseURL:    strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:        strings.TrimSpace(getenv("TUMBUH_DATA_DIR")),
		LogFormat:      strings.ToLower(strings.TrimSpace(getenv("LOG_FORMAT"))),
	}
	var errs []error
	c.ShutdownGrace = 10 * time.Second
	if g := strings.TrimSpace(getenv("SHUTDOWN_GRACE")); g != "" {
		d, err := time.ParseDuration(g)
		if err != nil || d <= 0 || d > 10*time.Minute {
			errs = append(errs, fmt.Errorf("SHUTDOWN_GRACE %q: use a duration such as 10s, up to 10m", g))
		}
		c.ShutdownGrace = d
	}
	if c.TelegramAPIURL == "" {
		c.TelegramAPIURL = "https://api.telegram.org"
	} else if u, err := url.Parse(c.TelegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("TELEGRAM_API_URL must be an http(s) URL"))
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = ":8080"
	}
	if c.WebhookURL != "" {
		if u, err := url.Parse(c.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, fmt.Errorf("TELEGRAM_WEBHOOK_URL must be an https URL (Telegram calls only https)"))
		}
		if !secretPattern.MatchString(c.WebhookSecret) {
			errs = append(errs, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET is required with a webhook: 1-256 characters of A-Z, a-z, 0-9, _ and -"))
		}
		if c.TelegramToken == "" {
			errs = append(errs, fmt.Errorf("TELEGRAM_WEBHOOK_URL needs TELEGRAM_BOT_TOKEN"))
		}
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, fmt.Errorf("DATABASE_URL must be a postgres:// URL"))
		}
	}
	if c.DataDir == "" {
		dir, err := defaultDataDir(getenv)
		if err != nil {
			errs = append(errs, err)
		}
		c.DataDir = dir
	}
	switch lvl := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); lvl {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL %q: use debug, info, warn or error", lvl))
	}
	switch c.LogFormat {
	case "":
		c.LogFormat = "text"
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT %q: use text or json", c.LogFormat))
	}
	c.FloodMax = envInt(getenv, "FLOOD_MAX_MESSAGES", 20, &errs)
	c.FloodWindow = envDuration(getenv, "FLOOD_WINDOW", 10*time.Second, &errs)
	c.ChatSendBurst = envInt(getenv, "CHAT_SEND_BURST", 3, &errs)
	c.ChatSendInterval = envDuration(getenv, "CHAT_SEND_INTERVAL", time.Second, &errs)
	c.SchedulerInterval = envDuration(getenv, "SCHEDULER_INTERVAL", 30*time.Second, &errs)
	switch sup := strings.ToUpper(strings.TrimSpace(getenv("SUPPLEMENT"))); sup {
	case "", "TTD":
		c.SupplementName, c.SupplementTotal = "TTD", 90
	case "MMS":
		c.SupplementName, c.SupplementTotal = "MMS", 180
	default:
		errs = append(errs, fmt.Errorf("SUPPLEMENT %q: use TTD or MMS", sup))
	}
	if n := envInt(getenv, "SUPPLEMENT_TOTAL", 0, &errs); n > 0 {
		c.SupplementTotal = n
	}
	c.QuietStart, c.QuietEnd = 21*time.Hour, 6*time.Hour
	if q := strings.TrimSpace(getenv("QUIET_HOURS")); q != "" {
		from, to, ok := strings.Cut(q, "-")
		a, aok := clockOf(from)
		b, bok := clockOf(to)
		if !ok || !aok || !bok {
			errs = append(errs, fmt.Errorf("QUIET_HOURS %q: use from-to in local time, such as 21:00-06:00", q))
		} else {
			c.QuietStart, c.QuietEnd = a, b
		}
	}
	c.TelegramRate = envInt(getenv, "TELEGRAM_RATE", 30, &errs)
	if c.TelegramRate > 1000 {
		errs = append(errs, fmt.Errorf("TELEGRAM_RATE %d: Telegram allows at most 1000 messages a second", c.TelegramRate))
	}
	return c, errors.Join(errs...)
}

// clockOf reads "21:00" (or "21.00") as an offset from midnight.
func clockOf(s string) (time.Duration, bool) {
	t, err := time.Parse("15:04", strings.ReplaceAll(strings.TrimSpace(s), ".", ":"))
	if err != nil {
		return 0, false
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
}

// envInt reads a non-negative integer, def when unset.
func envInt(getenv func(string) string, name string, def int, errs *[]error) int {
	raw := strings.TrimSpace(getenv(name))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		*errs = append(*errs, fmt.Errorf("%s %q: use a whole number, 0 or more", name, raw))
		return def
	}
	return n
}

// envDuration reads a positive duration such as "10s", def when unset.
func envDuration(getenv func(string) string, name string, def time.Duration, errs *[]error) time.Duration {
	raw := strings.TrimSpace(getenv(name))
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s %q: use a duration such as 10s or 1s", name, raw))
		return def
	}
	return d
}

// RootDataDir is the default data directory when running as root: the
// local PostgreSQL runs as the postgres OS user, which cannot enter /root.
const RootDataDir = "/var/lib/tumbuh"

// defaultDataDir is "tumbuh" under the user's data directory
// ($XDG_DATA_HOME or ~/.local/share), or RootDataDir for root.
func defaultDataDir(getenv func(string) string) (string, error) {
	if os.Geteuid() == 0 {
		return RootDataDir, nil
	}
	if x := getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "tumbuh"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no TUMBUH_DATA_DIR and no home directory: set TUMBUH_DATA_DIR")
		}
		home = h
	}
	return filepath.Join(home, ".local", "share", "tumbuh"), nil
}
