// Package locales holds every user-facing text of tumbuh, one JSON file per
// language (go-i18n v2 format), and the date and number formats that go with
// them. Indonesian is the default.
package locales

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed *.json
var files embed.FS

// Languages are the supported language codes, the default first.
var Languages = []string{"id", "en"}

// Bundle loads every embedded locale file. It fails only if a file is
// broken, which the tests catch before a release.
func Bundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list locale files: %w", err)
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(files, name); err != nil {
			return nil, fmt.Errorf("load locale %s: %w", name, err)
		}
	}
	return b, nil
}

// MustBundle is Bundle for program start: a broken embedded file is a
// programmer error.
func MustBundle() *i18n.Bundle {
	b, err := Bundle()
	if err != nil {
		panic(err)
	}
	return b
}

// Keys returns the message IDs of one language's file.
func Keys(lang string) (map[string]bool, error) {
	raw, err := files.ReadFile(lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("read locale %s: %w", lang, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse locale %s: %w", lang, err)
	}
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return keys, nil
}
