package posyandu

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Candidate is a child a line may be about, usually one of today's due list.
type Candidate struct {
	ID   int64
	Name string
	// BirthDate is for showing the candidates apart; Match does not read it.
	BirthDate time.Time
	// DueNumber is the child's number in today's due list; 0 when none.
	DueNumber int
}

// Outcome says how many children a query found.
type Outcome string

// The outcomes of a match.
const (
	// Found: one child, Result.ID.
	Found Outcome = "found"
	// Ambiguous: several children fit equally well, Result.IDs; the chat
	// offers them as buttons.
	Ambiguous Outcome = "ambiguous"
	// NotFound: no child fits.
	NotFound Outcome = "not_found"
)

// Rule names the rule of Matcher.Match that decided a result.
type Rule string

// The rules of a match, in the order they are tried.
const (
	ByDueNumber Rule = "due_number"
	ByFullName  Rule = "full_name"
	ByFirstName Rule = "first_name"
	ByInitials  Rule = "initials"
	ByTypo      Rule = "typo"
)

// Result is what a match found. A result By ByTypo or ByInitials is a guess
// the chat may ask the cadre to confirm.
type Result struct {
	Outcome Outcome
	// ID is the child found, when Outcome is Found.
	ID int64
	// IDs are the children that fit, in the candidates' order, when Outcome
	// is Ambiguous; always two or more.
	IDs []int64
	// By is the rule that decided; empty when NotFound.
	By Rule
}

// Match finds the child that query names among children; see Matcher.Match.
// To match many lines against one list, build a Matcher once.
func Match(query string, children []Candidate) Result {
	return NewMatcher(children).Match(query)
}

// Matcher matches queries against one list of candidates, prepared once.
// It is safe for concurrent use.
type Matcher struct {
	cands []prepared
}

// prepared is a candidate's name in the forms the rules compare.
type prepared struct {
	id  int64
	due int
	// full is the normalised name without spaces; ends[k] is where its word
	// k ends, so words[k] is full[ends[k-1]:ends[k]].
	full string
	ends []int
}

// word returns the name's word k.
func (p *prepared) word(k int) string {
	start := 0
	if k > 0 {
		start = p.ends[k-1]
	}
	return p.full[start:p.ends[k]]
}

// NewMatcher prepares children for matching. It keeps no reference to the
// slice.
func NewMatcher(children []Candidate) *Matcher {
	m := &Matcher{cands: make([]prepared, len(children))}
	for i, c := range children {
		full, ends := normalise(c.Name)
		m.cands[i] = prepared{id: c.ID, due: c.DueNumber, full: full, ends: ends}
	}
	return m
}

// Match finds the child that query names. A query of digits only is a place
// in the due list and matches Candidate.DueNumber. Otherwise names are
// compared ignoring case, spaces, punctuation and the old spellings "dj"
// (j), "tj" (c), "oe" (u), "sj" (sy) and "nj" (ny), and the first rule that
// fits any candidate decides:
//
//  1. ByFullName: the whole name ("budi santoso" for "Budi  Santoso.").
//  2. ByFirstName: the first words of the name ("Budi", "Siti Aminah" for
//     "Siti Aminah Putri").
//  3. ByInitials: the first word, then words or initials of the next ones
//     ("Budi S.", "Budi S" for "Budi Santoso").
//  4. ByTypo: the query is within a Damerau–Levenshtein distance (optimal
//     string alignment: a letter added, dropped or changed, or two adjacent
//     letters swapped, each count one) of the name's first words, as many
//     as the query has, or of the whole name, spaces ignored: 1 when the
//     shorter has at most 5 letters, 2 when longer, none below 3 letters.
//     Only the nearest count.
//
// One candidate is Found; several (at the nearest distance, for typos) are
// Ambiguous, all of them; none is NotFound. Match never returns an ID that
// is not among the candidates.
func (m *Matcher) Match(query string) Result {
	qfull, qends := normalise(query)
	q := &prepared{full: qfull, ends: qends}
	if len(qends) == 0 {
		return Result{Outcome: NotFound}
	}
	if len(qends) == 1 && isNumber(qfull) {
		n, err := strconv.Atoi(qfull)
		return m.collect(ByDueNumber, func(c *prepared) bool { return err == nil && n > 0 && c.due == n })
	}
	if r := m.collect(ByFullName, func(c *prepared) bool { return c.full == qfull }); r.Outcome != NotFound {
		return r
	}
	if r := m.collect(ByFirstName, func(c *prepared) bool { return wordsFit(q, c, false) }); r.Outcome != NotFound {
		return r
	}
	if r := m.collect(ByInitials, func(c *prepared) bool { return wordsFit(q, c, true) }); r.Outcome != NotFound {
		return r
	}
	return m.typo(q)
}

