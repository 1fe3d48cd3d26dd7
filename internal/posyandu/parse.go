package posyandu

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

// token is one number or one word of a line.
type token struct {
	text string // as typed; a number's decimal mark is kept
	low  string // lower case, for keywords
	num  bool
}

// unitKind says which measurement a unit word belongs to.
type unitKind int

const (
	weightUnit unitKind = iota + 1
	lengthUnit
)

var (
	units = map[string]unitKind{
		"kg": weightUnit, "kgs": weightUnit, "kilo": weightUnit, "kilogram": weightUnit,
		"g": weightUnit, "gr": weightUnit, "grm": weightUnit, "gram": weightUnit, "ons": weightUnit,
		"cm": lengthUnit, "mm": lengthUnit, "m": lengthUnit, "meter": lengthUnit,
		"senti": lengthUnit, "sentimeter": lengthUnit, "centimeter": lengthUnit,
	}
	// keywords name the measurement of the number after them.
	keywords = map[string]Field{
		"bb": FieldWeight, "berat": FieldWeight,
		"lila": FieldArm, "lla": FieldArm, "muac": FieldArm, "lengan": FieldArm,
		"lk": FieldHead, "lkep": FieldHead, "kepala": FieldHead, "hc": FieldHead,
		"tb": FieldLength, "pb": FieldLength,
	}
	// positions are the words for how the length was measured.
	positions = map[string]bool{"tb": true, "berdiri": true, "pb": false, "baring": false}

	correctionWords = map[string]bool{"koreksi": true, "ralat": true, "perbaiki": true, "correct": true}
	undoWords       = map[string]bool{"batal": true, "undo": true, "hapus": true}
	numberPrefixes  = map[string]bool{"no": true, "nomor": true, "nomer": true, "nmr": true}
	numberWords     = map[string]bool{
		"nol": true, "satu": true, "dua": true, "tiga": true, "empat": true, "lima": true,
		"enam": true, "tujuh": true, "delapan": true, "sembilan": true, "sepuluh": true,
		"sebelas": true, "belas": true, "puluh": true, "seratus": true, "ratus": true,
		"koma": true, "setengah": true,
	}
)

// ParseMessage splits a cadre's message into lines and reads each one (see
// the package documentation for the rules). It never fails: a line that
// cannot be read is returned as Invalid with its reason.
func ParseMessage(text string) []Line {
	var lines []Line
	for _, raw := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' }) {
		raw = strings.TrimSpace(raw)
		toks := tokenize(raw)
		if len(toks) == 0 {
			continue
		}
		lines = append(lines, parseLine(raw, len(lines)+1, toks))
	}
	return lines
}

// tokenize splits a line into numbers and words; every other sign separates
// them. A comma or dot is kept only between two digits, an apostrophe or
// hyphen only between two letters ("Nur'aini", "Siti-Aminah").
func tokenize(s string) []token {
	rs := []rune(s)
	toks := make([]token, 0, 8)
	for i := 0; i < len(rs); {
		switch r := rs[i]; {
		case isDigit(r):
			j := i + 1
			for j < len(rs) && (isDigit(rs[j]) || (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1])) {
				j++
			}
			t := string(rs[i:j])
			toks = append(toks, token{text: t, low: t, num: true})
			i = j
		case isLetter(r):
			j := i + 1
			for j < len(rs) && (isLetter(rs[j]) || isJoiner(rs[j]) && j+1 < len(rs) && isLetter(rs[j+1])) {
				j++
			}
			t := string(rs[i:j])
			toks = append(toks, token{text: t, low: strings.ToLower(t)})
			i = j
		default:
			i++
		}
	}
	return joinKoma(toks)
}

func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' }

// joinKoma reads "8 koma 5" as "8,5".
func joinKoma(toks []token) []token {
	for i := 0; i+2 < len(toks); i++ {
		a, w, b := toks[i], toks[i+1], toks[i+2]
		if !a.num || w.low != "koma" || !b.num || hasMark(a.text) || hasMark(b.text) {
			continue
		}
		t := a.text + "," + b.text
		toks[i] = token{text: t, low: t, num: true}
		toks = append(toks[:i+1], toks[i+3:]...)
	}
	return toks
}

func hasMark(s string) bool { return strings.ContainsAny(s, ",.") }

