package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// scopeFilter is the condition on posyandu p of a report scope, with its
// argument as $n.
func scopeFilter(scope skdn.Scope, n int) (string, any, error) {
	switch scope.Kind {
	case skdn.OnePosyandu:
		return fmt.Sprintf("p.id = $%d", n), scope.ID, nil
	case skdn.OnePuskesmas:
		return fmt.Sprintf("p.puskesmas_id = $%d", n), scope.ID, nil
	case skdn.InRegion:
		return fmt.Sprintf("(p.region_code = $%[1]d OR starts_with(p.region_code, $%[1]d || '.'))", n), scope.Region, nil
	}
	return "", nil, fmt.Errorf("report scope %v: %w", scope, skdn.ErrBadScope)
}

// balita are the children of the scope's posyandu counted in S: not
// deleted, born by the last day of the month ($2) and under 60 completed
// months on it. It needs the scope's posyandu as p.
const balita = `
	SELECT c.id, c.posyandu_id, c.sex, c.birth_date, c.has_kia
	FROM p JOIN children c ON c.posyandu_id = p.id
	WHERE c.deleted_at IS NULL AND c.birth_date <= $2 AND completed_months(c.birth_date, $2) < $3`

// weighed is the last current weighing in the month ($1 to $2) of each
// child of kids.
const weighed = `
	SELECT DISTINCT ON (m.child_id) m.*
	FROM kids k JOIN measurements m ON m.child_id = k.id
	WHERE m.measured_on BETWEEN $1 AND $2 AND m.weight_kg IS NOT NULL AND ` + current + `
	ORDER BY m.child_id, m.measured_on DESC, m.id DESC`

// skdnRow is one posyandu × sex × band of the counts.
type skdnRow struct {
	PosyanduID  int64  `db:"posyandu_id"`
	Sex         string `db:"sex"`
	Band        int    `db:"band"`
	S           int    `db:"s"`
	K           int    `db:"k"`
	D           int    `db:"d"`
	DPrime      int    `db:"d_prime"`
	N           int    `db:"n"`
	T           int    `db:"t"`
	TwoT        int    `db:"two_t"`
	O           int    `db:"o"`
	B           int    `db:"b"`
	BGM         int    `db:"bgm"`
	Stunted     int    `db:"stunted"`
	Wasted      int    `db:"wasted"`
	Underweight int    `db:"underweight"`
	Overweight  int    `db:"overweight"`
}

// SKDN counts the SKDN of every posyandu of a scope for a month, in two
// statements: the posyandu (in kelurahan, then name order; a posyandu with
// nobody is still a column), then the counts by posyandu, sex and age
// band, from the computed columns of the month's last current weighing of
// each child (see package skdn for what each item counts). A scope with no
// posyandu gives a report with none.
func (s *Store) SKDN(ctx context.Context, scope skdn.Scope, month skdn.Month) (*skdn.Report, error) {
	filter, arg, err := scopeFilter(scope, 1)
	if err != nil {
		return nil, err
	}
	r := &skdn.Report{Month: month, Scope: scope}
	var ps []Posyandu
	q := `SELECT p.id, p.name, p.region_code, p.puskesmas_id FROM posyandu p WHERE ` + filter + `
		ORDER BY p.region_code, p.name, p.id`
	if err := s.q.SelectContext(ctx, &ps, q, arg); err != nil {
		return nil, fmt.Errorf("list posyandu of %v: %w", scope, err)
	}
	if len(ps) == 0 {
		return r, nil
	}
	index := make(map[int64]int, len(ps))
	for i, p := range ps {
		index[p.ID] = i
		r.Posyandu = append(r.Posyandu, skdn.Posyandu{ID: p.ID, Name: p.Name, RegionCode: p.RegionCode, PuskesmasID: p.PuskesmasID})
	}
	filter, _, _ = scopeFilter(scope, 5)
	q = `
		WITH p AS (SELECT p.id FROM posyandu p WHERE ` + filter + `),
		kids AS (` + balita + `),
		w AS (` + weighed + `)
		SELECT k.posyandu_id, k.sex, width_bucket(completed_months(k.birth_date, $2), CAST($4 AS integer[])) AS band,
			count(*) AS s, count(*) FILTER (WHERE k.has_kia) AS k,
			0 AS d, 0 AS d_prime, 0 AS n, 0 AS t, 0 AS two_t, 0 AS o, 0 AS b, 0 AS bgm,
			0 AS stunted, 0 AS wasted, 0 AS underweight, 0 AS overweight
		FROM kids k GROUP BY 1, 2, 3
		UNION ALL
		SELECT k.posyandu_id, k.sex, width_bucket(completed_months(k.birth_date, w.measured_on), CAST($4 AS integer[])) AS band,
			0, 0, count(*),
			count(*) FILTER (WHERE w.trend IN ('N', 'T')),
			count(*) FILTER (WHERE w.trend = 'N'),
			count(*) FILTER (WHERE w.trend = 'T'),
			count(*) FILTER (WHERE w.two_t),
			count(*) FILTER (WHERE w.trend = 'O'),
			count(*) FILTER (WHERE w.trend = 'B'),
			count(*) FILTER (WHERE w.bgm),
			count(*) FILTER (WHERE w.cat_hfa = ANY($6)),
			count(*) FILTER (WHERE w.cat_wfh = ANY($7)),
			count(*) FILTER (WHERE w.cat_wfa = ANY($8)),
			count(*) FILTER (WHERE w.cat_wfh = ANY($9))
		FROM w JOIN kids k ON k.id = w.child_id GROUP BY 1, 2, 3`
	var rows []skdnRow
	err = s.q.SelectContext(ctx, &rows, q, month.First(), month.Last(), skdn.MaxMonths,
		pq.Array(skdn.BandStarts), arg, categories(skdn.StuntedCategories), categories(skdn.WastedCategories),
		categories(skdn.UnderweightCategories), categories(skdn.OverweightCategories))
	if err != nil {
		return nil, fmt.Errorf("count SKDN of %v in %v: %w", scope, month, err)
	}
	for _, row := range rows {
		i, ok := index[row.PosyanduID]
		if !ok || row.Band < 0 || row.Band >= int(skdn.NumBands) {
			continue // a posyandu added meanwhile; a band out of range cannot happen under 60 months
		}
		sex := skdn.L
		if row.Sex == "f" {
			sex = skdn.P
		}
		c := &r.Posyandu[i].Counts
		for it, v := range []int{row.S, row.K, row.D, row.DPrime, row.N, row.T, row.TwoT, row.O, row.B, row.BGM,
			row.Stunted, row.Wasted, row.Underweight, row.Overweight} {
			c[it][sex][row.Band] += v
		}
	}
	return r, nil
}

