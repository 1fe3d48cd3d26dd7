package tgtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// newClient points the real client at the fake, as production wiring does.
func newClient(t *testing.T, s *tgtest.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{bot.WithSkipGetMe(), bot.WithServerURL(s.URL())}, opts...)
	b, err := bot.New(s.Token(), opts...)
	require.NoError(t, err)
	return b
}

// patience bounds a wait for something that normally happens at once. It is
// wide because a loaded CI machine running the race detector can stall a
// goroutine for seconds; a passing test never waits it out.
const patience = 30 * time.Second

// testCtx bounds every test so a bug cannot hang the suite.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*patience)
	t.Cleanup(cancel)
	return ctx
}

// button and keyboard are how the bot sends keyboards: its own types with no
// empty copy_text.
type button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
}

type keyboard struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

var siti = tgtest.User{ID: 4242, FirstName: "Siti", LanguageCode: "id"}

func TestSendMessageInlineKeyboard(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)

	kb := keyboard{InlineKeyboard: [][]button{{{Text: "Perempuan", CallbackData: "sex:f"}, {Text: "Laki-laki", CallbackData: "sex:m"}}}}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "Jenis kelamin anak?", ReplyMarkup: kb})
	require.NoError(t, err)
	assert.Positive(t, msg.ID)
	assert.Equal(t, siti.ID, msg.Chat.ID)
	assert.Equal(t, "Jenis kelamin anak?", msg.Text)
	require.NotNil(t, msg.From)
	assert.True(t, msg.From.IsBot)
	require.NotNil(t, msg.ReplyMarkup)
	assert.Equal(t, "sex:m", msg.ReplyMarkup.InlineKeyboard[0][1].CallbackData)

	calls := s.CallsTo("sendMessage")
	require.Len(t, calls, 1)
	assert.Equal(t, "4242", calls[0].Params["chat_id"])
	assert.JSONEq(t, `{"inline_keyboard":[[{"text":"Perempuan","callback_data":"sex:f"},{"text":"Laki-laki","callback_data":"sex:m"}]]}`, calls[0].Params["reply_markup"])
	assert.Equal(t, 200, calls[0].Status)

	sent := s.Sent(siti.ID)
	require.Len(t, sent, 1)
	assert.Equal(t, msg.ID, sent[0].ID)
	require.NotNil(t, sent[0].Markup)
	assert.Equal(t, [][]tgtest.InlineButton{{{Text: "Perempuan", CallbackData: "sex:f"}, {Text: "Laki-laki", CallbackData: "sex:m"}}}, sent[0].Markup.InlineKeyboard)
}

func TestLongPollingReceivesTextAndCallback(t *testing.T) {
	s := tgtest.NewTest(t)
	got := make(chan *models.Update, 4)
	b := newClient(t, s, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	sentText := s.SendText(siti, "halo")
	u := receive(t, got)
	require.NotNil(t, u.Message)
	assert.Equal(t, sentText.ID, u.ID)
	assert.Equal(t, "halo", u.Message.Text)
	assert.Equal(t, siti.ID, u.Message.Chat.ID)
	assert.Equal(t, "Siti", u.Message.From.FirstName)

	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "Pilih",
		ReplyMarkup: keyboard{InlineKeyboard: [][]button{{{Text: "Ya", CallbackData: "yes"}}}}})
	require.NoError(t, err)

	press := s.PressButton(siti, msg.ID, "yes")
	u = receive(t, got)
	require.NotNil(t, u.CallbackQuery)
	assert.Equal(t, press.CallbackQuery.ID, u.CallbackQuery.ID)
	assert.Equal(t, "yes", u.CallbackQuery.Data)
	require.NotNil(t, u.CallbackQuery.Message.Message)
	assert.Equal(t, msg.ID, u.CallbackQuery.Message.Message.ID)

	ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
	require.NoError(t, err)
	assert.True(t, ok)
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
	require.ErrorIs(t, err, bot.ErrorBadRequest)
	assert.ErrorContains(t, err, "query is too old and response timeout expired or query ID is invalid")
}

func receive(t *testing.T, ch <-chan *models.Update) *models.Update {
	t.Helper()
	select {
	case u := <-ch:
		return u
	case <-time.After(patience):
		t.Fatal("no update received")
		return nil
	}
}

// apiResponse is Telegram's envelope as a raw client sees it.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// rawCall posts a body with a content type straight to a method, for what the
// library cannot send (other encodings, getUpdates, unknown methods).
func rawCall(t *testing.T, s *tgtest.Server, token, method, contentType, body string) (int, apiResponse) {
	t.Helper()
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodPost, s.URL()+"/bot"+token+"/"+method, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var r apiResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&r))
	return resp.StatusCode, r
}

// jsonCall is rawCall with a JSON body.
func jsonCall(t *testing.T, s *tgtest.Server, method string, params map[string]any) apiResponse {
	t.Helper()
	body, err := json.Marshal(params)
	require.NoError(t, err)
	_, r := rawCall(t, s, s.Token(), method, "application/json", string(body))
	return r
}

func TestRequestEncodings(t *testing.T) {
	s := tgtest.NewTest(t)
	tcs := []struct {
		name, contentType, body string
	}{
		{"json", "application/json", `{"chat_id":7,"text":"dari json","reply_markup":{"remove_keyboard":true}}`},
		{"urlencoded", "application/x-www-form-urlencoded", url.Values{"chat_id": {"7"}, "text": {"dari form"}, "reply_markup": {`{"remove_keyboard":true}`}}.Encode()},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			status, r := rawCall(t, s, s.Token(), "sendMessage", tc.contentType, tc.body)
			require.Equal(t, http.StatusOK, status, r.Description)
			assert.True(t, r.OK)
			calls := s.CallsTo("sendmessage") // method names are case-insensitive
			last := calls[len(calls)-1]
			assert.Equal(t, "7", last.Params["chat_id"])
			assert.JSONEq(t, `{"remove_keyboard":true}`, last.Params["reply_markup"])
			msg := s.LastSent(t, 7)
			require.NotNil(t, msg.Markup)
			assert.True(t, msg.Markup.RemoveKeyboard)
		})
	}
}

func TestRoutingAndToken(t *testing.T) {
	s := tgtest.NewTest(t, tgtest.WithToken("777:secret"))
	ctx := testCtx(t)

	me, err := newClient(t, s).GetMe(ctx) // empty multipart body
	require.NoError(t, err)
	assert.True(t, me.IsBot)
	assert.Equal(t, int64(777), me.ID)

	wrong, err := bot.New("777:wrong", bot.WithSkipGetMe(), bot.WithServerURL(s.URL()))
	require.NoError(t, err)
	_, err = wrong.GetMe(ctx)
	require.ErrorIs(t, err, bot.ErrorUnauthorized)
	getMes := s.CallsTo("getMe")
	require.Len(t, getMes, 2)
	assert.Equal(t, []int{200, 401}, []int{getMes[0].Status, getMes[1].Status})

	status, r := rawCall(t, s, "777:secret", "sendTelepathy", "", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, apiResponse{ErrorCode: 404, Description: "Not Found"}, r)
	assert.Len(t, s.CallsTo("sendTelepathy"), 1, "unknown methods are recorded too")
}
