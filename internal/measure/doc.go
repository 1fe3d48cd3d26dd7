// Package measure reads what parents and posyandu cadres type ("8,5 kg",
// "72 cm", "12 Maret 2024", "kemarin") into values, and checks them against
// the limits of a child's measurement. It does no I/O, never reads the clock
// (today is a parameter) and imports only the standard library.
//
// What it promises:
//
//   - The whole text is one value. Spaces at either end, letter case, one
//     final full stop and extra spaces between words do not matter; any other
//     word or sign ("±8 kg", "8-9 kg", "beratnya 8 kg", an emoji) makes the
//     text unreadable rather than being skipped.
//   - Numbers take a comma or a dot as the decimal separator, never as a
//     thousands separator (the one exception is grams, see Weight). A number
//     with two separators, such as "1.250,5" or "8,5,5", is refused: no
//     measurement needs one, and guessing could store a weight a thousand
//     times off.
//   - A value is the float64 nearest to the decimal typed, after the unit
//     conversion, which is done in decimal: "0,72 m" gives exactly what "72"
//     gives, and "103,1" exactly what the WHO tools read from 103.1. It is
//     never rounded, NaN or infinite.
//   - Every error is one of the sentinels below, tested with errors.Is; a value
//     outside its limits is a *RangeError (errors.As) that carries the limits,
//     so a flow can say what is expected. Errors never contain the text typed:
//     it is children's health data.
//   - Dates are calendar days, returned as midnight UTC of that year, month
//     and day; today's calendar date is taken in today's own location.
package measure
