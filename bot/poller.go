package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/go-telegram/bot/models"
)

// Poller reads updates by long polling. go-telegram/bot's own polling
// confirms an update before its handler runs, so a crash would lose it; this
// one asks for the next offset only after the update's turn committed.
// Telegram allows one poller per bot: use it for a single process, and the
// webhook for replicas.
type Poller struct {
	endpoint string
	http     *http.Client
	turns    TurnRunner
	sender   ReplySender
	log      *slog.Logger
	// Timeout is the long-poll wait Telegram holds a request open for.
	Timeout time.Duration
	// AllowedUpdates are the update kinds asked for.
	AllowedUpdates []string
	// Answerer answers the button presses ReadUpdate drops; nil leaves them.
	Answerer CallbackAnswerer
}

// NewPoller returns a poller for token at apiURL.
func NewPoller(token, apiURL string, turns TurnRunner, sender ReplySender, log *slog.Logger) *Poller {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	return &Poller{
		endpoint:       apiURL + "/bot" + token + "/getUpdates",
		http:           &http.Client{Timeout: 90 * time.Second},
		turns:          turns,
		sender:         sender,
		log:            log,
		Timeout:        50 * time.Second,
		AllowedUpdates: AllowedUpdates,
	}
}

// AllowedUpdates are the update kinds the bot handles.
var AllowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	var offset int64
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		if backoff > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(backoff):
			}
		}
		updates, err := p.fetch(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			backoff = nextBackoff(backoff)
			p.log.Warn("getUpdates failed", "error", err, "retry_in_ms", backoff.Milliseconds())
			continue
		}
		backoff = 0
		for _, u := range updates {
			if err := p.handle(ctx, u); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				// Not confirmed: the next getUpdates brings it again.
				backoff = nextBackoff(backoff)
				p.log.Error("turn failed, will retry", "update_id", u.ID, "error", err)
				break
			}
			offset = u.ID + 1
		}
	}
	return nil
}

func (p *Poller) handle(ctx context.Context, u *models.Update) error {
	upd, ok := ReadUpdate(u)
	if !ok {
		answerIgnored(ctx, p.Answerer, u, p.log)
		return nil
	}
	// The turn of an update already fetched finishes even when the poller
	// is told to stop, so a graceful stop confirms what it handled.
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), turnTimeout)
	defer cancel()
	res, err := p.turns.Handle(tctx, upd)
	if err != nil {
		return err
	}
	p.sender.SendAsync(res.Replies)
	return nil
}

type getUpdatesRequest struct {
	Offset         int64    `json:"offset,omitempty"`
	Timeout        int      `json:"timeout"`
	AllowedUpdates []string `json:"allowed_updates,omitempty"`
}

type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func (p *Poller) fetch(ctx context.Context, offset int64) ([]*models.Update, error) {
	body, err := json.Marshal(getUpdatesRequest{Offset: offset, Timeout: int(p.Timeout.Seconds()), AllowedUpdates: p.AllowedUpdates})
	if err != nil {
		return nil, fmt.Errorf("encode getUpdates: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build getUpdates request: %w", redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read getUpdates response: %w", err)
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("decode getUpdates response (status %d): %w", resp.StatusCode, err)
	}
	if !r.OK {
		if r.Parameters.RetryAfter > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(min(time.Duration(r.Parameters.RetryAfter)*time.Second, time.Minute)):
			}
		}
		return nil, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	var updates []*models.Update
	if err := json.Unmarshal(r.Result, &updates); err != nil {
		return nil, fmt.Errorf("decode updates: %w", err)
	}
	return updates, nil
}

// redact drops the URL, which carries the bot token, from an HTTP error.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func nextBackoff(d time.Duration) time.Duration {
	if d == 0 {
		return 200 * time.Millisecond
	}
	return min(2*d, 30*time.Second)
}
