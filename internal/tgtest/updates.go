package tgtest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// pendingUpdate is an update not yet confirmed (getUpdates) or delivered
// (webhook).
type pendingUpdate struct {
	id     int64
	update models.Update
}

// activePoll is the getUpdates call currently waiting; Telegram ends the
// older of two concurrent polls with 409.
type activePoll struct {
	superseded chan struct{}
}

// maxPollLimit is getUpdates' maximum (and default) limit.
const maxPollLimit = 100

// Push queues an update for the bot. An update with ID 0 gets the next
// update_id; one with an ID is queued as given, so a test can redeliver the
// same update. With no webhook the update waits for getUpdates; with one set
// it is posted in the background (unless WithManualDelivery). Push returns
// the update as queued.
func (s *Server) Push(u models.Update) models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushLocked(u)
}

// pushLocked is Push for a caller holding s.mu, so an update is queued in
// the same step that created its message and ids stay in order.
func (s *Server) pushLocked(u models.Update) models.Update {
	if u.ID == 0 {
		s.nextUpdateID++
		u.ID = s.nextUpdateID
	} else if u.ID > s.nextUpdateID {
		s.nextUpdateID = u.ID
	}
	s.queue = append(s.queue, pendingUpdate{id: u.ID, update: u})
	broadcast(&s.updated)
	return u
}

// Pending returns the updates not yet confirmed by getUpdates or delivered
// to the webhook, oldest first.
func (s *Server) Pending() []models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]models.Update, 0, len(s.queue))
	for _, p := range s.queue {
		out = append(out, p.update)
	}
	return out
}

// confirm forgets the updates an offset acknowledges: every id below a
// positive offset; for a negative offset, all but the last -offset updates.
// The caller holds s.mu.
func (s *Server) confirm(offset int64) {
	switch {
	case offset > 0:
		keep := s.queue[:0]
		for _, p := range s.queue {
			if p.id >= offset {
				keep = append(keep, p)
			}
		}
		s.queue = keep
	case offset < 0:
		if n := int(-offset); n < len(s.queue) {
			s.queue = append(s.queue[:0], s.queue[len(s.queue)-n:]...)
		}
	}
}

// removePending drops one update by id once a webhook accepted it. The
// caller holds s.mu.
func (s *Server) removePending(id int64) {
	for i, p := range s.queue {
		if p.id == id {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			return
		}
	}
}

// getUpdates confirms by offset, then returns up to limit pending updates,
// long-polling up to timeout seconds when there are none. The wait ends early
// when an update arrives, the client goes away, another poll supersedes this
// one (409, as Telegram) or the server closes.
func (s *Server) getUpdates(r *request) (any, *apiError) {
	offset, _ := strconv.ParseInt(r.params["offset"], 10, 64)
	limit, _ := strconv.Atoi(r.params["limit"])
	if limit <= 0 || limit > maxPollLimit {
		limit = maxPollLimit
	}
	timeout, _ := strconv.Atoi(r.params["timeout"])
	timer := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer timer.Stop()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook != nil {
		return nil, &apiError{code: http.StatusConflict, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if s.poll != nil {
		close(s.poll.superseded)
	}
	p := &activePoll{superseded: make(chan struct{})}
	s.poll = p
	defer func() {
		if s.poll == p {
			s.poll = nil
		}
	}()
	s.confirm(offset)
	for len(s.queue) == 0 && timeout > 0 {
		wake := s.updated
		s.mu.Unlock()
		var end bool
		var e *apiError
		select {
		case <-wake:
		case <-timer.C:
			end = true
		case <-r.ctx.Done():
			end = true
		case <-s.closed:
			end = true
		case <-p.superseded:
			e = &apiError{code: http.StatusConflict, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		s.mu.Lock()
		if e != nil {
			return nil, e
		}
		if end || s.webhook != nil {
			break
		}
	}
	out := make([]models.Update, 0, min(limit, len(s.queue)))
	for _, pu := range s.queue[:min(limit, len(s.queue))] {
		out = append(out, pu.update)
	}
	return out, nil
}
