package app_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/textclean"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// junkPieces are what careless and hostile clients send: NUL and other
// controls, bytes that are not UTF-8 (the fake's JSON turns them into
// U+FFFD, as Telegram would), combining marks, emoji sequences, right-to-left
// text and the invisible controls that reorder it.
var junkPieces = []string{
	"\x00", "\x00\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\u0085", "\r\n", "\t",
	"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	"\u0301", "\u0308\u0308\u0308", "e\u0301", "\u0e49\u0e49\u0e49",
	"🌸", "👩\u200d👧", "🇮🇩", "👍🏽", "\ufe0f",
	"\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200f", "\u200e", "\ufeff", "\u2060",
	"عائشة", "שלום", "ܐ",
	"Siti", "Aminah", " ", "  ", "0812", "3456", "'; DROP TABLE users;--", "%s%n", "{{.Name}}", "<b>", "&amp;",
	"\uFFFD", "\uFFFE", "\U0010FFFF", "\u00ad",
}

// junk makes a random text of 0 to 40 pieces; one in ten is long enough to
// be clipped.
func junk(r *rand.Rand) string {
	var b strings.Builder
	n := r.IntN(40)
	if r.IntN(10) == 0 {
		n = 600
	}
	for range n {
		b.WriteString(junkPieces[r.IntN(len(junkPieces))])
	}
	return b.String()
}

// TestRandomUnicodeThroughRealTurns sends seeded random junk at every kind of
// input of registration, through the webhook onto PostgreSQL: the bot never
// apologises, the webhook never fails, and a valid answer after the junk
// still moves on.
func TestRandomUnicodeThroughRealTurns(t *testing.T) {
	const cases, workers = 200, 8
	h := newHarness(t, webhook)
	ctx := context.Background()
	sorry := text(t, "id", flows.MsgInternalError)

	// deliver posts one update and waits until the chat's replies are out.
	deliver := func(u tgtest.User, upd models.Update) {
		status, err := h.tg.Deliver(ctx, upd)
		require.NoError(t, err)
		require.Equal(t, 200, status, "update %d of %d", upd.ID, u.ID)
		waitFor(t, "replies sent", func() bool {
			var n int
			require.NoError(t, h.db.Get(&n, `SELECT count(*) FROM outbox WHERE chat_id = $1 AND status = 'pending'`, u.ID))
			return n == 0
		})
	}
	notCommand := func(s string) string {
		if strings.HasPrefix(textclean.Clean(s), "/") {
			return "x" + s
		}
		return s
	}

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < cases; i += workers {
				r := rand.New(rand.NewPCG(2026, uint64(i)))
				u := tgtest.User{ID: 600_000 + int64(i), FirstName: junk(r), LanguageCode: "id"}
				if r.IntN(2) == 0 {
					deliver(u, h.tg.SendCommand(u, "start", junk(r)))
				}
				deliver(u, h.tg.SendCommand(u, "start"))
				consent := h.tg.Sent(u.ID)
				require.NotEmpty(t, consent)
				deliver(u, h.tg.PressButton(u, consent[len(consent)-1].ID, junk(r)))
				deliver(u, h.tg.PressButton(u, consent[len(consent)-1].ID, "consent:yes"))

				deliver(u, h.tg.SendText(u, notCommand(junk(r))))
				if step(t, h, u) == "name" {
					deliver(u, h.tg.SendText(u, "Ibu Uji"))
				}
				require.Equal(t, "phone", step(t, h, u), "case %d: a valid name moves on", i)

				if r.IntN(2) == 0 {
					deliver(u, h.tg.ShareContact(u, junk(r)))
				} else {
					deliver(u, h.tg.SendText(u, notCommand(junk(r))))
				}
				if step(t, h, u) == "phone" {
					deliver(u, h.tg.SendText(u, "0812 3456 7890"))
				}
				require.Equal(t, "roles", step(t, h, u), "case %d: a valid phone moves on", i)
				deliver(u, h.tg.SendText(u, "/"+junk(r)))

				for _, m := range h.tg.Sent(u.ID) {
					require.NotContains(t, m.Text, sorry, "case %d", i)
				}
			}
		})
	}
	wg.Wait()
	var phones int
	require.NoError(t, h.db.Get(&phones, `SELECT count(*) FROM conversations WHERE state->>'phone' = '+6281234567890'`))
	assert.Equal(t, cases, phones)
}