func categories(cs []growth.Category) pq.StringArray {
	out := make(pq.StringArray, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// skdnChildRow is one row of SKDNChildren.
type skdnChildRow struct {
	ID         int64           `db:"id"`
	Name       string          `db:"name"`
	Sex        string          `db:"sex"`
	BirthDate  time.Time       `db:"birth_date"`
	PosyanduID int64           `db:"posyandu_id"`
	Posyandu   string          `db:"posyandu"`
	On         time.Time       `db:"measured_on"`
	Weight     sql.NullFloat64 `db:"weight_kg"`
	LenHei     sql.NullFloat64 `db:"lenhei_cm"`
	Position   sql.NullString  `db:"position"`
	Head       sql.NullFloat64 `db:"head_cm"`
	Arm        sql.NullFloat64 `db:"arm_cm"`
	Oedema     bool            `db:"oedema"`
	Trend      sql.NullString  `db:"trend"`
	TwoT       bool            `db:"two_t"`
	BGM        bool            `db:"bgm"`
}

// SKDNChildren returns the children counted in D of a scope and month,
// each with the month's last current weighing, by posyandu (in report
// order) then name.
func (s *Store) SKDNChildren(ctx context.Context, scope skdn.Scope, month skdn.Month) ([]skdn.ChildRow, error) {
	filter, arg, err := scopeFilter(scope, 4)
	if err != nil {
		return nil, err
	}
	q := `
		WITH p AS (SELECT p.id, p.name, p.region_code FROM posyandu p WHERE ` + filter + `),
		kids AS (` + balita + `),
		w AS (` + weighed + `)
		SELECT c.id, c.name, c.sex, c.birth_date, p.id AS posyandu_id, p.name AS posyandu, w.measured_on,
			w.weight_kg, w.lenhei_cm, w.position, w.head_cm, w.arm_cm, w.oedema, w.trend, w.two_t, w.bgm
		FROM w JOIN children c ON c.id = w.child_id JOIN p ON p.id = c.posyandu_id
		ORDER BY p.region_code, p.name, p.id, c.name, c.id`
	var rows []skdnChildRow
	if err := s.q.SelectContext(ctx, &rows, q, month.First(), month.Last(), skdn.MaxMonths, arg); err != nil {
		return nil, fmt.Errorf("list SKDN children of %v in %v: %w", scope, month, err)
	}
	out := make([]skdn.ChildRow, len(rows))
	for i, r := range rows {
		c := skdn.ChildRow{ChildID: r.ID, Name: r.Name, BirthDate: r.BirthDate.UTC(), PosyanduID: r.PosyanduID,
			Posyandu: r.Posyandu, On: r.On.UTC(), WeightKg: r.Weight.Float64, LenHeiCm: r.LenHei.Float64,
			HeadCm: r.Head.Float64, ArmCm: r.Arm.Float64, Oedema: r.Oedema, Trend: growth.Trend(r.Trend.String),
			TwoT: r.TwoT, BGM: r.BGM}
		if r.Sex == "f" {
			c.Sex = skdn.P
		}
		switch r.Position.String {
		case "l":
			c.Position = growth.Lying
		case "h":
			c.Position = growth.Standing
		}
		out[i] = c
	}
	return out, nil
}

// ScopeHasPosyandu reports whether a report scope holds any posyandu.
func (s *Store) ScopeHasPosyandu(ctx context.Context, scope skdn.Scope) (bool, error) {
	filter, arg, err := scopeFilter(scope, 1)
	if err != nil {
		return false, err
	}
	var ok bool
	if err := s.q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM posyandu p WHERE `+filter+`)`, arg); err != nil {
		return false, fmt.Errorf("look for posyandu of %v: %w", scope, err)
	}
	return ok, nil
}
