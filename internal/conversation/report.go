package conversation

import (
	"context"
	"slices"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/report"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// ReportScopes are what the person's roles let them see reports of.
func (s *services) ReportScopes(ctx context.Context) ([]flows.ReportScope, error) {
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	st := s.tx.Store()
	var out []flows.ReportScope
	for _, g := range a.Grants {
		switch {
		case g.Role == policy.Kader && g.PosyanduID != 0:
			names, err := st.PosyanduNames(ctx, []int64{g.PosyanduID})
			if err != nil {
				return nil, err
			}
			for _, n := range names {
				out = append(out, flows.ReportScope{Scope: skdn.ForPosyandu(g.PosyanduID), Name: n.Name})
			}
		case g.Role == policy.Nakes && g.PuskesmasID != 0:
			name, err := st.PuskesmasName(ctx, g.PuskesmasID)
			if err != nil {
				return nil, err
			}
			out = append(out, flows.ReportScope{Scope: skdn.ForPuskesmas(g.PuskesmasID), Name: name})
		case g.Role == policy.Admin && g.RegionCode != "":
			name, err := st.RegionName(ctx, g.RegionCode)
			if err != nil {
				return nil, err
			}
			out = append(out, flows.ReportScope{Scope: skdn.ForRegion(g.RegionCode), Name: name})
		}
	}
	return out, nil
}

// ReportSummary checks the scope is one of the person's before reading it:
// a forged button sees nothing.
func (s *services) ReportSummary(ctx context.Context, scope skdn.Scope, month skdn.Month) (skdn.Summary, error) {
	mine, err := s.ReportScopes(ctx)
	if err != nil {
		return skdn.Summary{}, err
	}
	if !slices.ContainsFunc(mine, func(r flows.ReportScope) bool { return r.Scope == scope }) {
		return skdn.Summary{}, flows.ErrNotFound
	}
	r, err := report.SKDN(ctx, s.tx.Store().Querier(), scope, month)
	if err != nil {
		return skdn.Summary{}, err
	}
	return r.Summary(), nil
}
