package localchat

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// Prefixes that make a transcript read as a conversation.
const (
	botPrefix  = "🤖 "
	userPrefix = "> "
	// indent lines up a message's later lines under its first; the robot
	// emoji is two columns wide.
	indent = "   "
)

// screen prints the bot's side of one chat and remembers its buttons. It is
// fed by the server's event stream and read by the input loop, so every
// field is guarded by mu.
type screen struct {
	mu       sync.Mutex
	out      io.Writer
	chatID   int64
	mediaDir string
	kbs      *keyboards
	// shown counts the events that stand for one outbox row each (sends,
	// edits, callback answers), to tell when a turn's output is all printed.
	shown   int
	changed chan struct{} // capacity 1: "shown went up"
	werr    error         // first write error, reported by the input loop
}

func newScreen(out io.Writer, chatID int64, mediaDir string) *screen {
	return &screen{out: out, chatID: chatID, mediaDir: mediaDir, kbs: newKeyboards(), changed: make(chan struct{}, 1)}
}

// follow prints events until the channel closes.
func (s *screen) follow(events <-chan tgtest.Event) {
	for ev := range events {
		if ev.ChatID != s.chatID {
			continue
		}
		s.show(ev)
	}
}

// show prints one event and updates the buttons on screen.
func (s *screen) show(ev tgtest.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	switch ev.Kind {
	case tgtest.EventSent:
		s.kbs.apply(ev.Message)
		s.message(&b, ev.Message, "")
	case tgtest.EventEdited:
		s.kbs.apply(ev.Message)
		// An answered question that only lost its buttons is not worth
		// printing again; any other edit is, marked with a pencil (a sign,
		// not a word: the person may read Indonesian or English).
		if ev.Message.Markup != nil && len(ev.Message.Markup.InlineKeyboard) > 0 {
			s.message(&b, ev.Message, "✏️ ")
		}
	case tgtest.EventDeleted:
		s.kbs.forget(ev.Message.ID)
	case tgtest.EventCallbackAnswered:
		if ev.Text != "" {
			lines(&b, "🔔 "+ev.Text) // a notification, shown by Telegram on top
		}
	default:
		return // chat actions ("typing…") carry nothing to read
	}
	if b.Len() > 0 {
		s.write(b.String())
	}
	if ev.Kind != tgtest.EventDeleted {
		s.shown++
		select {
		case s.changed <- struct{}{}:
		default:
		}
	}
}

// message renders a sent or edited message: its text, a file if any, and
// its buttons numbered from 1.
func (s *screen) message(b *strings.Builder, m tgtest.Message, tag string) {
	text := m.Text
	switch m.Kind {
	case tgtest.KindPhoto, tgtest.KindDocument:
		text = strings.TrimSpace(s.file(m) + "\n" + m.Text)
	}
	lines(b, tag+text)
	var k *keyboard
	switch {
	case m.Markup == nil:
		return
	case len(m.Markup.InlineKeyboard) > 0:
		k = inlineKeyboard(m.ID, m.Markup.InlineKeyboard)
	case len(m.Markup.Keyboard) > 0:
		k = replyKeyboard(m.ID, m.Markup.Keyboard)
	default:
		return
	}
	// Only the newest keyboard answers to numbers; an older message edited
	// later shows its buttons unnumbered, to be pressed by label.
	cur := s.kbs.current()
	numbered := cur != nil && cur.msgID == m.ID
	n := 0
	for _, row := range k.rows {
		b.WriteString(indent)
		for i, btn := range row {
			n++
			if i > 0 {
				b.WriteString("  ")
			}
			if numbered {
				fmt.Fprintf(b, "[%d] %s", n, btn.label)
			} else {
				fmt.Fprintf(b, "[%s]", btn.label)
			}
			switch {
			case btn.contact:
				b.WriteString(" (atau ketik /kontak)")
			case btn.url != "":
				fmt.Fprintf(b, " <%s>", btn.url)
			}
		}
		b.WriteString("\n")
	}
}

// file describes a photo or document, saving it under mediaDir when set.
func (s *screen) file(m tgtest.Message) string {
	what := "gambar"
	if m.Kind == tgtest.KindDocument {
		what = "dokumen"
	}
	if m.File == nil || len(m.File.Data) == 0 {
		return fmt.Sprintf("[%s]", what)
	}
	desc := fmt.Sprintf("[%s: %d bytes]", what, len(m.File.Data))
	if s.mediaDir == "" {
		return desc
	}
	path, err := s.save(m)
	if err != nil {
		return desc + " (tidak tersimpan: " + err.Error() + ")"
	}
	return fmt.Sprintf("[%s: %d bytes, %s]", what, len(m.File.Data), path)
}

// save writes a file the bot sent to mediaDir, named after the chat and
// message, with the extension of its uploaded name or of its content.
func (s *screen) save(m tgtest.Message) (string, error) {
	ext := filepath.Ext(m.File.Name)
	switch http.DetectContentType(m.File.Data) {
	case "image/png":
		ext = ".png"
	case "image/jpeg":
		ext = ".jpg"
	case "application/pdf":
		ext = ".pdf"
	}
	if ext == "" {
		ext = ".bin"
	}
	if err := os.MkdirAll(s.mediaDir, 0o755); err != nil {
		return "", fmt.Errorf("create media directory: %w", err)
	}
	path := filepath.Join(s.mediaDir, fmt.Sprintf("chat%d-msg%d%s", m.ChatID, m.ID, ext))
	if err := os.WriteFile(path, m.File.Data, 0o644); err != nil {
		return "", fmt.Errorf("save media: %w", err)
	}
	return path, nil
}

// lines writes text behind the bot prefix, indenting its later lines.
func lines(b *strings.Builder, text string) {
	for i, line := range strings.Split(text, "\n") {
		switch {
		case i == 0:
			b.WriteString(botPrefix + line)
		case line != "":
			b.WriteString(indent + line)
		}
		b.WriteString("\n")
	}
}

// write prints text; the caller holds mu.
func (s *screen) write(text string) {
	if _, err := io.WriteString(s.out, text); err != nil && s.werr == nil {
		s.werr = fmt.Errorf("write transcript: %w", err)
	}
}

// print writes the user's side (echo, notes) in order with the bot's.
func (s *screen) print(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.write(text)
}

// count is how many outbox-backed events were shown so far.
func (s *screen) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shown
}

// press resolves input to an on-screen button; see keyboards.find.
func (s *screen) press(input string) (*keyboard, button, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, b, ok := s.kbs.find(input)
	if ok && !k.inline {
		s.kbs.usedReply()
	}
	return k, b, ok
}

// err returns the first error writing the transcript.
func (s *screen) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.werr
}
