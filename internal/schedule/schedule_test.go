package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/schedule"
)

func TestQuiet(t *testing.T) {
	wib, wit := schedule.Zone("Asia/Jakarta"), schedule.Zone("Asia/Jayapura")
	q := schedule.DefaultQuiet
	tcs := []struct {
		name  string
		at    time.Time
		loc   *time.Location
		quiet bool
		open  time.Time
	}{
		{"evening before", time.Date(2026, 12, 1, 20, 59, 0, 0, wib), wib, false, time.Date(2026, 12, 1, 20, 59, 0, 0, wib)},
		{"nine at night", time.Date(2026, 12, 1, 21, 0, 0, 0, wib), wib, true, time.Date(2026, 12, 2, 6, 0, 0, 0, wib)},
		{"after midnight", time.Date(2026, 12, 2, 3, 0, 0, 0, wib), wib, true, time.Date(2026, 12, 2, 6, 0, 0, 0, wib)},
		{"six", time.Date(2026, 12, 2, 6, 0, 0, 0, wib), wib, false, time.Date(2026, 12, 2, 6, 0, 0, 0, wib)},
		// 19:30 WIB is 21:30 WIT: quiet there.
		{"same instant in WIT", time.Date(2026, 12, 1, 19, 30, 0, 0, wib), wit, true, time.Date(2026, 12, 2, 6, 0, 0, 0, wit)},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.quiet, q.In(tc.at, tc.loc))
			assert.True(t, tc.open.Equal(q.Open(tc.at, tc.loc)), "open %s", q.Open(tc.at, tc.loc))
		})
	}
	day := schedule.Midnight(time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), wib) // 2 Dec 06:30 WIB
	assert.Equal(t, time.Date(2026, 12, 2, 21, 0, 0, 0, wib).String(), q.DayDeadline(day).String())
}

func TestZoneDefault(t *testing.T) {
	assert.Equal(t, "Asia/Jakarta", schedule.Zone("").String())
	assert.Equal(t, "Asia/Jakarta", schedule.Zone("Mars/Olympus").String())
	assert.Equal(t, "Asia/Makassar", schedule.Zone("Asia/Makassar").String())
}

func TestTabletRule(t *testing.T) {
	wita := schedule.Zone("Asia/Makassar")
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, wita)
	r := schedule.Rule{RRule: schedule.TabletRule(true, time.Tuesday, 19*time.Hour+30*time.Minute), Start: start}
	assert.Equal(t, "FREQ=WEEKLY;BYDAY=TU;BYHOUR=19;BYMINUTE=30;BYSECOND=0", r.RRule)
	got, err := r.Between(start, start.AddDate(0, 1, 0))
	require.NoError(t, err)
	require.Len(t, got, 4)
	for _, o := range got {
		o = o.In(wita)
		assert.Equal(t, time.Tuesday, o.Weekday())
		assert.Equal(t, 19, o.Hour())
		assert.Equal(t, 30, o.Minute())
	}
	daily, err := schedule.Rule{RRule: schedule.TabletRule(false, 0, 20*time.Hour), Start: start}.Between(start, start.AddDate(0, 0, 30))
	require.NoError(t, err)
	assert.Len(t, daily, 30)
	assert.Equal(t, time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), daily[0].UTC(), "20:00 WITA is 12:00 UTC")
}

func TestNthWeekdayRule(t *testing.T) {
	wib := schedule.Zone("")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, wib)
	r := schedule.Rule{RRule: schedule.NthWeekdayRule(2, time.Tuesday, 8*time.Hour), Start: start}
	got, err := r.Between(start, time.Date(2026, 4, 1, 0, 0, 0, 0, wib))
	require.NoError(t, err)
	want := []string{"2026-01-13 08:00", "2026-02-10 08:00", "2026-03-10 08:00"}
	require.Len(t, got, len(want))
	for i, w := range want {
		assert.Equal(t, w, got[i].In(wib).Format("2006-01-02 15:04"))
	}
}
