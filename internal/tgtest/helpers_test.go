package tgtest_test

import (
	"fmt"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// Every testing type must stay usable with the helpers.
var (
	_ tgtest.TB = (testing.TB)(nil)
	_ tgtest.TB = (*testing.T)(nil)
	_ tgtest.TB = (*testing.B)(nil)
	_ tgtest.TB = (*testing.F)(nil)
)

// recorder is a tgtest.TB that records instead of failing a real test.
type recorder struct {
	helpers  int
	fatal    string
	cleanups []func()
}

func (r *recorder) Helper()                           { r.helpers++ }
func (r *recorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }
func (r *recorder) Cleanup(f func())                  { r.cleanups = append(r.cleanups, f) }

func TestNewTestClosesOnCleanup(t *testing.T) {
	var r recorder
	s := tgtest.NewTest(&r)
	assert.Positive(t, r.helpers)
	require.Len(t, r.cleanups, 1)
	b := newClient(t, s)
	_, err := b.GetMe(testCtx(t))
	require.NoError(t, err, "running until cleanup")

	r.cleanups[0]()
	_, err = b.GetMe(testCtx(t))
	assert.Error(t, err, "closed by cleanup")
}

func TestHelpersFailTheTest(t *testing.T) {
	s := tgtest.NewTest(t)
	var r recorder
	s.LastSent(&r, siti.ID)
	assert.Equal(t, fmt.Sprintf("tgtest: nothing sent to chat %d", siti.ID), r.fatal)

	_, err := newClient(t, s).SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "halo"})
	require.NoError(t, err)
	r = recorder{}
	assert.Equal(t, "halo", s.LastSent(&r, siti.ID).Text)
	assert.Len(t, s.MustWaitSent(&r, siti.ID, 1), 1)
	assert.Empty(t, r.fatal)
	assert.Positive(t, r.helpers)
}
