package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// parentClock is the turns' time in these tests: 20 November 2026, 17:00 WIB.
var parentClock = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// newParent starts the app with a fixed clock and registers a parent.
func newParent(t *testing.T, id int64) (*harness, tgtest.User) {
	t.Helper()
	h := newHarness(t, webhook)
	h.app.Turns.Now = func() time.Time { return parentClock }
	u := tgtest.User{ID: id, FirstName: "Siti", LanguageCode: "id"}
	register(t, h, u)
	return h, u
}

// sinceLast returns the messages sent to u after the first n.
func sinceLast(h *harness, u tgtest.User, n int) []tgtest.Message {
	return h.tg.Sent(u.ID)[n:]
}

// press presses a button of the latest message.
func (h *harness) press(u tgtest.User, data string) {
	h.t.Helper()
	msg := h.last(u)
	button(h.t, msg, data)
	h.do(h.tg.PressButton(u, msg.ID, data))
}

// addChild adds a child through /anak and returns its id.
func addChild(t *testing.T, h *harness, u tgtest.User, name, sex, birth string) int64 {
	t.Helper()
	h.do(h.tg.SendCommand(u, "anak"))
	h.press(u, "anak:add")
	requireSays(t, h.last(u), "id", flows.MsgAddNameAsk)
	h.do(h.tg.SendText(u, name))
	h.press(u, "anak:sex_"+sex)
	h.do(h.tg.SendText(u, birth))
	h.press(u, "anak:skip")
	h.press(u, "anak:skip")
	h.press(u, "anak:rel_ibu")
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgAddDone, "Name", name))
	var id int64
	require.NoError(t, h.db.Get(&id, `SELECT id FROM children WHERE name = $1`, name))
	return id
}

// weigh logs a measurement through /timbang and returns the result text
// and the chart photo that follow it.
func weigh(t *testing.T, h *harness, u tgtest.User, childID int64, weight, length, date string) (string, tgtest.Message) {
	t.Helper()
	h.do(h.tg.SendCommand(u, "timbang"))
	if strings.Contains(h.last(u).Text, text(t, "id", flows.MsgWeighChildAsk)) {
		h.press(u, fmt.Sprintf("tb:child:%d", childID))
	}
	h.do(h.tg.SendText(u, weight))
	h.do(h.tg.SendText(u, length))
	h.do(h.tg.SendText(u, date))
	h.press(u, "tb:skip")
	h.press(u, "tb:skip")
	summary := h.last(u)
	require.Contains(t, summary.Text, strings.Split(text(t, "id", flows.MsgWeighSummary, "Name", "X", "Date", flows.Day(parentClock), "Age", flows.Lit("")), "\n")[0])
	before := len(h.tg.Sent(u.ID))
	h.press(u, "tb:save")
	sent := sinceLast(h, u, before)
	require.Len(t, sent, 2, "the result, then the chart")
	return sent[0].Text, sent[1]
}

// requirePNGChart checks a chart photo: a real PNG, wide enough for a
// phone and small enough to send.
func requirePNGChart(t *testing.T, msg tgtest.Message) {
	t.Helper()
	require.Equal(t, tgtest.KindPhoto, msg.Kind)
	require.NotNil(t, msg.File)
	data := msg.File.Data
	require.True(t, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), "PNG signature")
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, cfg.Width, 1000)
	assert.Less(t, len(data), 200*1024)
}

