package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// startWeighing opens /timbang for the only child and answers up to the summary.
func startWeighing(t *testing.T, h *harness, u tgtest.User, weight, length, date string) tgtest.Message {
	t.Helper()
	h.do(h.tg.SendCommand(u, "timbang"))
	h.do(h.tg.SendText(u, weight))
	h.do(h.tg.SendText(u, length))
	h.do(h.tg.SendText(u, date))
	h.press(u, "tb:skip")
	h.press(u, "tb:skip")
	return h.last(u)
}

func countMeasurements(t *testing.T, h *harness, childID int64, where string) int {
	t.Helper()
	var n int
	require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM measurements WHERE child_id = $1 AND `+where, childID))
	return n
}

func TestARepeatedUpdateStoresOneMeasurement(t *testing.T) {
	t.Parallel()
	h, u := newParent(t, 6101)
	budi := addChild(t, h, u, "Budi", "m", "12-03-2025")
	summary := startWeighing(t, h, u, "10,2", "79", "kemarin")
	save := h.tg.PressButton(u, summary.ID, "tb:save")
	h.do(save)
	sent := len(h.tg.Sent(u.ID))
	status, err := h.tg.Deliver(context.Background(), save)
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	h.settle()
	assert.Equal(t, 1, countMeasurements(t, h, budi, "true"), "Telegram's redelivery stores nothing again")
	assert.Len(t, h.tg.Sent(u.ID), sent, "and answers nothing again")
}

func TestACorrectionKeepsHistory(t *testing.T) {
	t.Parallel()
	h, u := newParent(t, 6102)
	budi := addChild(t, h, u, "Budi", "m", "12-03-2025")
	startWeighing(t, h, u, "10,2", "79", "kemarin")
	h.press(u, "tb:save")

	summary := startWeighing(t, h, u, "10,4", "79", "kemarin")
	assert.Equal(t, text(t, "id", flows.MsgWeighReplace), button(t, summary, "tb:save").Text)
	assert.Contains(t, summary.Text, text(t, "id", flows.MsgWeighSameDay, "Date", flows.Day(parentClock.AddDate(0, 0, -1)),
		"Measured", flows.Text{Lines: []flows.Text{flows.T(flows.MsgWeighSumWeight, "Weight", flows.Num(10.2, 2)),
			flows.T(flows.MsgWeighSumLengthL, "Length", flows.Num(79, 1))}, Sep: ", "}))
	h.press(u, "tb:save")
	assert.Equal(t, 2, countMeasurements(t, h, budi, "true"), "the old row is kept")
	assert.Equal(t, 1, countMeasurements(t, h, budi, "superseded_by IS NULL AND deleted_at IS NULL"))
	var current float64
	require.NoError(t, h.db.Get(&current, `SELECT weight_kg FROM measurements WHERE child_id = $1 AND superseded_by IS NULL`, budi))
	assert.Equal(t, 10.4, current)

	// Undo from the child's page removes it softly.
	h.do(h.tg.SendCommand(u, "anak"))
	h.press(u, fmt.Sprintf("anak:open:%d", budi))
	h.press(u, fmt.Sprintf("anak:undo:%d", budi))
	var lastID int64
	require.NoError(t, h.db.Get(&lastID, `SELECT id FROM measurements WHERE child_id = $1 AND superseded_by IS NULL`, budi))
	h.press(u, fmt.Sprintf("anak:yes:%d", lastID))
	assert.Equal(t, 0, countMeasurements(t, h, budi, "superseded_by IS NULL AND deleted_at IS NULL"))
	assert.Equal(t, 2, countMeasurements(t, h, budi, "true"))
}

func TestForgedButtonsReachNoOtherFamily(t *testing.T) {
	t.Parallel()
	h, a := newParent(t, 6103)
	budi := addChild(t, h, a, "Budi", "m", "12-03-2025")
	startWeighing(t, h, a, "10,2", "79", "kemarin")
	h.press(a, "tb:save")

	b := tgtest.User{ID: 6104, FirstName: "Rina", LanguageCode: "id"}
	registerQuickly(t, h, b, "Rina Wati", "081299990000")
	for _, data := range []string{
		fmt.Sprintf("anak:open:%d", budi), fmt.Sprintf("anak:remove:%d", budi), fmt.Sprintf("anak:edit:%d", budi),
		fmt.Sprintf("tb:child:%d", budi), fmt.Sprintf("gr:child:%d", budi),
	} {
		before := len(h.tg.Sent(b.ID))
		h.do(h.tg.PressButton(b, 1, data))
		for _, m := range h.tg.Sent(b.ID)[before:] {
			assert.NotContains(t, m.Text, "Budi", "%s leaked the child", data)
			assert.NotEqual(t, tgtest.KindPhoto, m.Kind, "%s sent a chart", data)
		}
		assert.Contains(t, h.last(b).Text, text(t, "id", flows.MsgNotFound), data)
	}
	assert.Equal(t, 1, countMeasurements(t, h, budi, "true"))
	var guardians int
	require.NoError(t, h.db.Get(&guardians, `SELECT count(*) FROM guardians WHERE child_id = $1`, budi))
	assert.Equal(t, 1, guardians)
}

// registerQuickly registers a parent with typed answers, skipping the place.
func registerQuickly(t *testing.T, h *harness, u tgtest.User, name, phone string) {
	t.Helper()
	h.do(h.tg.SendCommand(u, "start"))
	h.press(u, "consent:yes")
	h.do(h.tg.SendText(u, name))
	h.do(h.tg.SendText(u, phone))
	h.do(h.tg.SendText(u, "orang tua, lanjut"))
	h.do(h.tg.SendText(u, "serpong"))
	h.do(h.tg.SendText(u, "ciater"))
	h.do(h.tg.SendText(u, "melati"))
	require.Contains(t, h.tg.Sent(u.ID)[len(h.tg.Sent(u.ID))-2].Text, text(t, "id", flows.MsgRegDone, "Name", name))
}

func TestCarelessAnswersGetKindHelp(t *testing.T) {
	t.Parallel()
	h, u := newParent(t, 6105)
	addChild(t, h, u, "Ani", "f", "1 Juni 2026") // 5 months old
	h.do(h.tg.SendCommand(u, "timbang"))
	assert.Contains(t, h.last(u).Text, text(t, "id", flows.MsgWeighWeightAsk, "Name", "Ani"))
	steps := []struct {
		name string
		send func()
		want string
	}{
		{"letters", func() { h.do(h.tg.SendText(u, "delapan")) }, text(t, "id", flows.MsgWeighWeightInvalid)},
		{"emoji", func() { h.do(h.tg.SendText(u, "👶👶")) }, text(t, "id", flows.MsgWeighWeightInvalid)},
		{"absurd", func() { h.do(h.tg.SendText(u, "85 kg")) }, text(t, "id", flows.MsgWeighWeightRange, "Min", flows.Num(0, 1), "Max", flows.Num(60, 1))},
		{"a photo", func() { h.do(h.tg.SendPhoto(u, "")) }, text(t, "id", flows.MsgUnreadable)},
		{"a decimal comma with unit", func() { h.do(h.tg.SendText(u, "17 kg")) }, text(t, "id", flows.MsgWeighLengthAskL, "Name", "Ani")},
		{"length in metres, impossible", func() { h.do(h.tg.SendText(u, "2 m")) }, text(t, "id", flows.MsgWeighLengthRange, "Min", flows.Num(38, 1), "Max", flows.Num(150, 1))},
		{"length", func() { h.do(h.tg.SendText(u, "62 cm")) }, text(t, "id", flows.MsgWeighDateAsk, "Name", "Ani")},
		{"future date", func() { h.do(h.tg.SendText(u, "25-12-2026")) }, text(t, "id", flows.MsgWeighDateFuture, "Date", flows.Day(parentClock.AddDate(0, 1, 5)))},
		{"before birth", func() { h.do(h.tg.SendText(u, "1 Mei 2026")) }, "1 Mei 2026"},
		{"date", func() { h.do(h.tg.SendText(u, "hari ini")) }, text(t, "id", flows.MsgWeighArmAsk, "Name", "Ani")},
	}
	for _, st := range steps {
		st.send()
		assert.Contains(t, h.last(u).Text, st.want, st.name)
	}
	h.press(u, "tb:skip")
	h.press(u, "tb:skip")
	// 17 kg at 5 months is far above anything WHO has seen: confirm first.
	summary := h.last(u)
	assert.Contains(t, summary.Text, "17 kg")
	assert.Equal(t, text(t, "id", flows.MsgWeighSaveSure), button(t, summary, "tb:save").Text)
	assert.Equal(t, text(t, "id", flows.MsgWeighChange), button(t, summary, "tb:change").Text)
	h.press(u, "tb:change")
	h.press(u, "tb:f_weight")
	h.do(h.tg.SendText(u, "7,1"))
	summary = h.last(u)
	assert.Equal(t, text(t, "id", flows.MsgWeighSave), button(t, summary, "tb:save").Text, "a plausible weight needs no confirmation")
	assert.Contains(t, summary.Text, "7,1 kg")
}

func TestParentInEnglish(t *testing.T) {
	t.Parallel()
	h, u := newParent(t, 6106)
	// serve registered the command menu in both languages.
	waitFor(t, "command menus", func() bool { return len(h.tg.CommandsFor("en")) > 0 && len(h.tg.CommandsFor("id")) > 0 })
	assert.Equal(t, "anak", h.tg.CommandsFor("en")[0].Command)
	assert.NotEqual(t, h.tg.CommandsFor("en")[0].Description, h.tg.CommandsFor("id")[0].Description)
	h.do(h.tg.SendCommand(u, "bahasa", "en"))
	h.do(h.tg.SendCommand(u, "children"))
	requireSays(t, h.last(u), "en", flows.MsgChildrenNone)
	h.press(u, "anak:add")
	h.do(h.tg.SendText(u, "Budi"))
	h.press(u, "anak:sex_m")
	h.do(h.tg.SendText(u, "12 March 2025"))
	h.press(u, "anak:skip")
	h.press(u, "anak:skip")
	h.press(u, "anak:rel_ayah")
	h.do(h.tg.SendCommand(u, "weigh"))
	h.do(h.tg.SendText(u, "10.2 kg"))
	h.do(h.tg.SendText(u, "79"))
	h.press(u, "tb:yesterday")
	h.press(u, "tb:skip")
	h.press(u, "tb:skip")
	assert.Contains(t, h.last(u).Text, "10.2 kg", "English numbers use a decimal point")
	before := len(h.tg.Sent(u.ID))
	h.press(u, "tb:save")
	sent := h.tg.Sent(u.ID)[before:]
	require.Len(t, sent, 2)
	assert.Contains(t, sent[0].Text, "19 November 2026")
	assert.Contains(t, sent[0].Text, text(t, "en", flows.MsgResultPrefix+"hfa_normal", "Name", "Budi"))
	assert.True(t, strings.Contains(sent[1].Text, "growth chart"), sent[1].Text)
	requirePNGChart(t, sent[1])
}
