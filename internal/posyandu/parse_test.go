package posyandu_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/measure"
	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

var (
	standing = ptr(true)
	lying    = ptr(false)
)

func ptr(b bool) *bool { return &b }

// entry is the Line a case expects, without Raw and Index.
type entry struct {
	kind               posyandu.Kind
	ref                string
	kg, cm, arm, head  float64
	standing           *bool
	err                error
	field              posyandu.Field // for ErrBadNumber
	outOfRange, notNum bool           // measure's error under ErrBadNumber
}

func ok(ref string, kg, cm float64) entry {
	return entry{kind: posyandu.Entry, ref: ref, kg: kg, cm: cm}
}

func bad(ref string, err error) entry { return entry{kind: posyandu.Invalid, ref: ref, err: err} }

func badValue(ref string, f posyandu.Field, outOfRange bool) entry {
	return entry{kind: posyandu.Invalid, ref: ref, err: posyandu.ErrBadNumber, field: f, outOfRange: outOfRange, notNum: !outOfRange}
}

func (e entry) with(f func(*entry)) entry { f(&e); return e }

func checkLine(t *testing.T, want entry, got posyandu.Line) {
	t.Helper()
	assert.Equal(t, want.kind, got.Kind, "kind")
	assert.Equal(t, want.ref, got.Ref, "ref")
	assert.Equal(t, want.kg, got.WeightKg, "weight")
	assert.Equal(t, want.cm, got.LenHeiCm, "length")
	assert.Equal(t, want.arm, got.ArmCm, "arm")
	assert.Equal(t, want.head, got.HeadCm, "head")
	assert.Equal(t, want.standing, got.Standing, "standing")
	if want.err == nil {
		assert.NoError(t, got.Err)
		return
	}
	require.ErrorIs(t, got.Err, want.err)
	if want.err != posyandu.ErrBadNumber {
		return
	}
	var fe *posyandu.FieldError
	require.ErrorAs(t, got.Err, &fe)
	assert.Equal(t, want.field, fe.Field)
	var re *measure.RangeError
	assert.Equal(t, want.outOfRange, errors.As(got.Err, &re), "RangeError")
	assert.Equal(t, want.notNum, errors.Is(got.Err, measure.ErrNotNumber), "ErrNotNumber")
}

