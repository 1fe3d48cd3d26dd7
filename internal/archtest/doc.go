// Package archtest holds no code: its test checks the import rules of
// STYLE.md §2 and ARCHITECTURE.md §12 ("Boundaries that CI checks") against
// what `go list` says the module's packages import and link.
package archtest
