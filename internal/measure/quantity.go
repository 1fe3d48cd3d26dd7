package measure

import (
	"math"
	"strconv"
)

// quantity describes one kind of measurement: its units, as powers of ten of
// its smallest unit (grams, millimetres), and its limits in the unit it is
// reported in.
type quantity struct {
	unit     string         // reported unit, for RangeError
	exp      int            // power of ten of the reported unit
	units    map[string]int // unit name → power of ten
	min, max float64
	// bare picks the unit of a number typed without one.
	bare func(d decimal) int
	// wholeBase: counts of the smallest unit (grams) are whole numbers, and a
	// separator followed by exactly three digits groups thousands there.
	wholeBase bool
	// bareRest: "8 kg 500" reads the unitless 3-digit rest in the smallest unit.
	bareRest bool
}

const (
	gram, ons, kilogram = 0, 2, 3
	mm, cm, metre       = 0, 1, 3
)

var (
	weightUnits = map[string]int{
		"g": gram, "gr": gram, "grm": gram, "gram": gram, "grams": gram,
		"ons": ons,
		"kg":  kilogram, "kgs": kilogram, "kilo": kilogram, "kilogram": kilogram, "kilograms": kilogram,
	}
	lengthUnits = map[string]int{
		"mm": mm, "milimeter": mm, "millimeter": mm, "millimetre": mm,
		"cm": cm, "senti": cm, "sentimeter": cm, "centimeter": cm, "centimetre": cm,
		"m": metre, "meter": metre, "metre": metre,
	}

	weight = quantity{unit: "kg", exp: kilogram, units: weightUnits, min: 0, max: 60,
		bare: func(d decimal) int {
			if d.float(0) > 500 {
				return gram
			}
			return kilogram
		},
		wholeBase: true, bareRest: true,
	}
	length = quantity{unit: "cm", exp: cm, units: lengthUnits, min: 38, max: 150,
		bare: func(d decimal) int {
			if d.sep && d.float(0) < 3 {
				return metre
			}
			return cm
		},
	}
	head = quantity{unit: "cm", exp: cm, units: lengthUnits, min: 25, max: 60, bare: inCM}
	arm  = quantity{unit: "cm", exp: cm, units: lengthUnits, min: 5, max: 40, bare: inCM}
)

func inCM(decimal) int { return cm }

// Weight reads a body weight in kilograms: "8,5", "8.5 kg", "8,5kg", "8 Kg",
// "8500 g", "8500 gr", "8.500 gram", "85 ons", "8 kg 500 g", "8 kg 500",
// "8 kg 5 ons", "8 koma 5". Units are kg/kilo/kilogram, g/gr/gram and ons
// (100 g).
//
// A number without a unit is kilograms up to 500 and grams above ("8500" is
// 8.5 kg): no child weighs 500 kg and no scale reads in grams below that.
// Grams are whole: "8.500 g" and "8,500 g" are 8500 g, a separator followed
// by exactly three digits there grouping thousands as Indonesian writes them,
// and "8,5 g" is refused. After kilograms, a rest without a unit must have
// three digits and is grams ("8 kg 500"); "8 kg 5" is refused as ambiguous.
//
// The weight must be above 0 and at most 60 kg, else the error is a
// *RangeError; text that is not such a number gives ErrNotNumber.
func Weight(s string) (kg float64, err error) { return weight.parse(s) }

// Length reads a body length or height in centimetres: "72", "72 cm",
// "72,5cm", "0,72 m", "0.72m", "720 mm", "1 m 2 cm". Units are mm, cm (also
// "senti") and m/meter. A number without a unit is centimetres, except that
// one below 3 written with a decimal separator is metres ("0,72" is 72 cm).
// A compound needs both units ("1 m 2 cm"; "1 m 2" is refused).
//
// The length must be 38–150 cm, else the error is a *RangeError; text that
// is not such a number gives ErrNotNumber.
func Length(s string) (cm float64, err error) { return length.parse(s) }

// HeadCircumference reads a head circumference in centimetres, with the units
// of Length; a number without a unit is centimetres. It must be 25–60 cm,
// else the error is a *RangeError; unreadable text gives ErrNotNumber.
func HeadCircumference(s string) (cm float64, err error) { return head.parse(s) }

// ArmCircumference reads a mid-upper arm circumference (LiLA) in
// centimetres: "13,5", "13.5 cm", "135 mm". A number without a unit is
// centimetres. It must be 5–40 cm, else the error is a *RangeError;
// unreadable text gives ErrNotNumber.
func ArmCircumference(s string) (cm float64, err error) { return arm.parse(s) }

// parse reads one value of q: a number, a number and a unit, or a compound of
// a whole number of a unit and a whole number of a smaller one.
func (q quantity) parse(s string) (float64, error) {
	toks, ok := lex(s)
	if !ok || len(toks) == 0 || toks[0].isWord {
		return 0, ErrNotNumber
	}
	d := toks[0].num
	var v float64
	switch len(toks) {
	case 1:
		u := q.bare(d)
		d, ok = q.grouped(d, u)
		if !ok {
			return 0, ErrNotNumber
		}
		v = d.float(u - q.exp)
	case 2:
		u, known := q.units[toks[1].word]
		if !known {
			return 0, ErrNotNumber
		}
		d, ok = q.grouped(d, u)
		if !ok {
			return 0, ErrNotNumber
		}
		v = d.float(u - q.exp)
	case 3, 4:
		v, ok = q.compound(toks)
		if !ok {
			return 0, ErrNotNumber
		}
	default:
		return 0, ErrNotNumber
	}
	if math.IsNaN(v) {
		return 0, ErrNotNumber
	}
	if !(v <= q.max && (v > q.min || q.min > 0 && v == q.min)) {
		return 0, &RangeError{Min: q.min, Max: q.max, Unit: q.unit}
	}
	return v, nil
}

// grouped applies the rule for counts of the smallest unit of a wholeBase
// quantity: "8.500 g" is 8500 g, "8,5 g" is refused.
func (q quantity) grouped(d decimal, u int) (decimal, bool) {
	if !q.wholeBase || u != 0 || !d.sep {
		return d, true
	}
	if d.frac != 3 {
		return d, false
	}
	d.frac, d.sep = 0, false
	return d, true
}

// compound reads "8 kg 500 g", "8 kg 500" (bareRest) or "1 m 2 cm": a whole
// number of a unit, then a whole number of a smaller unit, less than one of
// the larger. A sign on the first number applies to the whole.
func (q quantity) compound(toks []token) (float64, bool) {
	if !toks[1].isWord || toks[2].isWord {
		return 0, false
	}
	bigU, ok := q.units[toks[1].word]
	if !ok {
		return 0, false
	}
	first := toks[0].num
	neg := first.neg
	first.neg = false
	big, ok := first.whole()
	if !ok {
		return 0, false
	}
	rest, ok := toks[2].num.whole()
	if !ok {
		return 0, false
	}
	var smallU int
	if len(toks) == 4 {
		if !toks[3].isWord {
			return 0, false
		}
		if smallU, ok = q.units[toks[3].word]; !ok || smallU >= bigU {
			return 0, false
		}
	} else if !q.bareRest || len(toks[2].num.digits) != 3 {
		return 0, false
	}
	scale := int64(math.Pow10(bigU - smallU))
	if rest >= scale || big > math.MaxInt64/scale-1 {
		return 0, false
	}
	n := decimal{neg: neg, digits: strconv.FormatInt(big*scale+rest, 10)}
	return n.float(smallU - q.exp), true
}
