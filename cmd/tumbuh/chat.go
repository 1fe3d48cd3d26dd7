package main

import (
	"context"
	"fmt"
	"io"
)

// runChat is `tumbuh chat`, local mode.
func runChat(_ context.Context, _ []string, _ io.Reader, _, stderr io.Writer, _ func(string) string) int {
	fmt.Fprintln(stderr, "tumbuh chat: not built yet")
	return 1
}
