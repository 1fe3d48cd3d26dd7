package flows

import "time"

// InputKind says what the person sent.
type InputKind int

// The kinds of input a step can receive.
const (
	// KindText is a typed message.
	KindText InputKind = iota
	// KindCommand is a "/command payload" message.
	KindCommand
	// KindButton is a press of an inline button; Data holds its callback data.
	KindButton
	// KindContact is a shared contact; Phone and ContactUserID are set.
	KindContact
	// KindOther is anything the bot cannot read: a sticker, photo, voice note…
	KindOther
)

// Input is one message from a person, free of any Telegram type.
type Input struct {
	Kind InputKind
	// ChatID is the private chat; UserID the sender's Telegram id.
	ChatID int64
	UserID int64
	// FirstName and LanguageCode come from the sender's Telegram profile.
	FirstName    string
	LanguageCode string
	// Text is the message text (for commands, the whole text).
	Text string
	// Command is the lower-case command without the slash; Payload what follows it.
	Command string
	Payload string
	// Data is the callback data of a pressed button; MessageID the message it was on.
	Data      string
	MessageID int
	// Phone and ContactUserID describe a shared contact.
	Phone         string
	ContactUserID int64
	// Forwarded is set when the message was forwarded from someone else:
	// it is not the person's own answer.
	Forwarded bool
	// PhotoFileID is the photo of a message (Kind KindOther), the largest
	// size: a step that takes a photo keeps this id, Telegram keeps the file.
	PhotoFileID string
	// Now is the time of the turn: flows never read the clock themselves.
	Now time.Time
}
