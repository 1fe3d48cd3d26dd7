package child_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCheckBirthDate(t *testing.T) {
	t.Parallel()
	wib := time.FixedZone("WIB", 7*3600)
	tcs := []struct {
		name         string
		birth, today time.Time
		want         error
	}{
		{"born today", day("2025-06-10"), day("2025-06-10"), nil},
		{"born yesterday", day("2025-06-09"), day("2025-06-10"), nil},
		{"born tomorrow", day("2025-06-11"), day("2025-06-10"), child.ErrBirthInFuture},
		{"exactly five years", day("2020-06-10"), day("2025-06-10"), child.ErrTooOld},
		{"older than five", day("2019-01-01"), day("2025-06-10"), child.ErrTooOld},
		{"four years 364 days", day("2020-06-11"), day("2025-06-10"), nil},
		{"leap day birth, day before the fifth birthday", day("2020-02-29"), day("2025-02-28"), nil},
		{"leap day birth, fifth birthday falls on 1 March", day("2020-02-29"), day("2025-03-01"), child.ErrTooOld},
		{"born on a leap day, checked that day", day("2024-02-29"), day("2024-02-29"), nil},
		{"clock time and zone are ignored", day("2025-06-10"), time.Date(2025, 6, 10, 0, 30, 0, 0, wib), nil},
		{"late evening is still today", time.Date(2025, 6, 11, 23, 0, 0, 0, wib), time.Date(2025, 6, 10, 23, 59, 0, 0, wib), child.ErrBirthInFuture},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			err := child.CheckBirthDate(tc.birth, tc.today)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestCheckMeasureDate(t *testing.T) {
	t.Parallel()
	birth, today := day("2024-03-15"), day("2025-06-10")
	tcs := []struct {
		name string
		on   time.Time
		want error
	}{
		{"today", today, nil},
		{"day of birth", birth, nil},
		{"in between", day("2024-12-01"), nil},
		{"tomorrow", day("2025-06-11"), child.ErrDateInFuture},
		{"day before birth", day("2024-03-14"), child.ErrBeforeBirth},
		{"clock time ignored", time.Date(2025, 6, 10, 23, 59, 59, 0, time.UTC), nil},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			err := child.CheckMeasureDate(tc.on, birth, today)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestAgeOn(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name      string
		birth, on string
		want      child.Age
		months    int
	}{
		{"day of birth", "2024-05-10", "2024-05-10", child.Age{}, 0},
		{"before birth is zero", "2024-05-10", "2024-05-01", child.Age{}, 0},
		{"days only", "2024-05-10", "2024-05-25", child.Age{Days: 15}, 0},
		{"31 January to 29 February", "2024-01-31", "2024-02-29", child.Age{Days: 29}, 0},
		{"one month", "2024-01-15", "2024-02-15", child.Age{Months: 1}, 1},
		{"month across a year end", "2023-12-20", "2024-01-25", child.Age{Months: 1, Days: 5}, 1},
		{"one year zero months", "2023-06-01", "2024-06-01", child.Age{Years: 1}, 12},
		{"two years three months four days", "2022-03-10", "2024-06-14", child.Age{Years: 2, Months: 3, Days: 4}, 27},
		{"one day short of a year", "2023-06-01", "2024-05-31", child.Age{Months: 11, Days: 30}, 11},
		{"31 January to 1 March: a month, no day", "2024-01-31", "2024-03-01", child.Age{Months: 1}, 1},
		{"31 January to 1 May: three months", "2024-01-31", "2024-05-01", child.Age{Months: 3}, 3},
		{"29 February to 1 March a year on", "2024-02-29", "2025-03-01", child.Age{Years: 1}, 12},
		{"29 February to 28 February a year on", "2024-02-29", "2025-02-28", child.Age{Months: 11, Days: 30}, 11},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got := child.AgeOn(day(tc.birth), day(tc.on))
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.months, got.TotalMonths())
		})
	}
}

func TestDefaultPosition(t *testing.T) {
	t.Parallel()
	birth := day("2023-01-15")
	tcs := []struct {
		name string
		on   string
		want growth.Position
	}{
		{"newborn lies", "2023-01-15", growth.Lying},
		{"23 months lies", "2024-12-15", growth.Lying},
		{"a day short of 24 months lies", "2025-01-14", growth.Lying},
		{"24 months stands", "2025-01-15", growth.Standing},
		{"four years stands", "2027-02-01", growth.Standing},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, child.DefaultPosition(birth, day(tc.on)))
		})
	}
}

func TestSexAndRelationValid(t *testing.T) {
	t.Parallel()
	sexes := []struct {
		name  string
		sex   child.Sex
		valid bool
		codes growth.Sex
	}{
		{"boy", child.Boy, true, growth.Male},
		{"girl", child.Girl, true, growth.Female},
		{"empty", "", false, growth.SexUnknown},
		{"upper case", "M", false, growth.SexUnknown},
		{"word", "male", false, growth.SexUnknown},
	}
	for _, tc := range sexes {
		t.Run("sex "+tc.name, func(t *testing.T) {
			assert.Equal(t, tc.valid, tc.sex.Valid())
			assert.Equal(t, tc.codes, tc.sex.Growth())
		})
	}
	relations := []struct {
		name  string
		rel   child.Relation
		valid bool
	}{
		{"mother", child.Mother, true},
		{"father", child.Father, true},
		{"ward", child.Ward, true},
		{"other", child.Other, true},
		{"empty", "", false},
		{"english", "mother", false},
	}
	for _, tc := range relations {
		t.Run("relation "+tc.name, func(t *testing.T) {
			assert.Equal(t, tc.valid, tc.rel.Valid())
		})
	}
	for _, r := range child.Relations {
		assert.True(t, r.Valid(), "offered relation %q", r)
	}
}

func TestFlagged(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		name string
		m    child.Measurement
		want []growth.Indicator
	}{
		{"nothing flagged", child.Measurement{ZWei: child.Score{Z: 1, Valid: true}}, nil},
		{"weight and length in order", child.Measurement{
			ZLen: child.Score{Z: -6.5, Valid: true, Flag: true},
			ZWei: child.Score{Z: 5.5, Valid: true, Flag: true},
		}, []growth.Indicator{growth.WeightForAge, growth.LengthForAge}},
		{"invalid score is never flagged", child.Measurement{ZHC: child.Score{Flag: true}}, nil},
		{"weight-for-length, head and arm", child.Measurement{
			ZWfl: child.Score{Z: -5.2, Valid: true, Flag: true},
			ZHC:  child.Score{Z: 5.2, Valid: true, Flag: true},
			ZAC:  child.Score{Z: -5.1, Valid: true, Flag: true},
		}, []growth.Indicator{growth.WeightForLength, growth.HeadForAge, growth.ArmForAge}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.m.Flagged())
		})
	}
}

func TestFlaggedAfterAssess(t *testing.T) {
	t.Parallel()
	c := child.Child{Sex: child.Boy, BirthDate: day("2024-01-15")}
	m := child.Measurement{On: day("2024-07-15"), WeightKg: 25}
	child.Assess(c, &m)
	assert.Equal(t, []growth.Indicator{growth.WeightForAge}, m.Flagged(), "25 kg at six months is implausible")
}
