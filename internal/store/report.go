package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// scopeFilter is the condition on posyandu p of a report scope, with its
// argument as $n. A region is matched with LIKE, whose prefix the planner
// estimates from statistics (a city's thousand posyandu must not look like
// eight); skdn.Scope.Validate lets only digits and dots through, so the code
// holds no wildcard.
func scopeFilter(scope skdn.Scope, n int) (string, any, error) {
	switch scope.Kind {
	case skdn.OnePosyandu:
		return fmt.Sprintf("p.id = $%d", n), scope.ID, nil
	case skdn.OnePuskesmas:
		return fmt.Sprintf("p.puskesmas_id = $%d", n), scope.ID, nil
	case skdn.InRegion:
		return fmt.Sprintf("(p.region_code = $%[1]d OR p.region_code LIKE $%[1]d || '.%%')", n), scope.Region, nil
	}
	return "", nil, fmt.Errorf("report scope %v: %w", scope, skdn.ErrBadScope)
}

// balita are the children of the scope's posyandu (p) counted in S: not
// deleted, born by the last day of the month ($2) and under 60 completed
// months on it (born on or after $3, skdn.FirstBirth).
func balita(cols string) string {
	return `
	SELECT c.id, c.posyandu_id, c.sex, c.birth_date, c.has_kia` + cols + `
	FROM p JOIN children c ON c.posyandu_id = p.id
	WHERE c.deleted_at IS NULL AND c.birth_date BETWEEN $3 AND $2`
}

// weighed selects cols of the last current weighing in the month ($1 to
// $2) of each child of kids. There is one current measurement per child
// and day (measurements_current_idx), so the day orders them.
func weighed(cols string) string {
	return `
	SELECT DISTINCT ON (m.child_id) m.child_id, m.measured_on, ` + cols + `
	FROM kids k JOIN measurements m ON m.child_id = k.id
	WHERE m.measured_on BETWEEN $1 AND $2 AND m.weight_kg IS NOT NULL AND ` + current + `
	ORDER BY m.child_id, m.measured_on DESC`
}

// dates writes days as a date[] argument.
func dates(ts []time.Time) pq.StringArray {
	out := make(pq.StringArray, len(ts))
	for i, t := range ts {
		out[i] = t.Format(time.DateOnly)
	}
	return out
}

// bandEdges are skdn.BandEdges of every day of the month, one after the
// other: with n edges a day, day d's (from 0) are items nd+1 to n(d+1) of
// the SQL array.
func bandEdges(month skdn.Month) pq.StringArray {
	var out []time.Time
	for d := month.First(); !d.After(month.Last()); d = d.AddDate(0, 0, 1) {
		out = append(out, skdn.BandEdges(d)...)
	}
	return dates(out)
}

// skdnRow is one posyandu × sex × band at month end × band on the day
// weighed (NULL when not weighed) of the counts.
type skdnRow struct {
	PosyanduID  int64         `db:"posyandu_id"`
	Sex         string        `db:"sex"`
	SBucket     int           `db:"s_bucket"`
	DBucket     sql.NullInt64 `db:"d_bucket"`
	S           int           `db:"s"`
	K           int           `db:"k"`
	D           int           `db:"d"`
	DPrime      int           `db:"d_prime"`
	N           int           `db:"n"`
	T           int           `db:"t"`
	TwoT        int           `db:"two_t"`
	O           int           `db:"o"`
	B           int           `db:"b"`
	BGM         int           `db:"bgm"`
	Stunted     int           `db:"stunted"`
	Wasted      int           `db:"wasted"`
	Underweight int           `db:"underweight"`
	Overweight  int           `db:"overweight"`
}

