package skdn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ScopeKind says what a report covers.
type ScopeKind int

// The kinds of scope.
const (
	OnePosyandu  ScopeKind = iota + 1 // one posyandu, by id
	OnePuskesmas                      // every posyandu reporting to a puskesmas
	InRegion                          // every posyandu in a region (kelurahan, kecamatan, city, …)
)

// Scope is the set of posyandu a report covers.
type Scope struct {
	Kind ScopeKind
	// ID is the posyandu or puskesmas id.
	ID int64
	// Region is a Kemendagri code: a posyandu is in the region when its
	// kelurahan's code is the region's or starts with it and a dot.
	Region string
}

// ForPosyandu is the scope of one posyandu.
func ForPosyandu(id int64) Scope { return Scope{Kind: OnePosyandu, ID: id} }

// ForPuskesmas is the scope of the posyandu of one puskesmas.
func ForPuskesmas(id int64) Scope { return Scope{Kind: OnePuskesmas, ID: id} }

// ForRegion is the scope of the posyandu in a region.
func ForRegion(code string) Scope { return Scope{Kind: InRegion, Region: code} }

// ErrBadScope means a scope names nothing that could exist.
var ErrBadScope = errors.New("bad report scope")

// Validate reports a scope without a positive id or with a region code
// that is not dot-separated digits (36, 36.74, 36.74.01, 36.74.01.1001).
func (s Scope) Validate() error {
	switch s.Kind {
	case OnePosyandu, OnePuskesmas:
		if s.ID <= 0 {
			return fmt.Errorf("%w: id %d", ErrBadScope, s.ID)
		}
		return nil
	case InRegion:
		parts := strings.Split(s.Region, ".")
		for _, p := range parts {
			if _, err := strconv.ParseUint(p, 10, 32); err != nil || len(p) > 4 {
				return fmt.Errorf("%w: region code %q", ErrBadScope, s.Region)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: kind %d", ErrBadScope, s.Kind)
}

// String names the scope for logs and file names: "posyandu-12",
// "puskesmas-3", "region-36.74.01".
func (s Scope) String() string {
	switch s.Kind {
	case OnePosyandu:
		return "posyandu-" + strconv.FormatInt(s.ID, 10)
	case OnePuskesmas:
		return "puskesmas-" + strconv.FormatInt(s.ID, 10)
	case InRegion:
		return "region-" + s.Region
	}
	return "unknown"
}
