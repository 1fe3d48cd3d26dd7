// Package locales holds every user-facing text of tumbuh, one JSON file per
// language (go-i18n v2 format), and the date and number formats that go with
// them. Indonesian is the default.
package locales

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

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

// Files returns the names of one language's files: "<lang>.json", and
// "<feature>.<lang>.json" for the texts of a feature kept apart (go-i18n
// reads the language from the part before ".json").
func Files(lang string) ([]string, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list locale files: %w", err)
	}
	var out []string
	for _, n := range names {
		if n == lang+".json" || strings.HasSuffix(n, "."+lang+".json") {
			out = append(out, n)
		}
	}
	return out, nil
}

// ReadFile returns the content of an embedded locale file.
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }

// Keys returns the message IDs of one language, over all its files. An ID
// defined in two files is an error.
func Keys(lang string) (map[string]bool, error) {
	names, err := Files(lang)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, name := range names {
		raw, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read locale %s: %w", name, err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("parse locale %s: %w", name, err)
		}
		for k := range m {
			if keys[k] {
				return nil, fmt.Errorf("locale %s: %s is defined in another %s file too", name, k, lang)
			}
			keys[k] = true
		}
	}
	return keys, nil
}
