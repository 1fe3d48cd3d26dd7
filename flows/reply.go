package flows

// Text is something to say: a message ID from locales/ with its arguments, or
// a literal (a place name, a person's name) that is shown as is.
type Text struct {
	ID      string         `json:"id,omitempty"`
	Args    map[string]any `json:"args,omitempty"`
	Literal string         `json:"literal,omitempty"`
}

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
	// ClearButtonsOf, when set, only removes the buttons of that message, so
	// an answered question cannot be answered again. Texts are ignored.
	ClearButtonsOf int `json:"clear_buttons_of,omitempty"`
}

// Say is a reply of plain texts.
func Say(texts ...Text) Reply { return Reply{Texts: texts} }

// Row is one row of buttons.
func Row(buttons ...Button) []Button { return buttons }

// Choice is a button with a localised label.
func Choice(data, labelID string) Button { return Button{Label: T(labelID), Data: data} }
