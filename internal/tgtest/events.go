package tgtest

import "sync"

// EventKind says what happened in a chat.
type EventKind string

// The events a subscriber sees.
const (
	// EventSent: the bot sent Message.
	EventSent EventKind = "sent"
	// EventEdited: the bot edited a message; Message is its new state.
	EventEdited EventKind = "edited"
	// EventDeleted: the bot deleted Message.
	EventDeleted EventKind = "deleted"
	// EventCallbackAnswered: the bot answered a button press; Text is the
	// notification (empty for a silent answer), ShowAlert says how it shows.
	EventCallbackAnswered EventKind = "callback_answered"
	// EventChatAction: the bot sent a chat action such as "typing" (Text).
	EventChatAction EventKind = "chat_action"
)

// Event is one visible change caused by the bot, in the order the server
// applied them.
type Event struct {
	// Kind is what happened.
	Kind EventKind
	// ChatID is the chat it happened in.
	ChatID int64
	// Message is the message sent, edited or deleted.
	Message Message
	// CallbackQueryID is the answered query, for EventCallbackAnswered.
	CallbackQueryID string
	// Text is the callback answer's text or the chat action.
	Text string
	// ShowAlert is set when a callback answer is an alert, not a toast.
	ShowAlert bool
}

// Subscribe returns a channel of every event from now on, for local mode to
// print replies as they arrive. Events queue without bound inside the server,
// so a slow reader never blocks the bot. Call cancel to stop; the channel is
// closed after cancel or Close.
func (s *Server) Subscribe() (<-chan Event, func()) {
	sub := &subscriber{
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
		out:  make(chan Event),
	}
	s.mu.Lock()
	if s.isClosed() {
		s.mu.Unlock()
		close(sub.out)
		return sub.out, func() {}
	}
	s.sub++
	id := s.sub
	s.subs[id] = sub
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		sub.run()
	}()
	cancel := func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
		sub.stop()
	}
	return sub.out, cancel
}

// subscriber buffers events for one Subscribe channel.
type subscriber struct {
	mu    sync.Mutex
	queue []Event
	wake  chan struct{} // capacity 1: "the queue is not empty"
	done  chan struct{}
	once  sync.Once
	out   chan Event
}

// push queues an event without blocking.
func (sub *subscriber) push(ev Event) {
	sub.mu.Lock()
	sub.queue = append(sub.queue, ev)
	sub.mu.Unlock()
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

// stop ends run; queued events are dropped.
func (sub *subscriber) stop() {
	sub.once.Do(func() { close(sub.done) })
}

// run forwards queued events to out until stopped, then closes out.
func (sub *subscriber) run() {
	defer close(sub.out)
	for {
		sub.mu.Lock()
		batch := sub.queue
		sub.queue = nil
		sub.mu.Unlock()
		for _, ev := range batch {
			select {
			case sub.out <- ev:
			case <-sub.done:
				return
			}
		}
		select {
		case <-sub.wake:
		case <-sub.done:
			return
		}
	}
}
