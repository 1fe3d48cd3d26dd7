package conversation

import (
	"context"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// MemberStatus is what happened to the bot's membership of a chat.
type MemberStatus int

// The membership changes the bot acts on.
const (
	// MemberBlocked: the person blocked the bot in their private chat.
	MemberBlocked MemberStatus = iota + 1
	// MemberUnblocked: the person unblocked (restarted) the bot.
	MemberUnblocked
	// MemberAddedToGroup: someone added the bot to a group.
	MemberAddedToGroup
)

// MemberChange is a my_chat_member update: the bot's own membership of a
// chat changed. It runs no flow.
type MemberChange struct {
	ChatID int64
	Status MemberStatus
	// BotUsername is the bot's username, for a t.me link; may be empty.
	BotUsername string
	// LanguageCode is that of the person who made the change.
	LanguageCode string
}

// member records a membership change in a turn of its own: deduped by
// update id like every update, with the chat locked. A block marks the chat
// and drops its queued reminders and broadcasts; an unblock clears the mark
// (StartTurn does); in a group the bot says once that it works in private
// chats and leaves.
func (h *Handler) member(ctx context.Context, u Update) (Result, error) {
	m := u.Member
	tx, err := h.stmts.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	// Not a message of the person's: it counts in no flood window.
	o := h.turnOptions(0)
	o.FloodWindow = 0
	t, fresh, err := tx.StartTurn(ctx, u.ID, m.ChatID, o)
	if err != nil {
		return Result{}, err
	}
	if !fresh {
		return Result{Duplicate: true}, nil
	}
	switch m.Status {
	case MemberBlocked:
		if err := tx.BlockChat(ctx, m.ChatID); err != nil {
			return Result{}, err
		}
	case MemberAddedToGroup:
		say := flows.T(flows.MsgGroupPrivateOnlyNoLink)
		if m.BotUsername != "" {
			say = flows.T(flows.MsgGroupPrivateOnly, "Link", "https://t.me/"+m.BotUsername)
		}
		msgs, err := h.render.Render(language(t.Language, m.LanguageCode), m.ChatID, []flows.Reply{flows.Say(say)})
		if err != nil {
			return Result{}, err
		}
		msgs = append(msgs, outbox.Message{Method: outbox.MethodLeaveChat, ChatID: m.ChatID})
		rows, err := h.enqueue(ctx, tx, t, "", msgs, store.TurnEnd{KeepConversation: true})
		if err != nil {
			return Result{}, err
		}
		if err := tx.Commit(); err != nil {
			return Result{}, err
		}
		return Result{Replies: rows}, nil
	}
	if err := tx.Commit(); err != nil {
		return Result{}, err
	}
	return Result{}, nil
}
