package tgtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// apiError is a Telegram error answer. Telegram uses the same number for the
// HTTP status and error_code, and the client reads only the JSON body.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

// badRequest builds the 400 answer with Telegram's "Bad Request: " prefix.
func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

// described is a successful result that also carries a description, as
// setWebhook's "Webhook was set".
type described struct {
	result any
	desc   string
}

// request is one decoded API call handed to a method implementation.
type request struct {
	ctx    context.Context
	params map[string]string
	files  map[string]File
}

// methodFunc implements one Bot API method. It returns the result to encode,
// or an error answer.
type methodFunc func(s *Server, r *request) (any, *apiError)

// methodSpec names a method the fake implements.
type methodSpec struct {
	name string
	fn   methodFunc
}

// methods maps lower-cased method names to their spec; Telegram matches
// method names case-insensitively. Anything missing answers 404 Not Found.
var methods = indexMethods([]methodSpec{
	{"getMe", (*Server).getMe},
	{"getUpdates", (*Server).getUpdates},
	{"setWebhook", (*Server).setWebhook},
	{"deleteWebhook", (*Server).deleteWebhook},
	{"getWebhookInfo", (*Server).getWebhookInfo},
	{"sendMessage", (*Server).sendMessage},
	{"sendPhoto", (*Server).sendPhoto},
	{"sendDocument", (*Server).sendDocument},
	{"editMessageText", (*Server).editMessageText},
	{"editMessageReplyMarkup", (*Server).editMessageReplyMarkup},
	{"deleteMessage", (*Server).deleteMessage},
	{"answerCallbackQuery", (*Server).answerCallbackQuery},
	{"setMyCommands", (*Server).setMyCommands},
	{"sendChatAction", (*Server).sendChatAction},
	{"leaveChat", (*Server).leaveChat},
})

// indexMethods keys specs by their lower-cased name.
func indexMethods(specs []methodSpec) map[string]methodSpec {
	m := make(map[string]methodSpec, len(specs))
	for _, sp := range specs {
		m[strings.ToLower(sp.name)] = sp
	}
	return m
}

// serveHTTP routes /bot<token>/<method> (and the client's test-environment
// form /bot<token>/test/<method>), records the call, applies scripted
// failures and runs the method.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	params, files, parseErr := parseParams(r)
	m, known := methods[strings.ToLower(method)]
	if known {
		method = m.name
	}
	call := &Call{Method: method, Params: params, Files: files, At: s.now()}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()

	var status int
	switch {
	case s.token != "" && token != s.token:
		status = writeError(w, &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"})
	case !known:
		status = writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
	case parseErr != nil:
		status = writeError(w, badRequest(parseErr.Error()))
	default:
		status = s.answer(r.Context(), w, m, call)
	}
	s.mu.Lock()
	call.Status = status
	s.mu.Unlock()
}

// answer runs a known method for a recorded call, after any scripted
// failure, and returns the status written.
func (s *Server) answer(ctx context.Context, w http.ResponseWriter, m methodSpec, call *Call) int {
	proceed, apiErr := s.applyFailure(ctx, call)
	if apiErr != nil {
		return writeError(w, apiErr)
	}
	if !proceed {
		return 0 // the client gave up or the server is closing: nobody reads an answer
	}
	result, apiErr := m.fn(s, &request{ctx: ctx, params: call.Params, files: call.Files})
	if apiErr != nil {
		return writeError(w, apiErr)
	}
	return writeResult(w, result)
}

// splitPath extracts the token and method from /bot<token>/[test/]<method>.
func splitPath(path string) (token, method string, ok bool) {
	rest, found := strings.CutPrefix(path, "/bot")
	if !found {
		return "", "", false
	}
	token, method, found = strings.Cut(rest, "/")
	if !found || token == "" {
		return "", "", false
	}
	method = strings.TrimPrefix(method, "test/")
	if method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

// writeResult encodes {"ok":true,"result":...}.
func writeResult(w http.ResponseWriter, result any) int {
	body := struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description,omitempty"`
	}{OK: true}
	if d, ok := result.(described); ok {
		body.Description = d.desc
		result = d.result
	}
	raw, err := marshalClean(result)
	if err != nil {
		return writeError(w, &apiError{code: http.StatusInternalServerError, desc: fmt.Sprintf("Internal Server Error: encode result: %v", err)})
	}
	body.Result = raw
	return writeJSON(w, http.StatusOK, body)
}

// writeError encodes {"ok":false,"error_code":N,"description":"..."} and, for
// 429, "parameters":{"retry_after":N} which the client turns into
// *bot.TooManyRequestsError.
func writeError(w http.ResponseWriter, e *apiError) int {
	type parameters struct {
		RetryAfter int `json:"retry_after"`
	}
	body := struct {
		OK          bool        `json:"ok"`
		ErrorCode   int         `json:"error_code"`
		Description string      `json:"description"`
		Parameters  *parameters `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.desc}
	if e.code == http.StatusTooManyRequests {
		body.Parameters = &parameters{RetryAfter: e.retryAfter}
	}
	return writeJSON(w, e.code, body)
}

// writeJSON writes one JSON response; a failed write means the client left,
// which the server cannot report to anyone.
func writeJSON(w http.ResponseWriter, status int, v any) int {
	raw, err := json.Marshal(v)
	if err != nil {
		raw = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
	return status
}

// emptyCopyText is how go-telegram/bot's InlineKeyboardButton serialises a
// button without copy_text; real Telegram never sends it, so payloads built
// from models types are cleaned of it before they go on the wire.
var emptyCopyText = []byte(`,"copy_text":{"text":""}`)

// marshalClean marshals v and removes the empty copy_text that models types
// always add.
func marshalClean(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal %T: %w", v, err)
	}
	return bytes.ReplaceAll(raw, emptyCopyText, nil), nil
}
