package posyandu_test

import (
	"fmt"
	"testing"

	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

// hundred is a due list of 100 children, with the names of thirtyLines
// among them.
func hundred() []posyandu.Candidate {
	first := []string{"Budi", "Siti", "Ani", "Rizky", "Putri", "Dewi", "Fajar", "Nur'aini", "Bagus", "Intan"}
	last := []string{"Santoso", "Aminah", "Lestari", "Pratama", "Ayu", "Sartika", "Nugroho", "Rahma", "Setiawan", "Permata"}
	c := make([]posyandu.Candidate, 100)
	for i := range c {
		c[i] = posyandu.Candidate{ID: int64(i + 1), Name: fmt.Sprintf("%s %s", first[i%10], last[i/10]), DueNumber: i + 1}
	}
	return c
}

// BenchmarkParseAndMatch reads a 30-line message and matches every line
// against 100 children, as one turn of the chat would.
func BenchmarkParseAndMatch(b *testing.B) {
	msg, _ := thirtyLines()
	children := hundred()
	b.ReportAllocs()
	for b.Loop() {
		m := posyandu.NewMatcher(children)
		for _, l := range posyandu.ParseMessage(msg) {
			m.Match(l.Ref)
		}
	}
}

// BenchmarkParseAndMatchOneByOne is BenchmarkParseAndMatch with Match, which
// prepares the list again for every line.
func BenchmarkParseAndMatchOneByOne(b *testing.B) {
	msg, _ := thirtyLines()
	children := hundred()
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range posyandu.ParseMessage(msg) {
			posyandu.Match(l.Ref, children)
		}
	}
}
