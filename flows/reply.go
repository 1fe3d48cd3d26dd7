package flows

import (
	"time"

	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// Text is something to say: a message ID from locales/ with its arguments, or
// a literal (a place name, a person's name) that is shown as is.
//
// Args may hold other Texts (localised first), Decimals and Dates
// (formatted in the reader's language). A Text with Lines is those texts,
// one per line.
type Text struct {
	ID      string         `json:"id,omitempty"`
	Args    map[string]any `json:"args,omitempty"`
	Literal string         `json:"literal,omitempty"`
	Lines   []Text         `json:"lines,omitempty"`
	// Sep joins Lines; a line break when empty.
	Sep string `json:"sep,omitempty"`
}

// Decimal is a number to show with at most Digits decimals, in the
// reader's format ("8,5" or "8.5").
type Decimal struct {
	V      float64
	Digits int
}

// Num is a Decimal argument.
func Num(v float64, digits int) Decimal { return Decimal{V: v, Digits: digits} }

// Date is a calendar day to show in the reader's language ("12 Desember 2026").
type Date struct{ Day time.Time }

// Day is a Date argument.
func Day(t time.Time) Date { return Date{Day: t} }

// T is a localised text.
func T(id string, args ...any) Text {
	t := Text{ID: id}
	if len(args) > 0 {
		t.Args = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok {
				t.Args[k] = args[i+1]
			}
		}
	}
	return t
}

// Lit is a text shown exactly as given.
func Lit(s string) Text { return Text{Literal: s} }

// Button is an inline button: a label and the data sent back when pressed.
type Button struct {
	Label Text   `json:"label"`
	Data  string `json:"data"`
	// Checked marks a chosen option of a multiple choice.
	Checked bool `json:"checked,omitempty"`
}

// Reply is one message to the person.
type Reply struct {
	// Texts are joined by blank lines into one message.
	Texts []Text `json:"texts"`
	// Buttons are inline keyboard rows.
	Buttons [][]Button `json:"buttons,omitempty"`
	// AskContact shows a reply keyboard with one "share my number" button.
	AskContact *Text `json:"ask_contact,omitempty"`
	// RemoveKeyboard hides a reply keyboard shown earlier.
	RemoveKeyboard bool `json:"remove_keyboard,omitempty"`
	// EditMessageID, when set, replaces that message (the one whose button was
	// pressed) instead of sending a new one.
	EditMessageID int `json:"edit_message_id,omitempty"`
	// Photo is a PNG sent with Texts as its caption.
	Photo []byte `json:"photo,omitempty"`
	// PhotoFileID is a photo Telegram already has, sent again by its id,
	// with Texts as its caption.
	PhotoFileID string `json:"photo_file_id,omitempty"`
	// Chart, when set, sends a child's growth chart as a photo with Texts as
	// its caption. It is drawn when sent, not in the turn.
	Chart *ChartRef `json:"chart,omitempty"`
	// Document, when set, sends a file built when sent (a data export),
	// with Texts as its caption.
	Document *DocumentRef `json:"document,omitempty"`
	// ClearButtonsOf, when set, only removes the buttons of that message, so
	// an answered question cannot be answered again. Texts are ignored.
	ClearButtonsOf int `json:"clear_buttons_of,omitempty"`
}

// Say is a reply of plain texts.
func Say(texts ...Text) Reply { return Reply{Texts: texts} }

// Row is one row of buttons.
func Row(buttons ...Button) []Button { return buttons }

// Choice is a button with a localised label (args as for T).
func Choice(data, labelID string, args ...any) Button {
	return Button{Label: T(labelID, args...), Data: data}
}

// ChartRef names the growth chart to draw: a child's current measurements.
type ChartRef struct {
	ChildID int64 `json:"child_id"`
}

// The documents a Reply can carry.
const (
	DocDataJSON        = "data.json"
	DocMeasurementsCSV = "measurements.csv"
	DocReportF2        = "skdn-f2.csv"
	DocReportChildren  = "skdn-anak.csv"
)

// DocumentRef names a file to build: a person's data export (DocDataJSON,
// DocMeasurementsCSV of TelegramID) or a report (DocReportF2,
// DocReportChildren of Scope and Month).
type DocumentRef struct {
	Name       string     `json:"name"`
	TelegramID int64      `json:"telegram_id,omitempty"`
	Scope      skdn.Scope `json:"scope"`
	Month      skdn.Month `json:"month"`
}

// Notice is a message to another registered person than the one writing,
// by their user id; it is rendered in their language and skipped when they
// blocked the bot.
type Notice struct {
	UserID  int64
	Replies []Reply
	// Key, when set, makes the notice a reminder that is queued once: a
	// second notice with the same key is dropped (say, the same child's
	// parent reminded twice on one day).
	Key string
}

// MonthOf is a month to show in the reader's language ("November 2026").
type MonthOf struct{ Day time.Time }

// Month is a MonthOf argument: the month of t.
func Month(t time.Time) MonthOf { return MonthOf{Day: t} }
