package localchat

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// DefaultTimeout is how long Run waits for the bot to answer one input line.
const DefaultTimeout = 15 * time.Second

// ContactCommand shares the user's phone number, as the request_contact
// button of a real Telegram client does.
const ContactCommand = "/kontak"

// PhotoCommand sends a photo, as picking one from the gallery does.
const PhotoCommand = "/foto"

// Options says who is typing and how the session looks.
type Options struct {
	// User is the Telegram user typing; their private chat has the same id.
	User tgtest.User
	// Phone is the number /kontak shares; empty means DefaultPhone(User.ID).
	Phone string
	// Interactive shows a banner and a prompt and does not echo input, for a
	// person at a terminal; otherwise every input line is echoed so that a
	// transcript reads as a conversation.
	Interactive bool
	// Timeout bounds the wait for the bot to answer one line; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// MediaDir, when set, is where photos and documents the bot sends are
	// saved, so they can be opened.
	MediaDir string
	// Clock, when set, handles ClockCommand: it moves the bot's clock as
	// the argument says and returns a line to show.
	Clock func(ctx context.Context, arg string) (string, error)
}

// DefaultPhone is a valid Indonesian mobile number derived from a user id,
// so each local user shares a distinct, stable number.
func DefaultPhone(userID int64) string {
	if userID < 0 {
		userID = -userID
	}
	return fmt.Sprintf("+62812%08d", userID%100_000_000)
}

// ErrTimeout is returned (wrapped) when the bot does not finish answering a
// line in time, which in a script would make the rest of it meaningless.
var ErrTimeout = errors.New("the bot did not finish answering")

// Run plays opts.User against srv until in ends (nil) or ctx ends (nil). The
// bot must be polling srv and using db, whose outbox tells when a reply is
// fully delivered. It returns an error when reading input or writing the
// transcript fails, and, unless interactive, when the bot does not answer a
// line within the timeout.
func Run(ctx context.Context, srv *tgtest.Server, db *sqlx.DB, in io.Reader, out io.Writer, opts Options) error {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Phone == "" {
		opts.Phone = DefaultPhone(opts.User.ID)
	}
	c := &chat{srv: srv, db: db, opts: opts, scr: newScreen(out, opts.User.ID, opts.MediaDir)}
	events, cancel := srv.Subscribe()
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		c.scr.follow(events)
	}()
	defer func() {
		cancel()
		<-followed
	}()
	// Replies a crashed earlier run left in the outbox are delivered first,
	// so they do not mix with the answer to the first line.
	sent0, err := c.delivered(ctx)
	if err == nil {
		err = c.settle(ctx, 0, c.scr.count(), sent0)
	}
	if ctx.Err() != nil {
		return nil
	}
	if err != nil && !errors.Is(err, ErrTimeout) {
		return err
	}
	if opts.Interactive {
		c.scr.print(banner(opts.User))
	}
	return c.loop(ctx, in)
}

// chat is one Run.
type chat struct {
	srv  *tgtest.Server
	db   *sqlx.DB
	opts Options
	scr  *screen
}

// loop reads lines and sends them, one finished turn at a time.
func (c *chat) loop(ctx context.Context, in io.Reader) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	// A goroutine reads, so that Ctrl-C (ctx) ends a session blocked on a
	// terminal read; at EOF it closes lines.
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
	}()
	for {
		if c.opts.Interactive {
			c.scr.print(userPrefix)
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return c.scr.err()
		case line, ok = <-lines:
		}
		if !ok {
			if c.opts.Interactive {
				c.scr.print("\n")
			}
			select {
			case err := <-readErr:
				if err != nil {
					return fmt.Errorf("read input: %w", err)
				}
			default:
			}
			return c.scr.err()
		}
		if err := c.handle(ctx, line); err != nil {
			if ctx.Err() != nil {
				return c.scr.err() // interrupted: not a failure of the script
			}
			return err
		}
		if err := c.scr.err(); err != nil {
			return err
		}
	}
}

// handle sends one input line to the bot and waits for the whole answer.
func (c *chat) handle(ctx context.Context, line string) error {
	text := strings.TrimSpace(line)
	if text == "" {
		return nil
	}
	sent0, err := c.delivered(ctx)
	if err != nil {
		return err
	}
	shown0 := c.scr.count()
	if arg, ok := cutCommand(text, ClockCommand); ok && c.opts.Clock != nil {
		if !c.opts.Interactive {
			c.scr.print(userPrefix + text + "\n")
		}
		note, err := c.opts.Clock(ctx, arg)
		if err != nil {
			note = err.Error()
		}
		c.scr.print(indent + "🕰 " + note + "\n")
		return c.settle(ctx, 0, shown0, sent0)
	}
	updateID := c.send(text)
	err = c.settle(ctx, updateID, shown0, sent0)
	if errors.Is(err, ErrTimeout) && c.opts.Interactive {
		c.scr.print(fmt.Sprintf("(%v; bot belum selesai menjawab, lanjutkan saja)\n", err))
		return nil
	}
	return err
}

// send turns what the user typed into an update: a button press, a shared
// contact, or a message. It echoes the line unless interactive.
func (c *chat) send(text string) int64 {
	u := c.opts.User
	echo := func(note string) {
		switch {
		case !c.opts.Interactive && note != "":
			c.scr.print(userPrefix + text + "  → " + note + "\n")
		case !c.opts.Interactive:
			c.scr.print(userPrefix + text + "\n")
		case note != "":
			c.scr.print(indent + "→ " + note + "\n")
		}
	}
	if strings.EqualFold(text, ContactCommand) {
		echo("📱 " + c.opts.Phone)
		return c.srv.ShareContact(u, c.opts.Phone).ID
	}
	if strings.EqualFold(text, PhotoCommand) {
		echo("🖼")
		return c.srv.SendPhoto(u, "").ID
	}
	if k, b, ok := c.scr.press(text); ok {
		switch {
		case b.contact:
			echo("📱 " + c.opts.Phone)
			return c.srv.ShareContact(u, c.opts.Phone).ID
		case k.inline && b.data != "":
			echo(b.label)
			return c.srv.PressButton(u, k.msgID, b.data).ID
		case k.inline:
			// A link button sends nothing to the bot; show where it leads.
			echo(b.label + " <" + b.url + ">")
			return 0
		default:
			// A plain reply keyboard button sends its label as a message.
			echo(b.label)
			return c.srv.SendText(u, b.label).ID
		}
	}
	echo("")
	return c.srv.SendText(u, text).ID
}

// banner explains local mode to a person at a terminal, in both languages.
func banner(u tgtest.User) string {
	return fmt.Sprintf(`tumbuh — mode lokal / local mode
Anda mengobrol sebagai %s (id %d). / You are chatting as %s (id %d).
  • Ketik pesan lalu Enter.                 Type a message and press Enter.
  • Angka [1], [2]… atau nama tombol        A number or a button's label
    = menekan tombol itu.                     presses that button.
  • /kontak = kirim nomor HP Anda.          /kontak shares your phone number.
  • /foto = kirim sebuah foto.              /foto sends a photo.
  • /start untuk mulai, /bantuan.           /start to begin, /bantuan for help.
  • Ctrl-D untuk keluar.                    Ctrl-D to quit.

`, u.FirstName, u.ID, u.FirstName, u.ID)
}

// cutCommand reports whether text is the command cmd, and its argument.
func cutCommand(text, cmd string) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(text), cmd) {
		return "", false
	}
	rest := text[len(cmd):]
	if rest != "" && rest[0] != ' ' {
		return "", false
	}
	return strings.TrimSpace(rest), true
}