// collect returns the candidates that fit.
func (m *Matcher) collect(by Rule, fits func(*prepared) bool) Result {
	var ids []int64
	for i := range m.cands {
		if fits(&m.cands[i]) {
			ids = appendNew(ids, m.cands[i].id)
		}
	}
	return result(by, ids)
}

// typo returns the candidates nearest to the query within the distance
// allowed, comparing it with the name's first words (as many as the query
// has) and with the whole name.
func (m *Matcher) typo(q *prepared) Result {
	best := 3 // above any distance allowed
	var ids []int64
	for i := range m.cands {
		c := &m.cands[i]
		n := len(c.ends)
		if n == 0 {
			continue
		}
		d, ok := near(q.full, c.full, best)
		if len(q.ends) < n {
			if d2, ok2 := near(q.full, c.full[:c.ends[len(q.ends)-1]], best); ok2 && (!ok || d2 < d) {
				d, ok = d2, true
			}
		}
		switch {
		case !ok:
		case d < best:
			best, ids = d, append(ids[:0], c.id)
		case d == best:
			ids = appendNew(ids, c.id)
		}
	}
	return result(ByTypo, ids)
}

// near returns the distance between the query and a key when it is within
// the limit for their length and not above best.
func near(q, key string, best int) (int, bool) {
	limit := typoLimit(min(utf8.RuneCountInString(key), utf8.RuneCountInString(q)))
	if limit == 0 {
		return 0, false
	}
	return distance(q, key, min(limit, best))
}

// typoLimit is the distance allowed between names whose shorter has n
// letters.
func typoLimit(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

func result(by Rule, ids []int64) Result {
	switch len(ids) {
	case 0:
		return Result{Outcome: NotFound}
	case 1:
		return Result{Outcome: Found, ID: ids[0], By: by}
	}
	return Result{Outcome: Ambiguous, IDs: ids, By: by}
}

// appendNew appends id unless ids holds it: a list may repeat a child.
func appendNew(ids []int64, id int64) []int64 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// wordsFit reports whether the query's words are the name's first words,
// or, with initials, the first word and then words or initials of the next.
func wordsFit(q, name *prepared, initials bool) bool {
	if len(q.ends) > len(name.ends) {
		return false
	}
	for k := range q.ends {
		w, nw := q.word(k), name.word(k)
		if w == nw {
			continue
		}
		if !initials || k == 0 || utf8.RuneCountInString(w) != 1 || !strings.HasPrefix(nw, w) {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	for i := range len(s) {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return s != "" && len(s) <= 9
}

// spelling maps the old (pre-1972) spellings to today's.
var spelling = strings.NewReplacer("dj", "j", "tj", "c", "oe", "u", "sj", "sy", "nj", "ny")

// normalise returns a name lower case, letters and digits only, in today's
// spelling, its words joined without spaces, and where each word ends.
// Apostrophes are dropped ("Nur'aini" is "nuraini"); every other sign
// separates words.
func normalise(s string) (full string, ends []int) {
	buf := make([]byte, 0, len(s))
	var respell bool
	end := func() {
		if len(buf) > 0 && (len(ends) == 0 || ends[len(ends)-1] < len(buf)) {
			ends = append(ends, len(buf))
		}
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				respell = respell || c == 'j' || c == 'e' && len(buf) > 0 && buf[len(buf)-1] == 'o'
				buf = append(buf, c)
			case c == '\'':
			default:
				end()
			}
		case isApostrophe(r):
		case isLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		default:
			end()
		}
	}
	end()
	if !respell {
		return string(buf), ends
	}
	// Respell word by word, so that no old spelling spans two words.
	var b strings.Builder
	start := 0
	for k, e := range ends {
		b.WriteString(spelling.Replace(string(buf[start:e])))
		start, ends[k] = e, b.Len()
	}
	return b.String(), ends
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }
