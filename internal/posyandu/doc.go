// Package posyandu reads the weigh-in lines a cadre types at the posyandu
// ("Budi 8,5 72", "7 8,5 72 lila 13,5", "koreksi Budi 8,4 72", "batal") and
// finds the child a line is about among the children due today. It does no
// I/O, never reads the clock and imports only the standard library and
// internal/measure.
//
// Reading a message (ParseMessage):
//
//   - Lines are split at newlines and at ";". Lines with no letter and no
//     digit (empty, only emoji or punctuation) are skipped; Line.Index counts
//     the lines returned, from 1.
//   - A comma or a dot between two digits is a decimal mark ("8,5", "9.1");
//     anywhere else ("Budi, 8,5, 72", "72.") it separates fields, as do
//     spaces, emoji and other signs ("-", ":", "/", "#"). So "8,5,72" is one
//     number with two decimal marks, and is refused rather than guessed.
//   - The reference is the words before the first number or keyword, as
//     typed. With no words, a leading whole number of 1–3 digits followed
//     directly by another number is the child's number in today's due list
//     ("7 8,5 72"); "no 7 …" and "nomor 7 …" say the same.
//   - After the reference, a number without a unit or keyword fills the
//     first free of weight (kg) and length/height (cm). A unit, attached or
//     not ("8,5kg", "8,5 kg", "8500g", "72cm"), decides which of the two a
//     number is; "bb"/"berat" names the weight; "lila", "lla", "muac",
//     "lengan", "lingkar lengan" the arm; "lk", "lkep", "kepala", "hc",
//     "lingkar kepala" the head. "tb"/"berdiri" (standing) and "pb"/"baring"
//     (lying) set Line.Standing and may also name the length ("tb 72").
//     Values are read by internal/measure, with its units and limits.
//   - The weight is required, the rest optional. A compound weight such as
//     "8 kg 500 g" is not read here (it gives ErrTooManyNumbers).
//   - A first word "koreksi", "ralat", "perbaiki" or "correct" makes the line
//     a Correction; a line that is only "batal", "undo" or "hapus" is Undo.
//   - A line that cannot be read is Invalid, with Err one of this package's
//     sentinels (errors.Is). A value that measure refuses is a *FieldError
//     that names the field and matches both ErrBadNumber and measure's own
//     error (errors.As to *measure.RangeError gives the limits). Errors never
//     contain the text typed: it is children's health data.
//
// Finding the child (Match, Matcher): see Matcher.Match for the rules.
package posyandu
