package tgtest_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// tinyPNG is a real 3×2 image, as a growth chart would be.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func TestSendPhotoUpload(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	data := tinyPNG(t)

	msg, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: siti.ID, Caption: "Grafik berat badan",
		Photo:       &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(data)},
		ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "Tutup", CallbackData: "close"}}}}})
	require.NoError(t, err)
	require.Len(t, msg.Photo, 1)
	assert.Equal(t, 3, msg.Photo[0].Width)
	assert.Equal(t, 2, msg.Photo[0].Height)
	assert.Equal(t, "Grafik berat badan", msg.Caption)

	call := s.CallsTo("sendPhoto")[0]
	assert.Equal(t, tgtest.File{Name: "chart.png", Data: data}, call.Files["photo"])
	sent := s.LastSent(t, siti.ID)
	assert.Equal(t, tgtest.KindPhoto, sent.Kind)
	assert.Equal(t, "Grafik berat badan", sent.Text)
	require.NotNil(t, sent.File)
	assert.Equal(t, data, sent.File.Data)
	assert.Equal(t, msg.Photo[0].FileID, sent.FileID)

	// Telegram lets a bot resend a file by its file_id.
	again, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 99, Photo: &models.InputFileString{Data: sent.FileID}})
	require.NoError(t, err)
	assert.Equal(t, sent.FileID, again.Photo[0].FileID)
	assert.Equal(t, data, s.LastSent(t, 99).File.Data)
}

func TestSendMediaErrors(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	tcs := []struct {
		name    string
		send    func() error
		wantErr string
	}{
		{"unknown file_id", func() error {
			_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileString{Data: "AgACnope"}})
			return err
		}, "Bad Request: wrong file identifier/HTTP URL specified"},
		{"not an image", func() error {
			_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader([]byte("not a png"))}})
			return err
		}, "Bad Request: IMAGE_PROCESS_FAILED"},
		{"no photo", func() error {
			_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileString{}})
			return err
		}, "Bad Request: there is no photo in the request"},
		{"caption too long", func() error {
			_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Caption: string(make([]byte, 1025)), Photo: &models.InputFileString{Data: "https://example.invalid/a.png"}})
			return err
		}, "Bad Request: message caption is too long"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.send()
			require.ErrorIs(t, err, bot.ErrorBadRequest)
			assert.Equal(t, "bad request, "+tc.wantErr, err.Error())
		})
	}
}

func TestSendDocument(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	data := []byte(`{"anak":[]}`)
	msg, err := b.SendDocument(testCtx(t), &bot.SendDocumentParams{ChatID: siti.ID, Caption: "Data Anda",
		Document: &models.InputFileUpload{Filename: "dataku.json", Data: bytes.NewReader(data)}})
	require.NoError(t, err)
	require.NotNil(t, msg.Document)
	assert.Equal(t, "dataku.json", msg.Document.FileName)
	assert.Equal(t, "application/json", msg.Document.MimeType)
	assert.EqualValues(t, len(data), msg.Document.FileSize)
	sent := s.LastSent(t, siti.ID)
	assert.Equal(t, tgtest.KindDocument, sent.Kind)
	assert.Equal(t, data, sent.File.Data)
}
