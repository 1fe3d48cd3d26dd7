package tgtest

import (
	"context"
	"testing"
	"time"
)

// NewTest starts a server for a test and closes it when the test ends.
func NewTest(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := New(opts...)
	tb.Cleanup(s.Close)
	return s
}

// MustWaitSent is WaitSent with a 5 s limit that fails the test on timeout.
func (s *Server) MustWaitSent(tb testing.TB, chatID int64, n int) []Message {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs, err := s.WaitSent(ctx, chatID, n)
	if err != nil {
		tb.Fatalf("tgtest: %v; sent so far: %+v", err, msgs)
	}
	return msgs
}

// LastSent returns the newest message the bot sent to the chat and fails the
// test if there is none.
func (s *Server) LastSent(tb testing.TB, chatID int64) Message {
	tb.Helper()
	msgs := s.Sent(chatID)
	if len(msgs) == 0 {
		tb.Fatalf("tgtest: nothing sent to chat %d", chatID)
	}
	return msgs[len(msgs)-1]
}
