package localchat

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// pollEvery is how often settle looks at the server and the outbox.
const pollEvery = 20 * time.Millisecond

// settle waits until the bot has finished with updateID (0: none): the
// poller confirmed it, the chat has nothing pending in the outbox, and every
// row delivered since sent0 was shown (one event each, counted from shown0).
// It returns a wrapped ErrTimeout after opts.Timeout.
func (c *chat) settle(ctx context.Context, updateID int64, shown0, sent0 int) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var why string
	for {
		done, reason, err := c.finished(ctx, updateID, shown0, sent0)
		if err != nil && ctx.Err() == nil {
			return err
		}
		if done {
			return nil
		}
		if reason != "" {
			why = reason
		}
		select {
		case <-ctx.Done():
			if ctx.Err() == context.DeadlineExceeded {
				return fmt.Errorf("%w within %s (%s); see the log", ErrTimeout, c.opts.Timeout, why)
			}
			return nil
		case <-c.scr.changed:
		case <-tick.C:
		}
	}
}

// finished checks the three conditions of settle once, saying which one is
// still missing.
func (c *chat) finished(ctx context.Context, updateID int64, shown0, sent0 int) (bool, string, error) {
	if updateID != 0 && slices.ContainsFunc(c.srv.Pending(), func(u models.Update) bool { return u.ID == updateID }) {
		return false, "the update is still waiting for the poller", nil
	}
	pending, err := c.pending(ctx)
	if err != nil {
		return false, "", err
	}
	if pending > 0 {
		return false, fmt.Sprintf("%d outbox messages still pending", pending), nil
	}
	sent, err := c.delivered(ctx)
	if err != nil {
		return false, "", err
	}
	if c.scr.count()-shown0 < sent-sent0 {
		return false, "delivered messages not yet shown", nil
	}
	return true, "", nil
}

// pending counts the chat's undelivered outbox rows. A row due more than a
// minute from now (a reminder) is not an answer to the line just typed.
func (c *chat) pending(ctx context.Context) (int, error) {
	n, _, err := store.OutboxCounts(ctx, c.db, c.opts.User.ID, time.Now().Add(time.Minute))
	return n, err
}

// delivered counts the chat's outbox rows Telegram accepted, ever.
func (c *chat) delivered(ctx context.Context) (int, error) {
	_, n, err := store.OutboxCounts(ctx, c.db, c.opts.User.ID, time.Now())
	return n, err
}
