package locales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/locales"
)

func TestFormatDate(t *testing.T) {
	tcs := []struct {
		name, lang string
		date       time.Time
		want       string
	}{
		{"indonesian december", "id", time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC), "12 Desember 2026"},
		{"indonesian single digit day", "id", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "1 Maret 2025"},
		{"indonesian may", "id", time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC), "31 Mei 2024"},
		{"english", "en", time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC), "12 December 2026"},
		{"unknown language falls back to indonesian", "fr", time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC), "17 Agustus 2026"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, locales.FormatDate(tc.lang, tc.date))
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	tcs := []struct {
		name, lang string
		v          float64
		digits     int
		want       string
	}{
		{"weight", "id", 8.5, 1, "8,5"},
		{"weight english", "en", 8.5, 1, "8.5"},
		{"whole number drops zeros", "id", 12.0, 1, "12"},
		{"rounds", "id", 8.46, 1, "8,5"},
		{"two digits", "id", -2.345, 2, "-2,35"},
		{"negative zero", "id", -0.001, 2, "0"},
		{"thousands indonesian", "id", 1250.5, 1, "1.250,5"},
		{"thousands english", "en", 1250.5, 1, "1,250.5"},
		{"million", "id", 1000000, 0, "1.000.000"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, locales.FormatDecimal(tc.lang, tc.v, tc.digits))
		})
	}
}