func TestParentJourney(t *testing.T) {
	t.Parallel()
	h, u := newParent(t, 6001)

	budi := addChild(t, h, u, "Budi", "m", "12-03-2025")
	ani := addChild(t, h, u, "Ani", "f", "1 Juli 2026")

	h.do(h.tg.SendCommand(u, "anak"))
	list := h.last(u)
	requireSays(t, list, "id", flows.MsgChildrenList)
	button(t, list, fmt.Sprintf("anak:open:%d", budi))
	button(t, list, fmt.Sprintf("anak:open:%d", ani))

	// Three weighings of Budi on three dates, typed as parents type them.
	visits := []struct {
		weight, length, date string
		on                   time.Time
		kg, cm               float64
		trend                growth.Trend
	}{
		{"10,2 kg", "79 cm", "20-08-2026", time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC), 10.2, 79, growth.TrendB},
		{"10500 g", "80,5", "20 September 2026", time.Date(2026, 9, 20, 0, 0, 0, 0, time.UTC), 10.5, 80.5, growth.TrendN},
		{"10 kg 550 g", "0,81 m", "18/10/26", time.Date(2026, 10, 18, 0, 0, 0, 0, time.UTC), 10.55, 81, growth.TrendT},
	}
	for _, v := range visits {
		result, chart := weigh(t, h, u, budi, v.weight, v.length, v.date)
		assert.True(t, strings.HasPrefix(result, text(t, "id", flows.MsgResultHead, "Name", "Budi", "Date", flows.Day(v.on),
			"Age", flows.Lit("@"))[:len("📋 Hasil Budi, ")]), result)
		assert.Contains(t, result, text(t, "id", flows.MsgResultPrefix+string(growth.HFANormal), "Name", "Budi"))
		assert.NotContains(t, result, "z ", "a parent is not shown z-scores")
		requirePNGChart(t, chart)
		assert.Contains(t, chart.Text, text(t, "id", flows.MsgChartCaption, "Name", "Budi"))

		var stored struct {
			Weight float64 `db:"weight_kg"`
			Length float64 `db:"lenhei_cm"`
			Trend  string  `db:"trend"`
			ZWei   float64 `db:"zwei"`
		}
		require.NoError(t, h.db.Get(&stored, `SELECT weight_kg, lenhei_cm, trend, zwei FROM measurements
			WHERE child_id = $1 AND measured_on = $2 AND superseded_by IS NULL`, budi, v.on))
		assert.Equal(t, v.kg, stored.Weight)
		assert.Equal(t, v.cm, stored.Length)
		assert.Equal(t, string(v.trend), stored.Trend)
		want := growth.Assess(growth.Input{Sex: growth.Male, Age: growth.AgeFromDates(time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC), v.on),
			Weight: v.kg, LenHei: v.cm, Position: growth.Lying})
		assert.Equal(t, want.Score(growth.WeightForAge).Z, stored.ZWei, "z-score stored at write time")
		switch v.trend {
		case growth.TrendN:
			assert.Contains(t, result, text(t, "id", flows.MsgResultGainN, "Name", "Budi", "Gain", 300,
				"Date", flows.Day(visits[0].on), "KBM", 200))
		case growth.TrendT:
			assert.Contains(t, result, text(t, "id", flows.MsgResultGainT, "Name", "Budi", "Gain", 50,
				"Date", flows.Day(visits[1].on), "KBM", 200))
			assert.Contains(t, result, text(t, "id", flows.MsgResultWatch, "Name", "Budi"),
				"one T is already a reason to see the health worker")
		}
	}

	// /grafik asks which child, then sends the chart again.
	h.do(h.tg.SendCommand(u, "grafik"))
	requireSays(t, h.last(u), "id", flows.MsgChartChildAsk)
	h.press(u, fmt.Sprintf("gr:child:%d", budi))
	requirePNGChart(t, h.last(u))

	// /dataku: data.json and measurements.csv, whose z-scores agree with growth.
	before := len(h.tg.Sent(u.ID))
	h.do(h.tg.SendCommand(u, "dataku"))
	docs := sinceLast(h, u, before)
	require.Len(t, docs, 3)
	require.Equal(t, tgtest.KindDocument, docs[1].Kind)
	assert.Equal(t, "data.json", docs[1].File.Name)
	var export struct {
		Profile struct {
			Name  string `json:"name"`
			Phone string `json:"phone"`
		} `json:"profile"`
		Consents []struct {
			GivenAt string `json:"given_at"`
		} `json:"consents"`
		Children []struct {
			Name         string `json:"name"`
			Measurements []struct {
				ZScores map[string]float64 `json:"z_scores"`
			} `json:"measurements"`
		} `json:"children"`
	}
	require.NoError(t, json.Unmarshal(docs[1].File.Data, &export))
	assert.Equal(t, "Siti Aminah", export.Profile.Name)
	assert.Equal(t, "+6281234567890", export.Profile.Phone)
	require.Len(t, export.Consents, 1)
	assert.Equal(t, parentClock.Format(time.RFC3339), export.Consents[0].GivenAt)
	require.Len(t, export.Children, 2)
	assert.Equal(t, "Budi", export.Children[0].Name)
	require.Len(t, export.Children[0].Measurements, 3)

	assert.Equal(t, "measurements.csv", docs[2].File.Name)
	rows, err := csv.NewReader(bytes.NewReader(docs[2].File.Data)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4, "a header and three measurements")
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"child", "source", "sex", "birth_date", "visit_date", "weight", "lenhei", "measure",
		"age_days", "zlen", "zwei", "zwfl", "flen", "cat_wfa", "cat_hfa", "cat_wfh"} {
		require.Contains(t, col, name)
	}
	for i, v := range visits {
		row := rows[i+1]
		assert.Equal(t, "Budi", row[col["child"]])
		assert.Equal(t, "home", row[col["source"]])
		r := growth.Assess(growth.Input{Sex: growth.Male, Age: growth.AgeFromDates(time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC), v.on),
			Weight: v.kg, LenHei: v.cm, Position: growth.Lying})
		for _, ind := range []growth.Indicator{growth.LengthForAge, growth.WeightForAge, growth.WeightForLength} {
			assert.Equal(t, strconv.FormatFloat(r.Score(ind).Z, 'f', 2, 64), row[col[ind.Name()]], "%s of visit %d", ind.Name(), i)
			assert.Equal(t, r.Score(ind).Z, export.Children[0].Measurements[i].ZScores[ind.Name()])
		}
	}

	// /hapusdata says what goes, then leaves no personal data behind.
	h.do(h.tg.SendCommand(u, "hapusdata"))
	confirm := h.last(u)
	requireSays(t, confirm, "id", flows.MsgEraseAsk)
	assert.Contains(t, confirm.Text, "Budi, Ani")
	h.press(u, "hapus:yes")
	requireSays(t, h.last(u), "id", flows.MsgEraseDone)
	requireNoPersonalData(t, h, "Siti Aminah", "6281234567890", "Budi", "Ani")
	var audits []string
	require.NoError(t, h.db.Select(&audits, `SELECT action FROM audit_log WHERE action = 'account.erased'`))
	assert.Len(t, audits, 1)
}

// requireNoPersonalData fails if any row of any table mentions one of words.
func requireNoPersonalData(t *testing.T, h *harness, words ...string) {
	t.Helper()
	var tables []string
	require.NoError(t, h.db.Select(&tables, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('regions', 'goose_db_version')`))
	for _, table := range tables {
		var rows []string
		require.NoError(t, h.db.Select(&rows, `SELECT CAST(t AS text) FROM `+table+` t`))
		for _, row := range rows {
			for _, w := range words {
				assert.NotContains(t, row, w, "table %s still holds %q", table, w)
			}
		}
	}
}
