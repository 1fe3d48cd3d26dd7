package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// measurementRow is a measurements row; NULL is "not measured" or "not
// computable".
type measurementRow struct {
	ID         int64           `db:"id"`
	ChildID    int64           `db:"child_id"`
	On         time.Time       `db:"measured_on"`
	Weight     sql.NullFloat64 `db:"weight_kg"`
	LenHei     sql.NullFloat64 `db:"lenhei_cm"`
	Position   sql.NullString  `db:"position"`
	Head       sql.NullFloat64 `db:"head_cm"`
	Arm        sql.NullFloat64 `db:"arm_cm"`
	Oedema     bool            `db:"oedema"`
	Source     string          `db:"source"`
	RecordedBy sql.NullInt64   `db:"recorded_by"`
	CreatedAt  time.Time       `db:"created_at"`
	AgeDays    int             `db:"age_days"`
	ZLen       sql.NullFloat64 `db:"zlen"`
	ZWei       sql.NullFloat64 `db:"zwei"`
	ZWfl       sql.NullFloat64 `db:"zwfl"`
	ZBMI       sql.NullFloat64 `db:"zbmi"`
	ZHC        sql.NullFloat64 `db:"zhc"`
	ZAC        sql.NullFloat64 `db:"zac"`
	FLen       bool            `db:"flen"`
	FWei       bool            `db:"fwei"`
	FWfl       bool            `db:"fwfl"`
	FBMI       bool            `db:"fbmi"`
	FHC        bool            `db:"fhc"`
	FAC        bool            `db:"fac"`
	CatWFA     sql.NullString  `db:"cat_wfa"`
	CatHFA     sql.NullString  `db:"cat_hfa"`
	CatWFH     sql.NullString  `db:"cat_wfh"`
	CatBMI     sql.NullString  `db:"cat_bmi"`
	Trend      sql.NullString  `db:"trend"`
	TwoT       bool            `db:"two_t"`
	BGM        bool            `db:"bgm"`
	Gain       sql.NullInt64   `db:"gain_g"`
	KBM        sql.NullInt64   `db:"kbm_g"`
	Referral   pq.StringArray  `db:"referral"`
}

const measurementColumns = `m.id, m.child_id, m.measured_on, m.weight_kg, m.lenhei_cm, m.position, m.head_cm,
	m.arm_cm, m.oedema, m.source, m.recorded_by, m.created_at, m.age_days, m.zlen, m.zwei, m.zwfl, m.zbmi,
	m.zhc, m.zac, m.flen, m.fwei, m.fwfl, m.fbmi, m.fhc, m.fac, m.cat_wfa, m.cat_hfa, m.cat_wfh, m.cat_bmi,
	m.trend, m.two_t, m.bgm, m.gain_g, m.kbm_g, m.referral`

// current is the condition of a measurement that counts.
const current = `m.superseded_by IS NULL AND m.deleted_at IS NULL`

func (r measurementRow) measurement() child.Measurement {
	score := func(z sql.NullFloat64, flag bool) child.Score {
		return child.Score{Z: z.Float64, Valid: z.Valid, Flag: flag}
	}
	m := child.Measurement{
		ID: r.ID, ChildID: r.ChildID, On: r.On.UTC(), WeightKg: r.Weight.Float64, LenHeiCm: r.LenHei.Float64,
		HeadCm: r.Head.Float64, ArmCm: r.Arm.Float64, Oedema: r.Oedema, Source: child.Source(r.Source),
		RecordedBy: r.RecordedBy.Int64, CreatedAt: r.CreatedAt, AgeDays: r.AgeDays,
		ZLen: score(r.ZLen, r.FLen), ZWei: score(r.ZWei, r.FWei), ZWfl: score(r.ZWfl, r.FWfl),
		ZBMI: score(r.ZBMI, r.FBMI), ZHC: score(r.ZHC, r.FHC), ZAC: score(r.ZAC, r.FAC),
		CatWFA: growth.Category(r.CatWFA.String), CatHFA: growth.Category(r.CatHFA.String),
		CatWFH: growth.Category(r.CatWFH.String), CatBMI: growth.Category(r.CatBMI.String),
	}
	m.Position = positionOf(r.Position.String)
	m.Status = growth.Status{Trend: growth.Trend(r.Trend.String), TwoT: r.TwoT, BGM: r.BGM,
		GainGrams: int(r.Gain.Int64), KBMGrams: int(r.KBM.Int64), AgeMonths: -1}
	for _, code := range r.Referral {
		for _, reason := range growth.Reasons() {
			if reason.Code() == code {
				m.Referral |= growth.Referral(reason)
			}
		}
	}
	return m
}