func TestParseMessageOneLine(t *testing.T) {
	tcs := []struct {
		name string
		in   string
		want entry
	}{
		// Entries.
		{"name weight length", "Budi 8,5 72", ok("Budi", 8.5, 72)},
		{"dot decimal", "Budi 8.5 72", ok("Budi", 8.5, 72)},
		{"two-word name and lila", "Siti Aminah 9.1 75 lila 13,5", ok("Siti Aminah", 9.1, 75).with(func(e *entry) { e.arm = 13.5 })},
		{"due number", "7 8,5 72", ok("7", 8.5, 72)},
		{"due number with leading zero", "07 8,5 72", ok("7", 8.5, 72)},
		{"due number after no", "no. 7 8,5 72", ok("7", 8.5, 72)},
		{"due number after nomor and hash", "Nomor #12: 10 80", ok("12", 10, 80)},
		{"lk", "Ani 10,2 80 lk 45", ok("Ani", 10.2, 80).with(func(e *entry) { e.head = 45 })},
		{"lingkar kepala", "Ani 10,2 80 lingkar kepala 45,5", ok("Ani", 10.2, 80).with(func(e *entry) { e.head = 45.5 })},
		{"lingkar lengan atas", "Ani 10,2 80 lingkar lengan atas 14", ok("Ani", 10.2, 80).with(func(e *entry) { e.arm = 14 })},
		{"all four, keywords upper case", "Ani 10,2 80 LILA 14 LK 45", ok("Ani", 10.2, 80).with(func(e *entry) { e.arm, e.head = 14, 45 })},
		{"head before arm", "Ani 10,2 80 hc 45 muac 14", ok("Ani", 10.2, 80).with(func(e *entry) { e.arm, e.head = 14, 45 })},
		{"attached units", "Budi 8,5kg 72cm", ok("Budi", 8.5, 72)},
		{"separate units", "Budi 8,5 kg 72 cm", ok("Budi", 8.5, 72)},
		{"grams", "Budi 8500g 72", ok("Budi", 8.5, 72)},
		{"grams grouped", "Budi 8.500 gr 72", ok("Budi", 8.5, 72)},
		{"units in the other order", "Budi 72 cm 8,5 kg", ok("Budi", 8.5, 72)},
		{"length in metres", "Budi 8,5 0,72 m", ok("Budi", 8.5, 72)},
		{"keyword attached to number", "Budi 8,5 72 lila13,5 lk45", ok("Budi", 8.5, 72).with(func(e *entry) { e.arm, e.head = 13.5, 45 })},
		{"arm with unit", "Budi 8,5 72 lila 135 mm", ok("Budi", 8.5, 72).with(func(e *entry) { e.arm = 13.5 })},
		{"bb and tb keywords", "Budi bb 8,5 tb 72", ok("Budi", 8.5, 72).with(func(e *entry) { e.standing = standing })},
		{"pb before the length", "Budi 8,5 pb 72", ok("Budi", 8.5, 72).with(func(e *entry) { e.standing = lying })},
		{"berdiri after the length", "Budi 12 88 berdiri", ok("Budi", 12, 88).with(func(e *entry) { e.standing = standing })},
		{"baring", "Budi 8,5 72 baring", ok("Budi", 8.5, 72).with(func(e *entry) { e.standing = lying })},
		{"tb after the length", "Budi 12 88 TB", ok("Budi", 12, 88).with(func(e *entry) { e.standing = standing })},
		{"weight only", "Budi 8,5", ok("Budi", 8.5, 0)},
		{"commas between fields", "Budi, 8,5, 72", ok("Budi", 8.5, 72)},
		{"comma with no space", "Budi,8,5 72", ok("Budi", 8.5, 72)},
		{"dashes and colons", "Budi - bb: 8,5 - tb: 72", ok("Budi", 8.5, 72).with(func(e *entry) { e.standing = standing })},
		{"extra spaces", "   Budi    8,5     72   ", ok("Budi", 8.5, 72)},
		{"emoji and trailing punctuation", "👶 Budi 8,5 72 ✅!!", ok("Budi", 8.5, 72)},
		{"trailing full stop", "Budi 8,5 72.", ok("Budi", 8.5, 72)},
		{"name with initial and dot", "Budi S. 8,5 72", ok("Budi S", 8.5, 72)},
		{"apostrophe and hyphen in name", "Nur'aini Siti-Rahma 9 70", ok("Nur'aini Siti-Rahma", 9, 70)},
		{"koma in words", "Budi 8 koma 5 72", ok("Budi", 8.5, 72)},
		{"correction", "koreksi Budi 8,4 72", entry{kind: posyandu.Correction, ref: "Budi", kg: 8.4, cm: 72}},
		{"ralat with due number", "Ralat: 7 8,4 72", entry{kind: posyandu.Correction, ref: "7", kg: 8.4, cm: 72}},
		{"perbaiki", "PERBAIKI Siti 9 75", entry{kind: posyandu.Correction, ref: "Siti", kg: 9, cm: 75}},
		{"correct", "correct Budi 8,4", entry{kind: posyandu.Correction, ref: "Budi", kg: 8.4}},
		// Undo.
		{"batal", "batal", entry{kind: posyandu.Undo}},
		{"undo with punctuation", "Undo!", entry{kind: posyandu.Undo}},
		{"hapus", "HAPUS", entry{kind: posyandu.Undo}},
		// Invalid.
		{"name only", "Budi", bad("Budi", posyandu.ErrNoWeight)},
		{"numbers only", "8,5 72", bad("", posyandu.ErrNoName)},
		{"one number only", "8", bad("", posyandu.ErrNoName)},
		{"number in words", "Budi delapan", bad("Budi", posyandu.ErrNumberWords)},
		{"number words after a number", "Budi 8 koma lima", bad("Budi", posyandu.ErrNumberWords)},
		{"weight out of range", "Budi 85 72", badValue("Budi", posyandu.FieldWeight, true)},
		{"length out of range", "Budi 8,5 720", badValue("Budi", posyandu.FieldLength, true)},
		{"head out of range", "Budi 8,5 72 lk 4,5", badValue("Budi", posyandu.FieldHead, true)},
		{"arm out of range", "Budi 8,5 72 lila 135", badValue("Budi", posyandu.FieldArm, true)},
		{"weight of zero", "Budi 0 72", badValue("Budi", posyandu.FieldWeight, true)},
		{"three decimal marks", "Budi,8,5,72", badValue("Budi", posyandu.FieldWeight, false)},
		{"grams with decimals", "Budi 8,5 g 72", badValue("Budi", posyandu.FieldWeight, false)},
		{"too many numbers", "Budi 8,5 72 45", bad("Budi", posyandu.ErrTooManyNumbers)},
		{"two weights by unit", "Budi 8 kg 500 g", bad("Budi", posyandu.ErrTooManyNumbers)},
		{"lila twice", "Budi 8,5 72 lila 13 lila 14", bad("Budi", posyandu.ErrTooManyNumbers)},
		{"keyword without value", "Budi 8,5 72 lila", bad("Budi", posyandu.ErrNoValue)},
		{"keyword then keyword", "Budi 8,5 72 lila lk 45", bad("Budi", posyandu.ErrNoValue)},
		{"unknown word", "Budi 8,5 72 sehat", bad("Budi", posyandu.ErrUnknownWord)},
		{"lingkar without a part", "Budi 8,5 72 lingkar 45", bad("Budi", posyandu.ErrUnknownWord)},
		{"length only", "Budi 72 cm", bad("Budi", posyandu.ErrNoWeight)},
		{"standing and lying", "Budi 8,5 72 berdiri baring", bad("Budi", posyandu.ErrTwoPositions)},
		{"keyword first", "lila 13", bad("", posyandu.ErrNoName)},
		{"due number with unit is a weight", "8 kg 72", bad("", posyandu.ErrNoName)},
		{"correction of nothing", "koreksi", bad("", posyandu.ErrNoName)},
		{"batal with a name", "batal Budi", bad("batal Budi", posyandu.ErrNoWeight)},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			lines := posyandu.ParseMessage(tc.in)
			require.Len(t, lines, 1)
			assert.Equal(t, strings.TrimSpace(tc.in), lines[0].Raw)
			assert.Equal(t, 1, lines[0].Index)
			checkLine(t, tc.want, lines[0])
		})
	}
}

