package tgtest_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func TestMemberUpdatesOnTheWire(t *testing.T) {
	s := tgtest.NewTest(t)
	s.BlockBot(siti)
	s.UnblockBot(siti)
	s.AddBotToGroup(siti, -500, "Posyandu Melati")
	r := jsonCall(t, s, "getUpdates", map[string]any{})
	require.True(t, r.OK, r.Description)
	var raw []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(r.Result, &raw))
	require.Len(t, raw, 3)
	type member struct {
		Chat struct {
			ID    int64  `json:"id"`
			Type  string `json:"type"`
			Title string `json:"title"`
		} `json:"chat"`
		From struct {
			ID int64 `json:"id"`
		} `json:"from"`
		Date int `json:"date"`
		Old  struct {
			Status string `json:"status"`
		} `json:"old_chat_member"`
		New struct {
			Status string `json:"status"`
			User   struct {
				ID       int64  `json:"id"`
				IsBot    bool   `json:"is_bot"`
				Username string `json:"username"`
			} `json:"user"`
		} `json:"new_chat_member"`
	}
	want := []struct {
		chat             int64
		kind, old, newSt string
	}{
		{siti.ID, "private", "member", "kicked"},
		{siti.ID, "private", "kicked", "member"},
		{-500, "group", "left", "member"},
	}
	for i, w := range want {
		var m member
		require.NoError(t, json.Unmarshal(raw[i]["my_chat_member"], &m), "update %d", i)
		assert.Equal(t, w.chat, m.Chat.ID)
		assert.Equal(t, w.kind, m.Chat.Type)
		assert.Equal(t, w.old, m.Old.Status)
		assert.Equal(t, w.newSt, m.New.Status)
		assert.Equal(t, siti.ID, m.From.ID)
		assert.NotZero(t, m.Date)
		assert.True(t, m.New.User.IsBot)
		assert.Equal(t, s.Bot().Username, m.New.User.Username)
	}
}

func TestLeaveChat(t *testing.T) {
	s := tgtest.NewTest(t)
	r := jsonCall(t, s, "leaveChat", map[string]any{"chat_id": -500})
	require.True(t, r.OK, r.Description)
	assert.True(t, s.Left(-500))
	assert.False(t, s.Left(-501))
	r = jsonCall(t, s, "leaveChat", map[string]any{"chat_id": siti.ID})
	assert.False(t, r.OK, "a private chat cannot be left")
}

func TestForwardAndContactCard(t *testing.T) {
	s := tgtest.NewTest(t)
	fwd := s.ForwardText(siti, "Budi", "Budi Terusan")
	require.NotNil(t, fwd.Message.ForwardOrigin)
	card := s.ShareContactCard(siti, "Tetangga", "6281111111111")
	assert.Zero(t, card.Message.Contact.UserID)
	r := jsonCall(t, s, "getUpdates", map[string]any{})
	require.True(t, r.OK)
	assert.Contains(t, string(r.Result), `"forward_origin":{"type":"hidden_user"`)
	assert.NotContains(t, string(r.Result), `"user_id"`)
}
