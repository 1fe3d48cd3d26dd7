package tgtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// SecretHeader is the header in which Telegram sends setWebhook's
// secret_token with every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// webhookTimeout bounds one delivery whose context has no deadline.
const webhookTimeout = 30 * time.Second

// RetryPolicy is how background webhook delivery retries an update that got
// a non-2xx answer or a network error. Real Telegram retries for a while with
// growing pauses, then gives up on the update.
type RetryPolicy struct {
	// Attempts is the total number of tries per update (at least 1).
	Attempts int
	// Backoff is the pause after the first failure; it doubles each time.
	Backoff time.Duration
	// MaxBackoff caps the pause.
	MaxBackoff time.Duration
}

// defaultRetry keeps tests fast while still exercising retries.
var defaultRetry = RetryPolicy{Attempts: 5, Backoff: 50 * time.Millisecond, MaxBackoff: time.Second}

// Delivery is one attempt to post an update to the webhook.
type Delivery struct {
	// UpdateID is the update posted.
	UpdateID int64
	// Status is the HTTP status the webhook answered, 0 on a network error.
	Status int
	// Err is the network error, if any.
	Err error
	// At is when the attempt started.
	At time.Time
}

// webhookState is what setWebhook configured.
type webhookState struct {
	url            string
	secret         string
	maxConnections int
	allowed        []string
	lastErrorDate  time.Time
	lastErrorMsg   string
}

// secretToken is the alphabet Telegram allows in secret_token.
var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook switches the bot to webhook delivery; an empty url removes the
// webhook, as in Telegram. Plain http URLs are allowed so tests can use
// httptest servers; real Telegram requires https.
func (s *Server) setWebhook(r *request) (any, *apiError) {
	raw := r.params["url"]
	if raw == "" {
		return s.removeWebhook(r.params)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := r.params["secret_token"]
	if secret != "" && !secretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn := 40
	if v := r.params["max_connections"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return nil, badRequest("bad webhook: max_connections must be between 1 and 100")
		}
		maxConn = n
	}
	var allowed []string
	if v := r.params["allowed_updates"]; v != "" {
		if err := json.Unmarshal([]byte(v), &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates JSON object")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if drop, _ := strconv.ParseBool(r.params["drop_pending_updates"]); drop {
		s.queue = nil
	}
	s.webhook = &webhookState{url: raw, secret: secret, maxConnections: maxConn, allowed: allowed}
	if s.poll != nil {
		close(s.poll.superseded)
		s.poll = nil
	}
	broadcast(&s.updated) // pending updates now go to the webhook
	return described{result: true, desc: "Webhook was set"}, nil
}

// deleteWebhook switches back to getUpdates.
func (s *Server) deleteWebhook(r *request) (any, *apiError) {
	return s.removeWebhook(r.params)
}

// removeWebhook implements deleteWebhook and setWebhook with an empty url.
func (s *Server) removeWebhook(params map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if drop, _ := strconv.ParseBool(params["drop_pending_updates"]); drop {
		s.queue = nil
	}
	if s.webhook == nil {
		return described{result: true, desc: "Webhook is already deleted"}, nil
	}
	s.webhook = nil
	return described{result: true, desc: "Webhook was deleted"}, nil
}

// getWebhookInfo reports the webhook, pending count and the last delivery
// error.
func (s *Server) getWebhookInfo(*request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.WebhookInfo{PendingUpdateCount: len(s.queue)}
	if wh := s.webhook; wh != nil {
		info.URL, info.MaxConnections, info.AllowedUpdates = wh.url, wh.maxConnections, wh.allowed
		info.LastErrorMessage = wh.lastErrorMsg
		if !wh.lastErrorDate.IsZero() {
			info.LastErrorDate = int(wh.lastErrorDate.Unix())
		}
	}
	return info, nil
}

// ErrNoWebhook is returned by Deliver when no webhook is set.
var ErrNoWebhook = errors.New("no webhook set")

// Deliver makes one attempt to post the update to the webhook, as Telegram
// does: JSON body, the secret header when a secret was set. It returns the
// HTTP status (the error is for network failures and ErrNoWebhook). A 2xx
// answer removes the update from Pending. Deliver may be called again with
// the same update to simulate Telegram's redelivery, and from several
// goroutines to simulate parallel connections.
func (s *Server) Deliver(ctx context.Context, u models.Update) (int, error) {
	s.mu.Lock()
	wh := s.webhook
	var target, secret string
	if wh != nil {
		target, secret = wh.url, wh.secret
	}
	s.mu.Unlock()
	if wh == nil {
		return 0, fmt.Errorf("deliver update %d: %w", u.ID, ErrNoWebhook)
	}
	d := Delivery{UpdateID: u.ID, At: s.now()}
	d.Status, d.Err = post(ctx, target, secret, u)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliveries = append(s.deliveries, d)
	switch {
	case d.Err != nil:
		wh.lastErrorDate, wh.lastErrorMsg = s.now(), "Connection refused"
	case d.Status < 200 || d.Status > 299:
		wh.lastErrorDate = s.now()
		wh.lastErrorMsg = fmt.Sprintf("Wrong response from the webhook: %d %s", d.Status, http.StatusText(d.Status))
	default:
		s.removePending(u.ID)
	}
	return d.Status, d.Err
}

// post sends one update; the response body is drained so the connection can
// be reused.
func post(ctx context.Context, target, secret string, u models.Update) (int, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, webhookTimeout)
		defer cancel()
	}
	body, err := marshalClean(u)
	if err != nil {
		return 0, fmt.Errorf("encode update %d: %w", u.ID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build webhook request for update %d: %w", u.ID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("post update %d to webhook: %w", u.ID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// Deliveries returns every webhook delivery attempt so far, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// deliverLoop posts pending updates to the webhook in order, one at a time,
// retrying by the RetryPolicy, until the server closes.
func (s *Server) deliverLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		var next *pendingUpdate
		if s.webhook != nil && !s.manualDelivery && len(s.queue) > 0 {
			p := s.queue[0]
			next = &p
		}
		wake := s.updated
		s.mu.Unlock()
		if next == nil {
			select {
			case <-wake:
				continue
			case <-s.closed:
				return
			}
		}
		s.deliverWithRetry(next.update)
		if s.isClosed() {
			return
		}
	}
}

// deliverWithRetry tries one update until it is accepted, the attempts run
// out (the update is then dropped, as Telegram eventually drops it) or the
// webhook goes away (it then stays pending for getUpdates).
func (s *Server) deliverWithRetry(u models.Update) {
	pause := s.retry.Backoff
	for attempt := 1; ; attempt++ {
		status, err := s.Deliver(s.baseCtx, u)
		if errors.Is(err, ErrNoWebhook) || (err == nil && status >= 200 && status <= 299) {
			return
		}
		if attempt >= max(s.retry.Attempts, 1) {
			s.mu.Lock()
			s.removePending(u.ID)
			s.mu.Unlock()
			return
		}
		select {
		case <-time.After(pause):
		case <-s.closed:
			return
		}
		pause = min(pause*2, max(s.retry.MaxBackoff, s.retry.Backoff))
	}
}