func TestParseMessageManyLines(t *testing.T) {
	tcs := []struct {
		name string
		in   string
		want []entry
	}{
		{"empty", "", nil},
		{"only blank lines and emoji", "\n  \n👍\n...\n", nil},
		{"newlines", "Budi 8,5 72\nSiti Aminah 9.1 75 lila 13,5\n7 8,5 72", []entry{
			ok("Budi", 8.5, 72), ok("Siti Aminah", 9.1, 75).with(func(e *entry) { e.arm = 13.5 }), ok("7", 8.5, 72),
		}},
		{"semicolons and CRLF", "Budi 8,5 72; Ani 10,2 80 lk 45\r\nbatal", []entry{
			ok("Budi", 8.5, 72), ok("Ani", 10.2, 80).with(func(e *entry) { e.head = 45 }), {kind: posyandu.Undo},
		}},
		{"blank lines skipped in the count", "Budi 8,5 72\n\n\nBudi\n", []entry{
			ok("Budi", 8.5, 72), bad("Budi", posyandu.ErrNoWeight),
		}},
		{"correction after entry", "Budi 8,5 72\nkoreksi Budi 8,4 72", []entry{
			ok("Budi", 8.5, 72), {kind: posyandu.Correction, ref: "Budi", kg: 8.4, cm: 72},
		}},
		{"good and bad mixed", "Budi 85 72\nSiti 9 75\n8,5 72", []entry{
			badValue("Budi", posyandu.FieldWeight, true), ok("Siti", 9, 75), bad("", posyandu.ErrNoName),
		}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			lines := posyandu.ParseMessage(tc.in)
			require.Len(t, lines, len(tc.want))
			for i, l := range lines {
				assert.Equal(t, i+1, l.Index)
				checkLine(t, tc.want[i], l)
			}
		})
	}
}

// thirtyLines is a morning at the posyandu in one message, with two lines
// wrong.
func thirtyLines() (string, []entry) {
	var b strings.Builder
	var want []entry
	names := []string{"Budi", "Siti Aminah", "Ani", "Rizky", "Putri Ayu", "Dewi", "Fajar", "Nur'aini", "Bagus", "Intan"}
	for i := range 30 {
		switch {
		case i == 10:
			b.WriteString("Fajar 85 80\n")
			want = append(want, badValue("Fajar", posyandu.FieldWeight, true))
		case i == 20:
			b.WriteString("Bagus\n")
			want = append(want, bad("Bagus", posyandu.ErrNoWeight))
		case i%3 == 0:
			fmt.Fprintf(&b, "%d %d,%d %d\n", i+1, 7+i%6, i%10, 65+i)
			want = append(want, ok(fmt.Sprint(i+1), float64(7+i%6)+float64(i%10)/10, float64(65+i)))
		default:
			fmt.Fprintf(&b, "%s %d,%d kg %d cm lila %d\n", names[i%10], 7+i%6, i%10, 65+i, 12+i%4)
			want = append(want, ok(names[i%10], float64(7+i%6)+float64(i%10)/10, float64(65+i)).with(func(e *entry) { e.arm = float64(12 + i%4) }))
		}
	}
	return b.String(), want
}

func TestParseMessageThirtyLines(t *testing.T) {
	in, want := thirtyLines()
	lines := posyandu.ParseMessage(in)
	require.Len(t, lines, 30)
	for i, l := range lines {
		assert.Equal(t, i+1, l.Index)
		checkLine(t, want[i], l)
	}
}

func TestFieldErrorSaysNoValue(t *testing.T) {
	l := posyandu.ParseMessage("Budi 85 72")[0]
	assert.Equal(t, "posyandu: weight: measure: outside 0–60 kg", l.Err.Error())
	assert.NotContains(t, l.Err.Error(), "85")
}
