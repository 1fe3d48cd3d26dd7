package tgtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds a request body; Telegram's own upload limit is 50 MB.
const maxBody = 50 << 20

// Call is one request the bot made, recorded before any scripted failure or
// validation so tests can count attempts as well as successes.
type Call struct {
	// Method is the canonical method name ("sendMessage") when known, else the
	// name from the path as sent.
	Method string
	// Params holds every non-file parameter as a string, whatever the encoding:
	// nested objects such as reply_markup are their JSON text.
	Params map[string]string
	// Files holds uploaded file parts by field name.
	Files map[string]File
	// At is when the request arrived, by the server's clock.
	At time.Time
	// Status is the error_code answered (200 on success), or 0 while the call
	// is still in progress (a long poll or a hang).
	Status int
}

// File is an uploaded file part, or a file the server remembers by file_id.
type File struct {
	// Name is the part's file name as uploaded.
	Name string
	// Data is the file's content.
	Data []byte
}

// Calls returns a copy of every call so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, 0, len(s.calls))
	for _, c := range s.calls {
		out = append(out, copyCall(c))
	}
	return out
}

// CallsTo returns the calls to one method (matched case-insensitively, as
// Telegram matches method names), oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, copyCall(c))
		}
	}
	return out
}

// copyCall detaches a Call from the server's record so callers may keep it.
func copyCall(c *Call) Call {
	out := *c
	out.Params = maps.Clone(c.Params)
	out.Files = maps.Clone(c.Files)
	return out
}

// parseParams decodes a request the way Telegram does: query string plus a
// body in multipart/form-data, x-www-form-urlencoded or JSON. go-telegram/bot
// always sends multipart, with an empty body (no closing boundary at all) for
// methods without parameters such as getMe, so an empty body is not an error.
func parseParams(r *http.Request) (map[string]string, map[string]File, error) {
	params := map[string]string{}
	files := map[string]File{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read body: %w", err)
	}
	if len(body) > maxBody {
		return nil, nil, errors.New("request entity too large")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return params, files, nil
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := parseMultipart(body, ctParams["boundary"], params, files); err != nil {
			return nil, nil, fmt.Errorf("parse multipart body: %w", err)
		}
	case "application/json":
		if err := parseJSON(body, params); err != nil {
			return nil, nil, fmt.Errorf("parse JSON body: %w", err)
		}
	default: // Telegram treats anything else as a url-encoded form
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, fmt.Errorf("parse form body: %w", err)
		}
		for k, v := range vals {
			params[k] = v[0]
		}
	}
	return params, files, nil
}

// parseMultipart reads every part: parts with a file name are files, the rest
// are string parameters.
func parseMultipart(body []byte, boundary string, params map[string]string, files map[string]File) error {
	if boundary == "" {
		return errors.New("no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("next part: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fmt.Errorf("read part %q: %w", p.FormName(), err)
		}
		if p.FileName() != "" {
			files[p.FormName()] = File{Name: p.FileName(), Data: data}
			continue
		}
		params[p.FormName()] = string(data)
	}
}

// parseJSON flattens a JSON object into string parameters: strings keep their
// value, everything else keeps its JSON text, matching how a form carries a
// nested object as a JSON string.
func parseJSON(body []byte, params map[string]string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return fmt.Errorf("decode object: %w", err)
	}
	for k, raw := range obj {
		var str string
		if err := json.Unmarshal(raw, &str); err == nil {
			params[k] = str
			continue
		}
		if string(raw) == "null" {
			continue
		}
		params[k] = string(raw)
	}
	return nil
}