// computed are the columns Evaluate fills, as statement arguments after the id.
func computed(m child.Measurement) []any {
	z := func(s child.Score) any {
		if !s.Valid {
			return nil
		}
		return s.Z
	}
	cat := func(c growth.Category) any {
		if c == "" {
			return nil
		}
		return string(c)
	}
	var trend, gain, kbm any
	if m.Status.Trend != "" {
		trend = string(m.Status.Trend)
	}
	if m.Status.Trend == growth.TrendN || m.Status.Trend == growth.TrendT {
		gain, kbm = m.Status.GainGrams, m.Status.KBMGrams
	}
	codes := pq.StringArray{}
	for _, r := range m.Referral.Reasons() {
		codes = append(codes, r.Code())
	}
	return []any{m.AgeDays, z(m.ZLen), z(m.ZWei), z(m.ZWfl), z(m.ZBMI), z(m.ZHC), z(m.ZAC),
		m.ZLen.Flag, m.ZWei.Flag, m.ZWfl.Flag, m.ZBMI.Flag, m.ZHC.Flag, m.ZAC.Flag,
		cat(m.CatWFA), cat(m.CatHFA), cat(m.CatWFH), cat(m.CatBMI),
		trend, m.Status.TwoT, m.Status.BGM, gain, kbm, codes}
}

func position(p growth.Position) any {
	switch p {
	case growth.Lying:
		return "l"
	case growth.Standing:
		return "h"
	}
	return nil
}

// positionOf reads what position stored.
func positionOf(s string) growth.Position {
	switch s {
	case "l":
		return growth.Lying
	case "h":
		return growth.Standing
	}
	return growth.PositionUnknown
}

func nullIfZero(v float64) any {
	if v <= 0 {
		return nil
	}
	return v
}

