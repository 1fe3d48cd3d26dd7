package config_test

import (
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(env(map[string]string{"HOME": "/home/siti"}))
	require.NoError(t, err)
	assert.True(t, c.LocalMode())
	assert.Equal(t, "https://api.telegram.org", c.TelegramAPIURL)
	assert.Equal(t, ":8080", c.HTTPAddr)
	if os.Geteuid() == 0 {
		assert.Equal(t, config.RootDataDir, c.DataDir)
	} else {
		assert.Equal(t, "/home/siti/.local/share/tumbuh", c.DataDir)
	}
	assert.Equal(t, slog.LevelInfo, c.LogLevel)
	assert.Equal(t, "text", c.LogFormat)
	assert.Equal(t, 20, c.FloodMax)
	assert.Equal(t, 10*time.Second, c.FloodWindow)
	assert.Equal(t, 3, c.ChatSendBurst)
	assert.Equal(t, time.Second, c.ChatSendInterval)
}

func TestLoad(t *testing.T) {
	tcs := []struct {
		name    string
		env     map[string]string
		wantErr []string
		check   func(t *testing.T, c config.Config)
	}{
		{
			name: "webhook",
			env: map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "https://bot.example.id/telegram/webhook",
				"TELEGRAM_WEBHOOK_SECRET": "s3cret_-x", "HOME": "/h"},
			check: func(t *testing.T, c config.Config) {
				assert.False(t, c.LocalMode())
				assert.Equal(t, "s3cret_-x", c.WebhookSecret)
			},
		},
		{
			name:    "webhook without secret or https",
			env:     map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "http://bot.example.id/", "HOME": "/h"},
			wantErr: []string{"TELEGRAM_WEBHOOK_URL must be an https URL", "TELEGRAM_WEBHOOK_SECRET is required"},
		},
		{
			name:    "secret with bad characters",
			env:     map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "https://x.id/", "TELEGRAM_WEBHOOK_SECRET": "a b", "HOME": "/h"},
			wantErr: []string{"TELEGRAM_WEBHOOK_SECRET"},
		},
		{
			name: "flood and pacing",
			env:  map[string]string{"FLOOD_MAX_MESSAGES": "0", "FLOOD_WINDOW": "1m", "CHAT_SEND_BURST": "5", "CHAT_SEND_INTERVAL": "500ms", "HOME": "/h"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, 0, c.FloodMax)
				assert.Equal(t, time.Minute, c.FloodWindow)
				assert.Equal(t, 5, c.ChatSendBurst)
				assert.Equal(t, 500*time.Millisecond, c.ChatSendInterval)
			},
		},
		{
			name:    "bad flood and pacing",
			env:     map[string]string{"FLOOD_MAX_MESSAGES": "-1", "FLOOD_WINDOW": "ten", "CHAT_SEND_BURST": "x", "CHAT_SEND_INTERVAL": "0s", "HOME": "/h"},
			wantErr: []string{"FLOOD_MAX_MESSAGES", "FLOOD_WINDOW", "CHAT_SEND_BURST", "CHAT_SEND_INTERVAL"},
		},
		{
			name: "telegram rate",
			env:  map[string]string{"TELEGRAM_RATE": "1000", "HOME": "/h"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, 1000, c.TelegramRate)
			},
		},
		{
			name:    "telegram rate above Telegram's",
			env:     map[string]string{"TELEGRAM_RATE": "1001", "HOME": "/h"},
			wantErr: []string{"TELEGRAM_RATE"},
		},
		{
			name:    "all problems at once",
			env:     map[string]string{"LOG_LEVEL": "loud", "LOG_FORMAT": "xml", "DATABASE_URL": "mysql://x", "HOME": "/h"},
			wantErr: []string{"LOG_LEVEL", "LOG_FORMAT", "DATABASE_URL"},
		},
		{
			name: "overrides",
			env: map[string]string{"TELEGRAM_API_URL": "http://127.0.0.1:9000/", "HTTP_ADDR": "127.0.0.1:9999",
				"TUMBUH_DATA_DIR": "/var/lib/tumbuh", "LOG_LEVEL": "debug", "LOG_FORMAT": "json"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "http://127.0.0.1:9000", c.TelegramAPIURL)
				assert.Equal(t, "127.0.0.1:9999", c.HTTPAddr)
				assert.Equal(t, "/var/lib/tumbuh", c.DataDir)
				assert.Equal(t, slog.LevelDebug, c.LogLevel)
				assert.Equal(t, "json", c.LogFormat)
			},
		},
		{
			name: "xdg data home",
			env:  map[string]string{"XDG_DATA_HOME": "/data"},
			check: func(t *testing.T, c config.Config) {
				want := "/data/tumbuh"
				if os.Geteuid() == 0 {
					want = config.RootDataDir
				}
				assert.Equal(t, want, c.DataDir)
			},
		},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Load(env(tc.env))
			if len(tc.wantErr) > 0 {
				require.Error(t, err)
				for _, w := range tc.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			tc.check(t, c)
		})
	}
}

func TestReminderSettings(t *testing.T) {
	c, err := config.Load(env(map[string]string{"HOME": "/home/siti"}))
	require.NoError(t, err)
	assert.Equal(t, "TTD", c.SupplementName)
	assert.Equal(t, 90, c.SupplementTotal)
	assert.Equal(t, 21*time.Hour, c.QuietStart)
	assert.Equal(t, 6*time.Hour, c.QuietEnd)
	assert.Equal(t, 30*time.Second, c.SchedulerInterval)

	c, err = config.Load(env(map[string]string{"HOME": "/home/siti", "SUPPLEMENT": "mms", "QUIET_HOURS": "20:30-05.30", "SCHEDULER_INTERVAL": "10s"}))
	require.NoError(t, err)
	assert.Equal(t, "MMS", c.SupplementName)
	assert.Equal(t, 180, c.SupplementTotal)
	assert.Equal(t, 20*time.Hour+30*time.Minute, c.QuietStart)
	assert.Equal(t, 5*time.Hour+30*time.Minute, c.QuietEnd)
	assert.Equal(t, 10*time.Second, c.SchedulerInterval)

	_, err = config.Load(env(map[string]string{"HOME": "/home/siti", "SUPPLEMENT": "vitamin", "QUIET_HOURS": "late"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "SUPPLEMENT")
	assert.Contains(t, err.Error(), "QUIET_HOURS")
}