// SKDN counts the SKDN of every posyandu of a scope for a month, in two
// statements: the posyandu (in kelurahan, then name order; a posyandu with
// nobody is still a column), then one pass over the children, each with
// the month's last current weighing if any, counted by posyandu, sex and
// age bands from the computed columns of that weighing (see package skdn
// for what each item counts). A scope with no posyandu gives a report with
// none.
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
	// Ages are banded by comparing birth dates with the birth dates that
	// start each band on the day (skdn.BandEdges): at month end for S and
	// K, on the day of the weighing for the rest.
	filter, _, _ = scopeFilter(scope, 6)
	edges := strconv.Itoa(len(skdn.BandStarts))
	q = `
		WITH p AS (SELECT p.id FROM posyandu p WHERE ` + filter + `),
		kids AS (` + balita("") + `),
		w AS (` + weighed("m.trend, m.two_t, m.bgm, m.cat_wfa, m.cat_hfa, m.cat_wfh") + `)
		SELECT k.posyandu_id, k.sex, width_bucket(k.birth_date, CAST($4 AS date[])) AS s_bucket,
			width_bucket(k.birth_date,
				(CAST($5 AS date[]))[(w.measured_on - $1) * ` + edges + ` + 1 : (w.measured_on - $1 + 1) * ` + edges + `]) AS d_bucket,
			count(*) AS s,
			count(*) FILTER (WHERE k.has_kia) AS k,
			count(w.child_id) AS d,
			count(*) FILTER (WHERE w.trend IN ('N', 'T')) AS d_prime,
			count(*) FILTER (WHERE w.trend = 'N') AS n,
			count(*) FILTER (WHERE w.trend = 'T') AS t,
			count(*) FILTER (WHERE w.two_t) AS two_t,
			count(*) FILTER (WHERE w.trend = 'O') AS o,
			count(*) FILTER (WHERE w.trend = 'B') AS b,
			count(*) FILTER (WHERE w.bgm) AS bgm,
			count(*) FILTER (WHERE w.cat_hfa = ANY($7)) AS stunted,
			count(*) FILTER (WHERE w.cat_wfh = ANY($8)) AS wasted,
			count(*) FILTER (WHERE w.cat_wfa = ANY($9)) AS underweight,
			count(*) FILTER (WHERE w.cat_wfh = ANY($10)) AS overweight
		FROM kids k LEFT JOIN w ON w.child_id = k.id
		GROUP BY 1, 2, 3, 4`
	var rows []skdnRow
	last := month.Last()
	err = s.q.SelectContext(ctx, &rows, q, month.First(), last, skdn.FirstBirth(last),
		dates(skdn.BandEdges(last)), bandEdges(month), arg, categories(skdn.StuntedCategories),
		categories(skdn.WastedCategories), categories(skdn.UnderweightCategories),
		categories(skdn.OverweightCategories))
	if err != nil {
		return nil, fmt.Errorf("count SKDN of %v in %v: %w", scope, month, err)
	}
	for _, row := range rows {
		i, ok := index[row.PosyanduID]
		if !ok {
			continue // a posyandu added meanwhile
		}
		sex := skdn.L
		if row.Sex == "f" {
			sex = skdn.P
		}
		c := &r.Posyandu[i].Counts
		band := skdn.BandOfBucket(row.SBucket)
		c[skdn.S][sex][band] += row.S
		c[skdn.K][sex][band] += row.K
		if !row.DBucket.Valid {
			continue
		}
		band = skdn.BandOfBucket(int(row.DBucket.Int64))
		for it, v := range []int{row.D, row.DPrime, row.N, row.T, row.TwoT, row.O, row.B, row.BGM,
			row.Stunted, row.Wasted, row.Underweight, row.Overweight} {
			c[skdn.D+skdn.Item(it)][sex][band] += v
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
		kids AS (` + balita(", c.name") + `),
		w AS (` + weighed("m.weight_kg, m.lenhei_cm, m.position, m.head_cm, m.arm_cm, m.oedema, m.trend, m.two_t, m.bgm") + `)
		SELECT k.id, k.name, k.sex, k.birth_date, p.id AS posyandu_id, p.name AS posyandu, w.measured_on,
			w.weight_kg, w.lenhei_cm, w.position, w.head_cm, w.arm_cm, w.oedema, w.trend, w.two_t, w.bgm
		FROM w JOIN kids k ON k.id = w.child_id JOIN p ON p.id = k.posyandu_id
		ORDER BY p.region_code, p.name, p.id, k.name, k.id`
	var rows []skdnChildRow
	last := month.Last()
	if err := s.q.SelectContext(ctx, &rows, q, month.First(), last, skdn.FirstBirth(last), arg); err != nil {
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
		c.Position = positionOf(r.Position.String)
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
