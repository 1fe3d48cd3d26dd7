package chart_test

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/chart"
)

// BenchmarkRender renders the 12-visit chart. Besides ns/op it reports the
// PNG's size and the process CPU time per render (cpu-ns/op, garbage
// collection included), which other work on a shared machine does not
// inflate the way it does wall time.
func BenchmarkRender(b *testing.B) {
	c := boy()
	var buf bytes.Buffer
	cpu0 := cpuTime(b)
	for b.Loop() {
		buf.Reset()
		if err := chart.Render(&buf, c, indonesian); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(buf.Len()), "png-bytes")
}

func BenchmarkSeries(b *testing.B) {
	c := girl()
	for b.Loop() {
		chart.Series(c)
	}
}

func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
