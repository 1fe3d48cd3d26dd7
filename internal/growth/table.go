package growth

import (
	"bytes"
	"embed"
	"fmt"
	"math"
	"strconv"
	"sync"
)

// The WHO tables, exactly as WHO ships them with its software (see data/SOURCE.md).
//
//go:embed data/*.csv
var tableFS embed.FS

// table holds one WHO LMS table for both sexes. Rows are keyed by an integer:
// age in days (0–5 y standard), age in months (2007 reference) or length in
// tenths of a centimetre (weight-for-length/height). Row i of sex s is key
// first+i; a missing row has M == 0.
type table struct {
	first int
	rows  [2][]LMS
}

// row returns the parameters of sex s at key k, or false outside the table.
func (t *table) row(s Sex, k int) (LMS, bool) {
	if s != Male && s != Female {
		return LMS{}, false
	}
	i := k - t.first
	rows := t.rows[s-1]
	if i < 0 || i >= len(rows) || rows[i].M == 0 {
		return LMS{}, false
	}
	return rows[i], true
}

// tableSet is every table the package needs, loaded once.
type tableSet struct {
	wfa, lhfa, bmi, hc, ac, ts, ss table // 0–5 y, by day
	wfl, wfh                       table // by 0.1 cm
	hfa07, wfa07, bfa07            table // 5–19 y, by month
}

// tables returns the parsed WHO tables. They are parsed on first use, once per
// process; a broken embedded file is a build defect and panics.
var tables = sync.OnceValue(func() *tableSet {
	ts, err := loadTables()
	if err != nil {
		panic(fmt.Sprintf("growth: embedded WHO tables: %v", err))
	}
	return ts
})

func loadTables() (*tableSet, error) {
	var ts tableSet
	for _, spec := range []struct {
		dst   *table
		file  string
		scale float64 // key column × scale = integer key
	}{
		{&ts.wfa, "weianthro.csv", 1},
		{&ts.lhfa, "lenanthro.csv", 1},
		{&ts.bmi, "bmianthro.csv", 1},
		{&ts.hc, "hcanthro.csv", 1},
		{&ts.ac, "acanthro.csv", 1},
		{&ts.ts, "tsanthro.csv", 1},
		{&ts.ss, "ssanthro.csv", 1},
		{&ts.wfl, "wflanthro.csv", 10},
		{&ts.wfh, "wfhanthro.csv", 10},
		{&ts.hfa07, "hfawho2007.csv", 1},
		{&ts.wfa07, "wfawho2007.csv", 1},
		{&ts.bfa07, "bfawho2007.csv", 1},
	} {
		data, err := tableFS.ReadFile("data/" + spec.file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", spec.file, err)
		}
		t, err := parseTable(data, spec.scale)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", spec.file, err)
		}
		*spec.dst = t
	}
	return &ts, nil
}

// parseTable reads a CSV with the header sex,key,l,m,s[,loh]. Rows may come in
// any order; the key range is taken from the data.
func parseTable(data []byte, scale float64) (table, error) {
	type rec struct {
		sex, key int
		p        LMS
	}
	data = bytes.TrimSpace(data)
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return table{}, fmt.Errorf("no rows")
	}
	data = data[nl+1:]
	recs := make([]rec, 0, bytes.Count(data, []byte("\n"))+1)
	lo, hi := math.MaxInt, math.MinInt
	for lineNo := 2; len(data) > 0; lineNo++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		var v [5]float64
		for j := range v {
			f := line
			if i := bytes.IndexByte(line, ','); i >= 0 {
				f, line = line[:i], line[i+1:]
			} else if j < len(v)-1 {
				return table{}, fmt.Errorf("line %d: %d fields, want at least 5", lineNo, j+1)
			} else {
				line = nil
			}
			x, err := strconv.ParseFloat(string(bytes.TrimRight(f, "\r")), 64)
			if err != nil {
				return table{}, fmt.Errorf("line %d field %d: %w", lineNo, j+1, err)
			}
			v[j] = x
		}
		sex, key := int(v[0]), int(math.Round(v[1]*scale))
		if sex != 1 && sex != 2 {
			return table{}, fmt.Errorf("line %d: sex %v", lineNo, v[0])
		}
		if !(v[3] > 0) || !(v[4] > 0) {
			return table{}, fmt.Errorf("line %d: M and S must be positive", lineNo)
		}
		recs = append(recs, rec{sex, key, LMS{L: v[2], M: v[3], S: v[4]}})
		lo, hi = min(lo, key), max(hi, key)
	}
	if len(recs) == 0 {
		return table{}, fmt.Errorf("no rows")
	}
	t := table{first: lo}
	for s := range t.rows {
		t.rows[s] = make([]LMS, hi-lo+1)
	}
	for _, r := range recs {
		t.rows[r.sex-1][r.key-lo] = r.p
	}
	return t, nil
}
