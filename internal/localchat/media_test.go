package localchat_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/localchat"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// syncBuffer is a transcript the test reads while Run writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A 1×1 PNG.
var pngPixel, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")

func TestUnpromptedPhotoIsShownAndSaved(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := tgtest.NewTest(t)
	user := tgtest.User{ID: 77, FirstName: "Uji"}
	mediaDir := t.TempDir()
	pr, pw := io.Pipe()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- localchat.Run(context.Background(), srv, db, pr, &out, localchat.Options{User: user, MediaDir: mediaDir})
	}()

	b, err := tgbot.New(srv.Token(), tgbot.WithServerURL(srv.URL()), tgbot.WithSkipGetMe())
	require.NoError(t, err)
	_, err = b.SendPhoto(context.Background(), &tgbot.SendPhotoParams{
		ChatID:  user.ID,
		Photo:   &models.InputFileUpload{Filename: "grafik.png", Data: bytes.NewReader(pngPixel)},
		Caption: "Grafik berat badan",
	})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Grafik berat badan") }, patience, 10*time.Millisecond)
	require.NoError(t, pw.Close())
	require.NoError(t, <-done)

	path := filepath.Join(mediaDir, "chat77-msg1.png")
	assert.Contains(t, out.String(), "🤖 [gambar: "+strconv.Itoa(len(pngPixel))+" bytes, "+path+"]\n   Grafik berat badan\n")
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, pngPixel, saved)
}

func TestFirstUpdateID(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	clock := time.Since(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).Milliseconds() / 100

	id, err := localchat.FirstUpdateID(ctx, db)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, id, clock, "an empty database counts from the clock")

	ahead := clock + 1_000_000 // a fast script ran ahead of the clock
	_, err = db.Exec(`INSERT INTO processed_updates (update_id) VALUES ($1), ($2)`, ahead-5, ahead)
	require.NoError(t, err)
	id, err = localchat.FirstUpdateID(ctx, db)
	require.NoError(t, err)
	assert.Equal(t, ahead+1, id, "never an id the bot would drop as a repeat")
}
