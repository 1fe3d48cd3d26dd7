package localchat

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/tumbuh-id/tumbuh/internal/tgtest"
)

// button is one button the user can press, inline or on a reply keyboard.
type button struct {
	label   string
	data    string // callback data of an inline button
	url     string // link of an inline URL button
	contact bool   // a reply keyboard button that shares the phone number
}

// keyboard is the buttons of one bot message, row by row.
type keyboard struct {
	msgID  int
	inline bool
	rows   [][]button
}

// flat lists the buttons in the order they are numbered.
func (k *keyboard) flat() []button {
	var out []button
	for _, row := range k.rows {
		out = append(out, row...)
	}
	return out
}

// keyboards tracks which buttons are on screen, the way a Telegram client
// shows them: inline keyboards stay on their messages until edited away, and
// one reply keyboard lives under the input field until removed or used.
type keyboards struct {
	inline map[int]*keyboard
	reply  *keyboard
}

func newKeyboards() *keyboards { return &keyboards{inline: map[int]*keyboard{}} }

// apply records a message's markup as sent or edited.
func (ks *keyboards) apply(msg tgtest.Message) {
	m := msg.Markup
	switch {
	case m != nil && len(m.InlineKeyboard) > 0:
		ks.inline[msg.ID] = inlineKeyboard(msg.ID, m.InlineKeyboard)
	case m != nil && len(m.Keyboard) > 0:
		ks.reply = replyKeyboard(msg.ID, m.Keyboard)
		delete(ks.inline, msg.ID)
	case m != nil && m.RemoveKeyboard:
		ks.reply = nil
		delete(ks.inline, msg.ID)
	default:
		delete(ks.inline, msg.ID)
	}
}

// forget drops a deleted message's buttons.
func (ks *keyboards) forget(msgID int) { delete(ks.inline, msgID) }

// usedReply hides a one-time reply keyboard after it was used, as clients do.
func (ks *keyboards) usedReply() { ks.reply = nil }

// current is the keyboard of the newest message that has buttons, or nil.
func (ks *keyboards) current() *keyboard {
	var cur *keyboard
	for _, k := range ks.inline {
		if cur == nil || k.msgID > cur.msgID {
			cur = k
		}
	}
	if ks.reply != nil && (cur == nil || ks.reply.msgID >= cur.msgID) {
		cur = ks.reply
	}
	return cur
}

// find resolves what the user typed to a button of the current keyboard: its
// number, or its label compared loosely (case, spaces and the emoji around
// it ignored, so "setuju" presses "✅ Setuju").
func (ks *keyboards) find(input string) (*keyboard, button, bool) {
	k := ks.current()
	if k == nil {
		return nil, button{}, false
	}
	all := k.flat()
	if n, err := strconv.Atoi(strings.TrimSpace(input)); err == nil {
		if n >= 1 && n <= len(all) {
			return k, all[n-1], true
		}
		return nil, button{}, false
	}
	want := normalize(input)
	if want == "" {
		return nil, button{}, false
	}
	// A label may be of an older message still on screen (a "Rujuk" under
	// an earlier result): the newest message with such a button wins.
	for _, k := range ks.newestFirst(k) {
		for _, b := range k.flat() {
			if normalize(b.label) == want {
				return k, b, true
			}
		}
	}
	return nil, button{}, false
}

// newestFirst lists cur, then the other inline keyboards, newest first.
func (ks *keyboards) newestFirst(cur *keyboard) []*keyboard {
	out := []*keyboard{cur}
	var rest []*keyboard
	for _, k := range ks.inline {
		if k != cur {
			rest = append(rest, k)
		}
	}
	slices.SortFunc(rest, func(a, b *keyboard) int { return b.msgID - a.msgID })
	return append(out, rest...)
}

// normalize lower-cases a label and trims everything that is not a letter or
// digit from both ends: spaces, the ✅ of a chosen option, arrows, emoji.
func normalize(s string) string {
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	s = strings.TrimFunc(strings.ToLower(s), notWord)
	return strings.Join(strings.Fields(s), " ")
}

func inlineKeyboard(msgID int, rows [][]tgtest.InlineButton) *keyboard {
	k := &keyboard{msgID: msgID, inline: true}
	for _, row := range rows {
		out := make([]button, 0, len(row))
		for _, b := range row {
			out = append(out, button{label: b.Text, data: b.CallbackData, url: b.URL})
		}
		k.rows = append(k.rows, out)
	}
	return k
}

func replyKeyboard(msgID int, rows [][]tgtest.KeyboardButton) *keyboard {
	k := &keyboard{msgID: msgID}
	for _, row := range rows {
		out := make([]button, 0, len(row))
		for _, b := range row {
			out = append(out, button{label: b.Text, contact: b.RequestContact})
		}
		k.rows = append(k.rows, out)
	}
	return k
}
