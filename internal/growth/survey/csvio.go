package survey

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNoSex is returned when the header has no sex column: no row could be
// scored.
var ErrNoSex = errors.New("no sex column in the header")

// csvFile is an open input: its reader, separator and header.
type csvFile struct {
	r      *csv.Reader
	comma  byte
	names  []string
	header header
}

// openCSV reads the header line, guessing the separator from it.
func openCSV(in io.Reader) (*csvFile, error) {
	br := bufio.NewReaderSize(in, 1<<20)
	comma := sniffComma(peekLine(br))
	r := csv.NewReader(br)
	r.Comma = rune(comma)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	names, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read header: the file is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	names = append([]string(nil), names...)
	f := &csvFile{r: r, comma: comma, names: names, header: newHeader(names)}
	if f.header.in[inSex] < 0 {
		return nil, fmt.Errorf("read header %q: %w", strings.Join(names, string(comma)), ErrNoSex)
	}
	return f, nil
}

// peekLine returns the first line without consuming it (at most the buffer).
func peekLine(br *bufio.Reader) []byte {
	for n := 4096; ; n *= 2 {
		b, err := br.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i]
		}
		if err != nil || n >= br.Size() {
			return b
		}
	}
}

// sniffComma picks the most frequent of comma, semicolon and tab outside
// quotes; comma on a tie.
func sniffComma(line []byte) byte {
	var counts [3]int
	seps := [3]byte{',', ';', '\t'}
	quoted := false
	for _, c := range line {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		for i, s := range seps {
			if c == s {
				counts[i]++
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return seps[best]
}

// appendField appends one CSV field, quoted when it must be.
func appendField(buf []byte, f string, comma byte) []byte {
	needs := false
	for i := 0; i < len(f); i++ {
		if c := f[i]; c == comma || c == '"' || c == '\n' || c == '\r' {
			needs = true
			break
		}
	}
	if !needs {
		return append(buf, f...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, f[i])
	}
	return append(buf, '"')
}
