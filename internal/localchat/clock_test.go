package localchat_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/localchat"
)

func TestParseClock(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, wib)
	tcs := []struct {
		arg  string
		want time.Time
	}{
		{"", now},
		{"+1d", now.AddDate(0, 0, 1)},
		{"+2h", now.Add(2 * time.Hour)},
		{"+1d2h30m", now.AddDate(0, 0, 1).Add(150 * time.Minute)},
		{"2026-12-24 19:00", time.Date(2026, 12, 24, 19, 0, 0, 0, wib)},
		{"2026-12-24", time.Date(2026, 12, 24, 0, 0, 0, 0, wib)},
		{"19.30", time.Date(2026, 12, 1, 19, 30, 0, 0, wib)},
	}
	for _, tc := range tcs {
		t.Run(tc.arg, func(t *testing.T) {
			got, err := localchat.ParseClock(tc.arg, now, wib)
			require.NoError(t, err)
			assert.True(t, tc.want.Equal(got), "got %s", got)
		})
	}
	for _, bad := range []string{"besok", "+xd", "+-2h", "25:00"} {
		_, err := localchat.ParseClock(bad, now, wib)
		assert.ErrorIs(t, err, localchat.ErrClock, bad)
	}
}
