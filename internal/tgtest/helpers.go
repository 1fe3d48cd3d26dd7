package tgtest

import (
	"context"
	"time"
)

// TB is the part of testing.TB the helpers below use. It is declared here so
// that tgtest, which local mode links into the binary, does not import
// testing; testing.TB and so *testing.T, *testing.B and *testing.F satisfy
// it. Fatalf should end the test as testing's does; if it returns, the
// helpers return zero values.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// NewTest starts a server for a test and closes it when the test ends.
func NewTest(tb TB, opts ...Option) *Server {
	tb.Helper()
	s := New(opts...)
	tb.Cleanup(s.Close)
	return s
}

// MustWaitSent is WaitSent with a 5 s limit that fails the test on timeout.
func (s *Server) MustWaitSent(tb TB, chatID int64, n int) []Message {
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
func (s *Server) LastSent(tb TB, chatID int64) Message {
	tb.Helper()
	msgs := s.Sent(chatID)
	if len(msgs) == 0 {
		tb.Fatalf("tgtest: nothing sent to chat %d", chatID)
		return Message{}
	}
	return msgs[len(msgs)-1]
}
