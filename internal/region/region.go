// Package region reads Indonesia's administrative regions (Kemendagri
// codes) and gives each its time zone from its province.
package region

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Levels, from the top.
const (
	LevelProvinsi  = "provinsi"
	LevelKabKota   = "kabkota"
	LevelKecamatan = "kecamatan"
	LevelDesa      = "desa"
)

var levelDepth = map[string]int{LevelProvinsi: 1, LevelKabKota: 2, LevelKecamatan: 3, LevelDesa: 4}

// Region is one region with its IANA time zone.
type Region struct {
	Code       string
	ParentCode string
	Level      string
	Name       string
	Timezone   string
}

//go:embed province_timezones.csv
var provinceCSV []byte

//go:embed tangsel.csv
var tangselCSV []byte

// Province is a province and its time zone (WIB, WITA or WIT as IANA names).
type Province struct {
	Code, Name, Timezone string
}

// Provinces returns all provinces with their time zones.
func Provinces() ([]Province, error) {
	recs, err := readCSV(bytes.NewReader(provinceCSV), []string{"code", "name", "tz"})
	if err != nil {
		return nil, fmt.Errorf("read embedded province time zones: %w", err)
	}
	out := make([]Province, 0, len(recs))
	for _, r := range recs {
		out = append(out, Province{Code: r[0], Name: r[1], Timezone: r[2]})
	}
	return out, nil
}

// TangerangSelatan returns the demo city's regions (with its province first).
func TangerangSelatan() ([]Region, error) {
	return Parse(bytes.NewReader(tangselCSV))
}

// Parse reads a CSV with header code,parent_code,level,name and returns its
// regions with time zones, every province first, then parents before
// children. A region whose province is unknown, a bad code or level, or a
// code whose parent is not its prefix is an error naming the line.
func Parse(r io.Reader) ([]Region, error) {
	provinces, err := Provinces()
	if err != nil {
		return nil, err
	}
	tz := make(map[string]string, len(provinces))
	out := make([]Region, 0, 1024)
	seen := map[string]bool{}
	for _, p := range provinces {
		tz[p.Code] = p.Timezone
		out = append(out, Region{Code: p.Code, Level: LevelProvinsi, Name: p.Name, Timezone: p.Timezone})
		seen[p.Code] = true
	}
	recs, err := readCSV(r, []string{"code", "parent_code", "level", "name"})
	if err != nil {
		return nil, err
	}
	byDepth := make([][]Region, 5)
	for i, rec := range recs {
		line := i + 2
		reg := Region{Code: strings.TrimSpace(rec[0]), ParentCode: strings.TrimSpace(rec[1]),
			Level: strings.TrimSpace(rec[2]), Name: strings.TrimSpace(rec[3])}
		depth, ok := levelDepth[reg.Level]
		switch {
		case !ok:
			return nil, fmt.Errorf("line %d: unknown level %q", line, reg.Level)
		case len(strings.Split(reg.Code, ".")) != depth:
			return nil, fmt.Errorf("line %d: code %q does not fit level %s", line, reg.Code, reg.Level)
		case reg.Name == "":
			return nil, fmt.Errorf("line %d: region %s has no name", line, reg.Code)
		case depth > 1 && !strings.HasPrefix(reg.Code, reg.ParentCode+"."):
			return nil, fmt.Errorf("line %d: code %s is not under its parent %q", line, reg.Code, reg.ParentCode)
		}
		province, _, _ := strings.Cut(reg.Code, ".")
		if reg.Timezone, ok = tz[province]; !ok {
			return nil, fmt.Errorf("line %d: province %s of %s has no time zone", line, province, reg.Code)
		}
		if depth == 1 {
			continue // provinces come from the time-zone table, already listed
		}
		byDepth[depth] = append(byDepth[depth], reg)
	}
	for _, level := range byDepth[2:] {
		for _, reg := range level {
			if !seen[reg.ParentCode] {
				return nil, fmt.Errorf("region %s: parent %s is not in the file", reg.Code, reg.ParentCode)
			}
			seen[reg.Code] = true
			out = append(out, reg)
		}
	}
	return out, nil
}

// readCSV reads a CSV whose header must be exactly want and returns the rows.
func readCSV(r io.Reader, want []string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(want)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("empty file: expected header %s", strings.Join(want, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) != want[i] {
			return nil, fmt.Errorf("header %q: expected %s", strings.Join(header, ","), strings.Join(want, ","))
		}
	}
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	return recs, nil
}
