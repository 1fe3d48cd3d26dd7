package main

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestAdminReportSKDN(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	admin := func(args ...string) (int, string, string) {
		return runChatScript(t, getenv, "", append([]string{"admin"}, args...)...)
	}
	// The database is migrated by a first command, then given two children
	// at Posyandu Melati: Ani weighed in October and November (N), Budi
	// not weighed in November.
	code, _, errOut := admin("posyandu", "list")
	require.Equal(t, 0, code, errOut)
	db := sqlx.MustOpen("postgres", getenv("DATABASE_URL"))
	defer db.Close()
	pl := storetest.MustPlaces(t, db)
	st := store.On(db)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		sex   child.Sex
		born  string
		kg    []float64
		dates []string
	}{
		{"Ani", child.Girl, "2025-03-10", []float64{9.0, 9.4}, []string{"2026-10-10", "2026-11-10"}},
		{"Budi", child.Boy, "2024-02-01", []float64{12.0}, []string{"2026-10-10"}},
	} {
		ch := child.Child{Name: c.name, Sex: c.sex, BirthDate: storetest.Day(c.born), PosyanduID: pl.Posyandu}
		var err error
		ch.ID, err = st.InsertChild(ctx, ch, 0)
		require.NoError(t, err)
		var ms []child.Measurement
		for i, kg := range c.kg {
			ms = append(ms, child.Measurement{ChildID: ch.ID, On: storetest.Day(c.dates[i]), WeightKg: kg, Source: child.AtPosyandu})
		}
		child.Evaluate(ch, ms)
		for _, m := range ms {
			_, err := st.InsertMeasurement(ctx, m, 0)
			require.NoError(t, err)
		}
	}

	code, out, errOut := admin("report", "skdn", "--posyandu", itoa(pl.Posyandu), "--month", "2026-11")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "SKDN 2026-11, posyandu-1: 1 posyandu, 1 reporting")
	assert.Regexp(t, `(?m)^S\s+balita terdaftar \(children under five\)\s+2\s*$`, out)
	assert.Regexp(t, `(?m)^K\s+.*\s+2\s+K/S 100.0%$`, out)
	assert.Regexp(t, `(?m)^D\s+.*\s+1\s+D/S 50.0%$`, out)
	assert.Regexp(t, `(?m)^N\s+.*\s+1\s+N/D' 100.0%$`, out)
	assert.Regexp(t, `(?m)^T\s+.*\s+0\s*$`, out)

	code, out, errOut = admin("report", "skdn", "--region", storetest.Kelurahan, "--month", "2026-11", "--format", "csv")
	require.Equal(t, 0, code, errOut)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"item", "sex", "age", "Posyandu Mawar", "Posyandu Melati", "total"}, recs[0])
	assert.Contains(t, recs, []string{"S", "P", "12-23", "0", "1", "1"})
	assert.Contains(t, recs, []string{"S", "L", "24-35", "0", "1", "1"})
	assert.Contains(t, recs, []string{"N", "L+P", "all", "0", "1", "1"})
	assert.Contains(t, recs, []string{"D/S", "L+P", "all", "", "50.0", "50.0"})

	code, out, errOut = admin("report", "skdn", "--puskesmas", itoa(pl.Puskesmas), "--month", "2026-11", "--format", "children")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.True(t, strings.HasPrefix(lines[0], "child_id,child,posyandu_id,posyandu,age_band,trend,two_t,bgm,sex,"), lines[0])
	assert.Contains(t, lines[0], ",zwei,")
	assert.Contains(t, lines[1], ",Ani,")

	code, out, _ = admin("report", "skdn", "--region", "36.74", "--month", "2026-10")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "2 posyandu, 1 reporting")
	assert.Regexp(t, `(?m)^\s*1\s+Posyandu Melati\s+36.74.01.1001\s+2\s+2\s+2\s+0\s+0\s+0\s+0\s+0\s+2\s`, out, "a line per posyandu")

	tcs := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no scope", []string{"--month", "2026-11"}, 2, "give one of"},
		{"two scopes", []string{"--posyandu", "1", "--region", "36", "--month", "2026-11"}, 2, "give one of"},
		{"bad month", []string{"--posyandu", "1", "--month", "11-2026"}, 2, "YYYY-MM"},
		{"bad region", []string{"--region", "36.x", "--month", "2026-11"}, 2, "bad report scope"},
		{"bad format", []string{"--posyandu", "1", "--month", "2026-11", "--format", "pdf"}, 2, "--format"},
		{"unknown posyandu", []string{"--posyandu", "404", "--month", "2026-11"}, 1, "no posyandu"},
	}
	for _, tc := range tcs {
		code, _, errOut := admin(append([]string{"report", "skdn"}, tc.args...)...)
		assert.Equal(t, tc.wantCode, code, tc.name)
		assert.Contains(t, errOut, tc.wantErr, tc.name)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
