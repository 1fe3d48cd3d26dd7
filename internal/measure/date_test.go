package measure_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// wib is Western Indonesia Time; today is read in its own zone.
var wib = time.FixedZone("WIB", 7*3600)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDate(t *testing.T) {
	// 00:30 on 20 May 2026 in Jakarta is still 19 May in UTC: the day is WIB's.
	today := time.Date(2026, 5, 20, 0, 30, 0, 0, wib)
	tcs := []struct {
		in   string
		want time.Time // zero: ErrNotDate
	}{
		{"12-03-2024", ymd(2024, 3, 12)},
		{"12/3/24", ymd(2024, 3, 12)},
		{"12.3.2024", ymd(2024, 3, 12)},
		{"1/1/2025", ymd(2025, 1, 1)},
		{"12 / 03 / 2024", ymd(2024, 3, 12)},
		{"2024-03-12", ymd(2024, 3, 12)},
		{"12 Maret 2024", ymd(2024, 3, 12)},
		{"12 mar 2024", ymd(2024, 3, 12)},
		{"12 maret 24", ymd(2024, 3, 12)},
		{"12 Mar 2024", ymd(2024, 3, 12)},
		{"12-Mar-2024", ymd(2024, 3, 12)},
		{"12 March 2024", ymd(2024, 3, 12)},
		{"Maret 12 2024", ymd(2024, 3, 12)},
		{"March 12, 2024", ymd(2024, 3, 12)},
		{"  12   MARET   2024 ", ymd(2024, 3, 12)},
		{"tgl 12 Maret 2024", ymd(2024, 3, 12)},
		{"17 Agustus 2025", ymd(2025, 8, 17)},
		{"17 agt 2025", ymd(2025, 8, 17)},
		{"17 ags 25", ymd(2025, 8, 17)},
		{"5 Nopember 2024", ymd(2024, 11, 5)},
		{"29 Pebruari 2024", ymd(2024, 2, 29)},
		{"3 mei 2025", ymd(2025, 5, 3)},
		{"1 okt 2025", ymd(2025, 10, 1)},
		{"25 des 2025", ymd(2025, 12, 25)},
		{"12 Maret 99", ymd(1999, 3, 12)}, // 99 > 26: last century
		{"12-3-26", ymd(2026, 3, 12)},     // 26 = today's yy: this century
		{"12-3", ymd(2026, 3, 12)},        // no year: the latest not after today
		{"12 Maret", ymd(2026, 3, 12)},
		{"20 Mei", ymd(2026, 5, 20)}, // today itself
		{"21 Mei", ymd(2025, 5, 21)}, // tomorrow: a year back
		{"25/12", ymd(2025, 12, 25)}, // later in the year: last year
		{"29-2", ymd(2024, 2, 29)},   // the last 29 February
		{"hari ini", ymd(2026, 5, 20)},
		{"Hari Ini", ymd(2026, 5, 20)},
		{"today", ymd(2026, 5, 20)},
		{"tadi", ymd(2026, 5, 20)},
		{"kemarin", ymd(2026, 5, 19)},
		{"Kemaren", ymd(2026, 5, 19)},
		{"yesterday", ymd(2026, 5, 19)},
		{"kemarin lusa", ymd(2026, 5, 18)},
		{"2 hari lalu", ymd(2026, 5, 18)},
		{"3 hari yang lalu", ymd(2026, 5, 17)},
		{"21 hari yg lalu", ymd(2026, 4, 29)},
		{"3 days ago", ymd(2026, 5, 17)},
		{"31-02-2024", time.Time{}},
		{"29-2-2025", time.Time{}},
		{"13/13/2024", time.Time{}},
		{"0/3/2024", time.Time{}},
		{"31 April 2024", time.Time{}},
		{"31-4", time.Time{}}, // no year has it
		{"12 Maretz 2024", time.Time{}},
		{"12 2024", time.Time{}},
		{"Maret 2024", time.Time{}},
		{"12-3-202", time.Time{}},
		{"12-3-1850", time.Time{}},
		{"2024-3", time.Time{}},
		{"12 Maret Maret", time.Time{}},
		{"besok", time.Time{}},
		{"dua hari lalu", time.Time{}},
		{"2 hari", time.Time{}},
		{"👶", time.Time{}},
		{"?", time.Time{}},
		{"", time.Time{}},
		{"12 Maret 2024 pagi", time.Time{}},
		{"2024-03-12T10:00", time.Time{}},
	}
	for _, tc := range tcs {
		t.Run(tc.in, func(t *testing.T) {
			got, err := measure.Date(tc.in, today)
			if tc.want.IsZero() {
				require.ErrorIs(t, err, measure.ErrNotDate)
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestDateTwoDigitYearFollowsToday(t *testing.T) {
	d, err := measure.Date("1-1-30", time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, ymd(2030, 1, 1), d)
	d, err = measure.Date("1-1-30", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, ymd(1930, 1, 1), d)
}

func TestDateAcrossMonthAndYear(t *testing.T) {
	d, err := measure.Date("kemarin", time.Date(2026, 1, 1, 8, 0, 0, 0, wib))
	require.NoError(t, err)
	assert.Equal(t, ymd(2025, 12, 31), d)
	d, err = measure.Date("2 hari lalu", time.Date(2024, 3, 1, 8, 0, 0, 0, wib))
	require.NoError(t, err)
	assert.Equal(t, ymd(2024, 2, 28), d)
}
