package tgtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

func TestScriptedFailures(t *testing.T) {
	tcs := []struct {
		name    string
		failure tgtest.Failure
		check   func(t *testing.T, err error)
	}{
		{"429 is TooManyRequestsError with retry_after", tgtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 7}, func(t *testing.T, err error) {
			var tooMany *bot.TooManyRequestsError
			require.True(t, errors.As(fmt.Errorf("wrapped: %w", err), &tooMany), "got %v", err)
			assert.Equal(t, 7, tooMany.RetryAfter)
			assert.Equal(t, "too many requests, Too Many Requests: retry after 7", tooMany.Message)
		}},
		{"403 is ErrorForbidden, blocked by default", tgtest.Failure{Status: http.StatusForbidden}, func(t *testing.T, err error) {
			require.ErrorIs(t, err, bot.ErrorForbidden)
			assert.EqualError(t, err, "forbidden, Forbidden: bot was blocked by the user")
		}},
		{"403 with own description", tgtest.Failure{Status: http.StatusForbidden, Description: "Forbidden: user is deactivated"}, func(t *testing.T, err error) {
			require.ErrorIs(t, err, bot.ErrorForbidden)
			assert.ErrorContains(t, err, "user is deactivated")
		}},
		{"400 is ErrorBadRequest", tgtest.Failure{Status: http.StatusBadRequest, Description: "Bad Request: chat not found"}, func(t *testing.T, err error) {
			require.ErrorIs(t, err, bot.ErrorBadRequest)
		}},
		{"500 is a plain error", tgtest.Failure{Status: http.StatusInternalServerError}, func(t *testing.T, err error) {
			require.Error(t, err)
			assert.Contains(t, err.Error(), "500 Internal Server Error")
			assert.NotErrorIs(t, err, bot.ErrorBadRequest)
		}},
		{"502 is a plain error", tgtest.Failure{Status: http.StatusBadGateway}, func(t *testing.T, err error) {
			assert.ErrorContains(t, err, "502 Bad Gateway")
		}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			s := tgtest.NewTest(t)
			b := newClient(t, s)
			ctx := testCtx(t)
			tc.failure.Times = 1
			s.Fail("sendMessage", tc.failure)

			_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "halo"})
			tc.check(t, err)
			assert.Empty(t, s.Sent(siti.ID), "a failed send must not be stored")

			_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "halo"})
			require.NoError(t, err, "Times: 1 fails one call only")
			assert.Len(t, s.Sent(siti.ID), 1)
			calls := s.CallsTo("sendMessage")
			require.Len(t, calls, 2)
			assert.Equal(t, tc.failure.Status, calls[0].Status)
			assert.Equal(t, http.StatusOK, calls[1].Status)
		})
	}
}

func TestFailureFilters(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	s.Fail("sendMessage", tgtest.Failure{Status: http.StatusForbidden, ChatID: 2}) // until cleared

	for range 2 {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 2, Text: "x"})
		require.ErrorIs(t, err, bot.ErrorForbidden)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 3, Text: "x"})
	require.NoError(t, err, "other chats are unaffected")
	_, err = b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 2, Action: "typing"})
	require.NoError(t, err, "other methods are unaffected")

	s.ClearFailures()
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 2, Text: "x"})
	require.NoError(t, err)

	s.Fail(tgtest.AnyMethod, tgtest.Failure{Status: http.StatusBadGateway, Times: 2})
	_, err = b.GetMe(ctx)
	require.Error(t, err)
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 2, Text: "x"})
	require.Error(t, err)
	_, err = b.GetMe(ctx)
	require.NoError(t, err)
}

func TestHangUntilContextCancelled(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	s.Fail("sendMessage", tgtest.Failure{Hang: true, Times: 1})

	ctx, cancel := context.WithTimeout(testCtx(t), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: siti.ID, Text: "halo"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Empty(t, s.Sent(siti.ID))

	_, err = b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "halo"})
	require.NoError(t, err, "the hang applied once")
}

func TestHangUntilReleased(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	s.Fail("sendMessage", tgtest.Failure{Hang: true, Times: 1})

	errc := make(chan error, 1)
	go func() {
		_, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: siti.ID, Text: "lambat"})
		errc <- err
	}()
	require.Eventually(t, func() bool { return s.Hanging() == 1 }, patience, 5*time.Millisecond)
	select {
	case err := <-errc:
		t.Fatalf("call returned while hanging: %v", err)
	default:
	}
	s.Release()
	require.NoError(t, <-errc)
	assert.Equal(t, "lambat", s.LastSent(t, siti.ID).Text, "a released hang without Status proceeds normally")
}

func TestCloseReleasesHang(t *testing.T) {
	s := tgtest.New()
	b := newClient(t, s)
	s.Fail("sendMessage", tgtest.Failure{Hang: true})
	errc := make(chan error, 1)
	go func() {
		_, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: 1, Text: "x"})
		errc <- err
	}()
	require.Eventually(t, func() bool { return s.Hanging() == 1 }, patience, 5*time.Millisecond)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(patience):
		t.Fatal("Close blocked on a hanging call")
	}
	require.Error(t, <-errc)
}

func TestFailureEvery(t *testing.T) {
	s := tgtest.NewTest(t)
	b := newClient(t, s)
	ctx := testCtx(t)
	s.Fail("sendMessage", tgtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1, Every: 3})

	failed := 0
	for range 9 {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "x"}); err != nil {
			failed++
		}
	}
	assert.Equal(t, 3, failed, "every third call fails")
}
