// Package migrations embeds the forward-only SQL migrations of tumbuh.
//
// Files are named NNNN_what.sql and are never edited once merged; add new
// ones at the end. internal/store applies them with goose.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
