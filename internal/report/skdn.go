// Package report holds the reports people ask for (the SKDN / Format F2 of
// a posyandu, puskesmas or region), as use cases the chat and `tumbuh
// admin` both call. It reads; it never writes.
package report

import (
	"context"
	"fmt"

	"github.com/tumbuh-id/tumbuh/internal/skdn"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// SKDN returns the SKDN / F2 report of a scope for a month. It returns an
// error wrapping skdn.ErrBadScope for a malformed scope and store.ErrNotFound
// when the scope holds no posyandu (an unknown id or code). q may be a
// read replica: the report runs a few plain reads.
func SKDN(ctx context.Context, q store.Querier, scope skdn.Scope, month skdn.Month) (*skdn.Report, error) {
	if err := scope.Validate(); err != nil {
		return nil, err
	}
	r, err := store.On(q).SKDN(ctx, scope, month)
	if err != nil {
		return nil, err
	}
	if len(r.Posyandu) == 0 {
		return nil, fmt.Errorf("SKDN of %v: no posyandu: %w", scope, store.ErrNotFound)
	}
	return r, nil
}

// SKDNChildren returns the children counted in D of a scope and month, one
// row each with the month's last weighing, for the per-child CSV
// (skdn.WriteChildren). Its errors are SKDN's.
func SKDNChildren(ctx context.Context, q store.Querier, scope skdn.Scope, month skdn.Month) ([]skdn.ChildRow, error) {
	if err := scope.Validate(); err != nil {
		return nil, err
	}
	st := store.On(q)
	ok, err := st.ScopeHasPosyandu(ctx, scope)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("SKDN children of %v: no posyandu: %w", scope, store.ErrNotFound)
	}
	return st.SKDNChildren(ctx, scope, month)
}
