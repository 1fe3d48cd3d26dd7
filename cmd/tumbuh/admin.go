package main

import (
	"context"
	"fmt"
	"io"
)

// runAdmin is `tumbuh admin`.
func runAdmin(_ context.Context, _ []string, _, stderr io.Writer, _ func(string) string) int {
	fmt.Fprintln(stderr, "tumbuh admin: not built yet")
	return 1
}
