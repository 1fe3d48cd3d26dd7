package main

import (
	"context"
	"fmt"
	"io"
)

// runZscore is the `tumbuh zscore` command; issue 3 builds it.
func runZscore(_ context.Context, _ []string, _ io.Reader, _ io.Writer, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tumbuh zscore: not built yet")
	return 1
}
