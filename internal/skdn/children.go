package skdn

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
)

// ChildRow is one child weighed in the month (one of D) with the month's
// last weighing: a row of the per-child file the puskesmas nutrition
// officer types into e-PPGBM.
type ChildRow struct {
	ChildID    int64
	Name       string
	Sex        Sex
	BirthDate  time.Time
	PosyanduID int64
	Posyandu   string
	On         time.Time
	WeightKg   float64 // > 0: the child was weighed
	LenHeiCm   float64 // 0 when not measured
	Position   growth.Position
	HeadCm     float64
	ArmCm      float64
	Oedema     bool
	Trend      growth.Trend
	TwoT       bool
	BGM        bool
}

// ChildColumns are the columns WriteChildren writes before the input
// columns of `tumbuh zscore`.
var ChildColumns = []string{"child_id", "child", "posyandu_id", "posyandu", "age_band", "trend", "two_t", "bgm"}

// zscoreInput are the `tumbuh zscore` input columns WriteChildren fills;
// survey.OutputColumns follow them.
var zscoreInput = survey.InputColumns

// WriteChildren writes one line per child: ChildColumns, the `tumbuh
// zscore` input columns (sex 1 boy, 2 girl) and the z-scores, flags and
// categories survey.Score adds, so the file reads like that command's
// output. The scores are computed again from the measurements, exactly as
// `tumbuh zscore` would.
func WriteChildren(w io.Writer, rows []ChildRow) error {
	var in bytes.Buffer
	cw := csv.NewWriter(&in)
	_ = cw.Write(append(append([]string{}, ChildColumns...), zscoreInput...))
	for _, r := range rows {
		_ = cw.Write(append(childCells(r), inputCells(r)...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write children CSV: %w", err)
	}
	if _, err := survey.Score(&in, w, nil); err != nil {
		return fmt.Errorf("score children CSV: %w", err)
	}
	return nil
}

func childCells(r ChildRow) []string {
	band := ""
	if b, ok := BandOf(growth.CompletedMonths(r.BirthDate, r.On)); ok {
		band = b.Code()
	}
	return []string{strconv.FormatInt(r.ChildID, 10), r.Name, strconv.FormatInt(r.PosyanduID, 10), r.Posyandu,
		band, string(r.Trend), yesNo(r.TwoT), yesNo(r.BGM)}
}

func inputCells(r ChildRow) []string {
	sex := growth.Male
	if r.Sex == P {
		sex = growth.Female
	}
	return survey.InputRow(sex, r.BirthDate, r.On, r.WeightKg, r.LenHeiCm, r.Position, r.Oedema, r.HeadCm, r.ArmCm)
}

func yesNo(b bool) string {
	if b {
		return "y"
	}
	return "n"
}
