package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/schedule"
)

func TestParsePosyanduPlan(t *testing.T) {
	tcs := []struct {
		text  string
		rule  string
		date  string
		place string
	}{
		{"Selasa ke-2 08:00-11:00 Balai RW 03", "FREQ=MONTHLY;BYDAY=2TU", "", "Balai RW 03"},
		{"setiap Sabtu 07.30 - 10.00 di rumah Bu RT", "FREQ=WEEKLY;BYDAY=SA", "", "rumah Bu RT"},
		{"Kamis terakhir 09:00 sampai 12:00", "FREQ=MONTHLY;BYDAY=-1TH", "", ""},
		{"2027-01-12 08:00-11:00 Masjid Al-Ikhlas", "", "2027-01-12", "Masjid Al-Ikhlas"},
	}
	for _, tc := range tcs {
		t.Run(tc.text, func(t *testing.T) {
			p, err := schedule.ParsePosyanduPlan(tc.text)
			require.NoError(t, err)
			assert.Equal(t, tc.rule, p.RRule)
			if tc.date != "" {
				assert.Equal(t, tc.date, p.Date.Format("2006-01-02"))
			}
			assert.Equal(t, tc.place, p.Place)
			assert.Greater(t, p.End, p.Start)
		})
	}
	for _, bad := range []string{"besok pagi", "Selasa 11:00-08:00", "Selasa ke-9 08:00-11:00", "Bulan 08:00-09:00"} {
		_, err := schedule.ParsePosyanduPlan(bad)
		assert.ErrorIs(t, err, schedule.ErrPosyanduPlan, bad)
	}
}

func TestPosyanduDays(t *testing.T) {
	wita := schedule.Zone("Asia/Makassar")
	p, err := schedule.ParsePosyanduPlan("Selasa ke-2 08:00-11:00 Balai")
	require.NoError(t, err)
	days, err := p.Days(time.Date(2027, 1, 1, 0, 0, 0, 0, wita), time.Date(2027, 4, 1, 0, 0, 0, 0, wita), wita)
	require.NoError(t, err)
	var got []string
	for _, d := range days {
		got = append(got, d.Format("2006-01-02"))
	}
	assert.Equal(t, []string{"2027-01-12", "2027-02-09", "2027-03-09"}, got)
	assert.True(t, schedule.VitaminAMonth(days[1]))
	assert.False(t, schedule.VitaminAMonth(days[0]))
}

func TestSessionDays(t *testing.T) {
	days := schedule.SessionDays(time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), 12) // a Monday
	require.Len(t, days, 12)
	assert.Equal(t, "2027-01-16", days[11].Format("2006-01-02"), "two weeks of six days")
	for _, d := range days {
		assert.NotEqual(t, time.Sunday, d.Weekday())
	}
}
