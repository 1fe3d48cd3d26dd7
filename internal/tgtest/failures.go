package tgtest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// AnyMethod as the method of Fail makes the failure apply to every method,
// e.g. to simulate Telegram being down.
const AnyMethod = "*"

// Failure scripts how calls to a method fail.
type Failure struct {
	// Status is the error_code to answer: 429, 403, 400, 500, 502... With Hang
	// it may be 0, meaning the call proceeds normally once released.
	Status int
	// Description overrides Telegram's wording; by default 403 is "Forbidden:
	// bot was blocked by the user" and 429 "Too Many Requests: retry after N".
	Description string
	// RetryAfter is the 429 answer's parameters.retry_after, in seconds.
	RetryAfter int
	// Times is how many matching calls fail before the method works again;
	// 0 or less means every matching call until ClearFailures.
	Times int
	// ChatID, when not 0, limits the failure to calls whose chat_id is this
	// chat, e.g. one user who blocked the bot.
	ChatID int64
	// Every, when above 1, makes only every Every-th matching call fail (the
	// others proceed, or fall through to later rules), e.g. Every: 10 for a
	// 429 on a tenth of the calls. Times counts the failed calls only.
	Every int
	// Hang blocks the call until the client's request context ends, Release is
	// called or the server closes; then the Status (if any) is answered.
	Hang bool
}

// failureRule is a scripted Failure with its remaining count.
type failureRule struct {
	method string
	f      Failure
	left   int // < 0: unlimited
	seen   int // matching calls, for Every
}

// Fail scripts failures for a method (or AnyMethod). Rules apply in the order
// they were added; the first rule that matches a call is used, and counts
// down if it has Times.
func (s *Server) Fail(method string, f Failure) {
	left := f.Times
	if left <= 0 {
		left = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failureRule{method: method, f: f, left: left})
}

// ClearFailures removes every scripted failure. Calls already hanging stay
// hung until Release.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = nil
}

// Release frees every call currently blocked by a Hang failure. Calls that
// start hanging afterwards wait for the next Release.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	broadcast(&s.release)
}

// Hanging reports how many calls are blocked by a Hang failure right now, so
// a test can wait until the bot is stuck before acting.
func (s *Server) Hanging() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Status == statusHanging {
			n++
		}
	}
	return n
}

// statusHanging marks a recorded call blocked by a Hang failure; it is never
// written to the wire.
const statusHanging = -1

// applyFailure finds the rule for this call and acts on it. It returns
// proceed=false with no error when the call should get no answer at all
// (client gone, server closing), and an error answer for a scripted failure.
func (s *Server) applyFailure(ctx context.Context, call *Call) (proceed bool, _ *apiError) {
	s.mu.Lock()
	rule := s.matchFailure(call.Method, call.Params)
	var f Failure
	if rule != nil {
		f = rule.f
	}
	release := s.release
	if f.Hang {
		call.Status = statusHanging
	}
	s.mu.Unlock()
	if rule == nil {
		return true, nil
	}
	if f.Hang {
		select {
		case <-ctx.Done():
			return false, nil
		case <-s.closed:
			return false, nil
		case <-release:
		}
		s.mu.Lock()
		call.Status = 0
		s.mu.Unlock()
		if f.Status == 0 {
			return true, nil
		}
	}
	return false, failureError(f)
}

// matchFailure returns the first live rule for the method and chat and
// counts it down. The caller holds s.mu.
func (s *Server) matchFailure(method string, params map[string]string) *failureRule {
	for i, r := range s.failures {
		if r.method != AnyMethod && !strings.EqualFold(r.method, method) {
			continue
		}
		if r.f.ChatID != 0 {
			id, err := strconv.ParseInt(params["chat_id"], 10, 64)
			if err != nil || id != r.f.ChatID {
				continue
			}
		}
		if r.f.Every > 1 {
			r.seen++
			if r.seen%r.f.Every != 0 {
				continue
			}
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				s.failures = append(s.failures[:i:i], s.failures[i+1:]...)
			}
		}
		return r
	}
	return nil
}

// failureError builds the error answer for a Failure with Telegram's default
// wording for its status.
func failureError(f Failure) *apiError {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	desc := f.Description
	if desc == "" {
		desc = defaultDescription(status, f.RetryAfter)
	}
	return &apiError{code: status, desc: desc, retryAfter: f.RetryAfter}
}

// defaultDescription is Telegram's usual description for an error code.
func defaultDescription(status, retryAfter int) string {
	switch status {
	case http.StatusBadRequest:
		return "Bad Request"
	case http.StatusUnauthorized:
		return "Unauthorized"
	case http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case http.StatusNotFound:
		return "Not Found"
	case http.StatusConflict:
		return "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	case http.StatusBadGateway:
		return "Bad Gateway"
	default:
		if t := http.StatusText(status); t != "" {
			return t
		}
		return fmt.Sprintf("Error %d", status)
	}
}
