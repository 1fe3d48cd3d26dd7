package tgtest

import (
	"strconv"

	"github.com/go-telegram/bot/models"
)

// BlockBot sends the my_chat_member update Telegram sends when the user
// blocks the bot in their private chat: the bot goes from member to kicked.
func (s *Server) BlockBot(from User) models.Update {
	return s.memberChange(from, from.ID, "", memberStatus(models.ChatMemberTypeMember), memberStatus(models.ChatMemberTypeBanned))
}

// UnblockBot sends the my_chat_member update of a user who unblocks
// (restarts) the bot: from kicked back to member.
func (s *Server) UnblockBot(from User) models.Update {
	return s.memberChange(from, from.ID, "", memberStatus(models.ChatMemberTypeBanned), memberStatus(models.ChatMemberTypeMember))
}

// AddBotToGroup sends the my_chat_member update of from adding the bot to
// the group groupID (negative; below -10^12 a supergroup), as a member.
func (s *Server) AddBotToGroup(from User, groupID int64, title string) models.Update {
	return s.memberChange(from, groupID, title, memberStatus(models.ChatMemberTypeLeft), memberStatus(models.ChatMemberTypeMember))
}

// memberStatus is a constructor of one ChatMember status for the bot.
type memberStatus models.ChatMemberType

func (s *Server) chatMember(st memberStatus) models.ChatMember {
	bot := s.bot
	switch models.ChatMemberType(st) {
	case models.ChatMemberTypeMember:
		return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &bot}}
	case models.ChatMemberTypeBanned:
		return models.ChatMember{Type: models.ChatMemberTypeBanned, Banned: &models.ChatMemberBanned{User: &bot}}
	default:
		return models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{User: &bot}}
	}
}

// memberChange pushes a my_chat_member update about the bot in chatID.
func (s *Server) memberChange(from User, chatID int64, title string, old, new memberStatus) models.Update {
	mu := from.model()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatFor(chatID)
	if chatID > 0 && c.user == nil {
		c.user = &mu
	}
	mc := c.modelChat()
	mc.Title = title
	c.left = false
	return s.pushLocked(models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat:          mc,
		From:          mu,
		Date:          int(s.now().Unix()),
		OldChatMember: s.chatMember(old),
		NewChatMember: s.chatMember(new),
	}})
}

// PressButtonInChat is PressButton in any chat, a group for instance, whose
// id is chatID.
func (s *Server) PressButtonInChat(from User, chatID int64, messageID int, data string) models.Update {
	mu := from.model()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatFor(chatID)
	s.cbSeq++
	id := strconv.FormatInt(from.ID, 10) + strconv.FormatInt(1_000_000+s.cbSeq, 10)
	s.callbacks[id] = &callbackState{chatID: chatID}
	msg := models.MaybeInaccessibleMessage{
		Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
		InaccessibleMessage: &models.InaccessibleMessage{Chat: c.modelChat(), MessageID: messageID},
	}
	if st := c.findMessage(messageID); st != nil {
		m := s.modelMessage(c, st)
		msg = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &m}
	}
	return s.pushLocked(models.Update{CallbackQuery: &models.CallbackQuery{
		ID: id, From: mu, Message: msg, ChatInstance: strconv.FormatInt(chatID*31+7, 10), Data: data,
	}})
}

// leaveChat makes the bot leave a group; Telegram refuses it for a private chat.
func (s *Server) leaveChat(r *request) (any, *apiError) {
	chatID, e := chatIDParam(r.params)
	if e != nil {
		return nil, e
	}
	if chatID > 0 {
		return nil, badRequest("chat member status can't be changed in private chats")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatFor(chatID).left = true
	return true, nil
}

// Left reports whether the bot left the group chatID (leaveChat).
func (s *Server) Left(chatID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[chatID]
	return ok && c.left
}