// InsertMeasurement stores a new current measurement with its computed
// values and returns its id. When replaces is not 0, that current
// measurement of the same child is marked superseded by the new one first,
// as the unique "one current measurement a day" index needs. With replaces,
// it must run in a transaction: the old row points at the new one before
// the new one exists, which a deferred foreign key checks at commit.
func (s *Store) InsertMeasurement(ctx context.Context, m child.Measurement, replaces int64) (int64, error) {
	// The new row's id is drawn first only for a correction, whose old row
	// must point at it before it exists; otherwise the INSERT draws it.
	var id any = sql.NullInt64{}
	if replaces != 0 {
		var next int64
		if err := s.q.QueryRowxContext(ctx, `SELECT nextval('measurements_id_seq')`).Scan(&next); err != nil {
			return 0, fmt.Errorf("new measurement id: %w", err)
		}
		id = next
		const sup = `UPDATE measurements m SET superseded_by = $2 WHERE m.id = $1 AND m.child_id = $3 AND ` + current
		res, err := s.q.ExecContext(ctx, sup, replaces, id, m.ChildID)
		if err != nil {
			return 0, fmt.Errorf("supersede measurement %d: %w", replaces, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("supersede measurement %d: %w", replaces, ErrNotFound)
		}
	}
	lenhei := nullIfZero(m.LenHeiCm)
	pos := position(m.Position)
	if lenhei == nil {
		pos = nil
	}
	const q = `
		INSERT INTO measurements (id, child_id, measured_on, weight_kg, lenhei_cm, position, head_cm, arm_cm,
			oedema, source, recorded_by,
			age_days, zlen, zwei, zwfl, zbmi, zhc, zac, flen, fwei, fwfl, fbmi, fhc, fac,
			cat_wfa, cat_hfa, cat_wfh, cat_bmi, trend, two_t, bgm, gain_g, kbm_g, referral)
		VALUES (COALESCE(CAST($1 AS bigint), nextval('measurements_id_seq')), $2, $3, $4, $5, $6, $7, $8, $9, $10, NULLIF($11, 0),
			$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
			$25, $26, $27, $28, $29, $30, $31, $32, $33, $34)
		RETURNING id`
	args := append([]any{id, m.ChildID, m.On, nullIfZero(m.WeightKg), lenhei, pos, nullIfZero(m.HeadCm),
		nullIfZero(m.ArmCm), m.Oedema, string(m.Source), m.RecordedBy}, computed(m)...)
	var newID int64
	if err := s.q.QueryRowxContext(ctx, q, args...).Scan(&newID); err != nil {
		if isUniqueViolation(err) {
			return 0, fmt.Errorf("insert measurement of child %d: %w", m.ChildID, ErrConflict)
		}
		return 0, fmt.Errorf("insert measurement of child %d: %w", m.ChildID, err)
	}
	return newID, nil
}

// ErrConflict means a row with the same key exists (say, a current
// measurement of that child on that day).
var ErrConflict = errors.New("conflict")

// UpdateComputed rewrites the computed values of a stored measurement (its
// status can change when an earlier weighing is corrected).
func (s *Store) UpdateComputed(ctx context.Context, m child.Measurement) error {
	const q = `
		UPDATE measurements SET age_days = $2, zlen = $3, zwei = $4, zwfl = $5, zbmi = $6, zhc = $7, zac = $8,
			flen = $9, fwei = $10, fwfl = $11, fbmi = $12, fhc = $13, fac = $14,
			cat_wfa = $15, cat_hfa = $16, cat_wfh = $17, cat_bmi = $18, trend = $19, two_t = $20, bgm = $21,
			gain_g = $22, kbm_g = $23, referral = $24
		WHERE id = $1`
	if _, err := s.q.ExecContext(ctx, q, append([]any{m.ID}, computed(m)...)...); err != nil {
		return fmt.Errorf("update measurement %d: %w", m.ID, err)
	}
	return nil
}

// DeleteMeasurement removes a current measurement (softly: the row stays
// for the record, no longer counted).
func (s *Store) DeleteMeasurement(ctx context.Context, id int64) error {
	res, err := s.q.ExecContext(ctx, `UPDATE measurements m SET deleted_at = now() WHERE m.id = $1 AND `+current, id)
	if err != nil {
		return fmt.Errorf("delete measurement %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete measurement %d: %w", id, ErrNotFound)
	}
	return nil
}

// Measurements returns the current measurements of a child, oldest first.
func (s *Store) Measurements(ctx context.Context, childID int64) ([]child.Measurement, error) {
	q := `SELECT ` + measurementColumns + ` FROM measurements m
		WHERE m.child_id = $1 AND ` + current + ` ORDER BY m.measured_on, m.id`
	var rows []measurementRow
	if err := s.q.SelectContext(ctx, &rows, q, childID); err != nil {
		return nil, fmt.Errorf("list measurements of child %d: %w", childID, err)
	}
	out := make([]child.Measurement, len(rows))
	for i, r := range rows {
		out[i] = r.measurement()
	}
	return out, nil
}

// MeasurementHistory returns every row ever written for a child, current or
// not, oldest first: what a data export owes the person.
func (s *Store) MeasurementHistory(ctx context.Context, childID int64) ([]child.Measurement, error) {
	q := `SELECT ` + measurementColumns + ` FROM measurements m WHERE m.child_id = $1 ORDER BY m.measured_on, m.id`
	var rows []measurementRow
	if err := s.q.SelectContext(ctx, &rows, q, childID); err != nil {
		return nil, fmt.Errorf("list measurement history of child %d: %w", childID, err)
	}
	out := make([]child.Measurement, len(rows))
	for i, r := range rows {
		out[i] = r.measurement()
	}
	return out, nil
}

// latestMeasurements returns the latest current measurement of each child.
func (s *Store) latestMeasurements(ctx context.Context, childIDs []int64) (map[int64]child.Measurement, error) {
	out := map[int64]child.Measurement{}
	if len(childIDs) == 0 {
		return out, nil
	}
	q := `SELECT DISTINCT ON (m.child_id) ` + measurementColumns + ` FROM measurements m
		WHERE m.child_id = ANY($1) AND ` + current + ` ORDER BY m.child_id, m.measured_on DESC, m.id DESC`
	var rows []measurementRow
	if err := s.q.SelectContext(ctx, &rows, q, pq.Int64Array(childIDs)); err != nil {
		return nil, fmt.Errorf("latest measurements: %w", err)
	}
	for _, r := range rows {
		out[r.ChildID] = r.measurement()
	}
	return out, nil
}
