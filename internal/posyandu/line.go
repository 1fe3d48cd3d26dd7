package posyandu

import "errors"

// Kind says what a line asks for. The values are strings so that they can
// be kept in a conversation's stored state.
type Kind string

// The kinds of line.
const (
	// Entry records the child's measurements of today.
	Entry Kind = "entry"
	// Correction replaces the child's line of today.
	Correction Kind = "correction"
	// Undo takes back the last line recorded.
	Undo Kind = "undo"
	// Invalid cannot be read; Line.Err says why.
	Invalid Kind = "invalid"
)

// Line is one line of a cadre's message, as read by ParseMessage.
type Line struct {
	// Raw is the line as typed, without spaces at either end.
	Raw string
	// Index is the line's place among the lines returned, from 1.
	Index int
	// Kind says what the line asks for.
	Kind Kind
	// Ref is the child as typed: the name's words joined by single spaces,
	// without punctuation or emoji ("Budi S" for "Budi S.,"), or the child's
	// number in the due list in decimal ("7"). Match reads both. It is empty
	// for Undo and for an Invalid line with no reference.
	Ref string
	// WeightKg is the weight in kg: above 0 and at most 60 on every Entry
	// and Correction.
	WeightKg float64
	// LenHeiCm is the length (lying) or height (standing) in cm; 0 when not
	// given.
	LenHeiCm float64
	// ArmCm is the mid-upper arm circumference (LiLA) in cm; 0 when not given.
	ArmCm float64
	// HeadCm is the head circumference in cm; 0 when not given.
	HeadCm float64
	// Standing is true when the cadre wrote "berdiri" or "tb", false for
	// "baring" or "pb", and nil when the line does not say.
	Standing *bool
	// Err is why an Invalid line cannot be read, and nil on every other line.
	// An Invalid line carries no values; Ref is kept when it was read.
	Err error
}

// Field names a measurement of a line.
type Field string

// The measurements of a line.
const (
	FieldWeight Field = "weight"
	FieldLength Field = "length"
	FieldArm    Field = "arm"
	FieldHead   Field = "head"
)

// Errors of an Invalid line; the chat turns each into a kind explanation
// with an example.
var (
	// ErrNoName: the line has numbers but no child before them ("8,5 72").
	ErrNoName = errors.New("posyandu: no child named")
	// ErrNoWeight: the line names a child but gives no weight ("Budi",
	// "Budi 72 cm").
	ErrNoWeight = errors.New("posyandu: no weight")
	// ErrNumberWords: a number is written in words ("Budi delapan").
	ErrNumberWords = errors.New("posyandu: number written in words")
	// ErrBadNumber: a value cannot be read or is outside its limits. The
	// error is a *FieldError.
	ErrBadNumber = errors.New("posyandu: bad value")
	// ErrTooManyNumbers: more numbers than weight and length, or a second
	// value for one measurement ("Budi 8,5 72 45").
	ErrTooManyNumbers = errors.New("posyandu: too many numbers")
	// ErrNoValue: a keyword has no number after it ("Budi 8,5 72 lila").
	ErrNoValue = errors.New("posyandu: keyword without a value")
	// ErrUnknownWord: a word after the numbers is neither a unit nor a
	// keyword ("Budi 8,5 72 sehat").
	ErrUnknownWord = errors.New("posyandu: unknown word")
	// ErrTwoPositions: the line says both standing and lying.
	ErrTwoPositions = errors.New("posyandu: both standing and lying")
)

// FieldError reports a value of a line that internal/measure refused.
// errors.Is(err, ErrBadNumber) holds, and so do errors.Is and errors.As for
// measure's error: measure.ErrNotNumber, or a *measure.RangeError.
type FieldError struct {
	Field Field
	Err   error
}

// Error names the field and measure's reason, never the text typed.
func (e *FieldError) Error() string {
	return "posyandu: " + string(e.Field) + ": " + e.Err.Error()
}

// Unwrap returns ErrBadNumber and measure's error.
func (e *FieldError) Unwrap() []error { return []error{ErrBadNumber, e.Err} }