// parseLine reads one line from its tokens, at least one.
func parseLine(raw string, index int, toks []token) Line {
	l := Line{Raw: raw, Index: index, Kind: Entry}
	if len(toks) == 1 && undoWords[toks[0].low] {
		l.Kind = Undo
		return l
	}
	if correctionWords[toks[0].low] {
		l.Kind = Correction
		toks = toks[1:]
	}
	ref, rest, err := reference(toks)
	l.Ref = ref
	if err == nil {
		err = l.measures(rest)
	}
	if err != nil {
		return Line{Raw: raw, Index: index, Kind: Invalid, Ref: ref, Err: err}
	}
	return l
}

// reference splits the child's reference from the rest of the line.
func reference(toks []token) (ref string, rest []token, err error) {
	i := 0
	for i < len(toks) && !toks[i].num && !isKeyword(toks[i].low) {
		i++
	}
	if i == 1 && numberPrefixes[toks[0].low] {
		if n, ok := dueNumber(toks[1:]); ok {
			return n, toks[2:], nil
		}
	}
	if i == 0 {
		if n, ok := dueNumber(toks); ok {
			return n, toks[1:], nil
		}
		return "", nil, ErrNoName
	}
	words := make([]string, i)
	for k, t := range toks[:i] {
		words[k] = t.text
		if k > 0 && numberWords[t.low] {
			return strings.Join(words[:k], " "), nil, ErrNumberWords
		}
	}
	return strings.Join(words, " "), toks[i:], nil
}

func isKeyword(w string) bool {
	_, kw := keywords[w]
	_, pos := positions[w]
	return kw || pos || w == "lingkar"
}

// dueNumber reads a leading whole number of 1–3 digits, above 0, followed
// directly by another number, as a place in the due list.
func dueNumber(toks []token) (string, bool) {
	if len(toks) < 2 || !toks[0].num || !toks[1].num || len(toks[0].text) > 3 || hasMark(toks[0].text) {
		return "", false
	}
	n, err := strconv.Atoi(toks[0].text)
	if err != nil || n == 0 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// measures reads the values after the reference into l.
func (l *Line) measures(toks []token) error {
	var pending Field // named by a keyword, waiting for its number
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.num {
			text, kind := t.text, unitKind(0)
			if i+1 < len(toks) {
				if k, ok := units[toks[i+1].low]; ok {
					text, kind = text+" "+toks[i+1].low, k
					i++
				}
			}
			f := pending
			if f == "" {
				f = l.slot(kind)
			}
			if err := l.set(f, text); err != nil {
				return err
			}
			pending = ""
			continue
		}
		if pending != "" {
			return ErrNoValue
		}
		w := t.low
		if w == "lingkar" {
			if i+1 >= len(toks) {
				return ErrNoValue
			}
			switch toks[i+1].low {
			case "kepala":
				pending = FieldHead
			case "lengan":
				pending = FieldArm
				if i+2 < len(toks) && toks[i+2].low == "atas" {
					i++
				}
			default:
				return ErrUnknownWord
			}
			i++
			continue
		}
		if standing, ok := positions[w]; ok {
			if l.Standing != nil && *l.Standing != standing {
				return ErrTwoPositions
			}
			l.Standing = &standing
			// "tb 72" names the length; "72 tb" only says how it was measured.
			if keywords[w] == FieldLength && l.LenHeiCm == 0 && i+1 < len(toks) && toks[i+1].num {
				pending = FieldLength
			}
			continue
		}
		if f, ok := keywords[w]; ok {
			pending = f
			continue
		}
		if numberWords[w] {
			return ErrNumberWords
		}
		return ErrUnknownWord
	}
	if pending != "" {
		return ErrNoValue
	}
	if l.WeightKg == 0 {
		return ErrNoWeight
	}
	return nil
}

// slot picks the measurement of a number with no keyword: the one its unit
// belongs to, else the first free of weight and length.
func (l *Line) slot(kind unitKind) Field {
	switch {
	case kind == weightUnit:
		return FieldWeight
	case kind == lengthUnit:
		return FieldLength
	case l.WeightKg == 0:
		return FieldWeight
	}
	return FieldLength
}

// set reads text as field f into l.
func (l *Line) set(f Field, text string) error {
	var dst *float64
	var read func(string) (float64, error)
	switch f {
	case FieldWeight:
		dst, read = &l.WeightKg, measure.Weight
	case FieldLength:
		dst, read = &l.LenHeiCm, measure.Length
	case FieldArm:
		dst, read = &l.ArmCm, measure.ArmCircumference
	case FieldHead:
		dst, read = &l.HeadCm, measure.HeadCircumference
	}
	if *dst != 0 {
		return ErrTooManyNumbers
	}
	v, err := read(text)
	if err != nil {
		return &FieldError{Field: f, Err: err}
	}
	*dst = v
	return nil
}
