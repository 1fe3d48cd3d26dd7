package child

import (
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Source says where a measurement was taken.
type Source string

// The sources.
const (
	AtHome     Source = "home"
	AtPosyandu Source = "posyandu"
)

// Score is one stored z-score: rounded to 2 decimals as WHO reports it.
type Score struct {
	Z     float64
	Valid bool
	Flag  bool // implausible by WHO's rule
}

// Measurement is one measurement of a child on one day: what was measured,
// and everything the program computes from it when it is written.
type Measurement struct {
	ID         int64
	ChildID    int64
	On         time.Time // calendar day
	WeightKg   float64   // 0 when not weighed
	LenHeiCm   float64   // 0 when not measured
	Position   growth.Position
	HeadCm     float64
	ArmCm      float64
	Oedema     bool
	Source     Source
	RecordedBy int64
	CreatedAt  time.Time

	// Computed (see Evaluate).
	AgeDays                int
	ZLen, ZWei, ZWfl, ZBMI Score
	ZHC, ZAC               Score
	CatWFA, CatHFA, CatWFH growth.Category
	CatBMI                 growth.Category
	Status                 growth.Status
	Referral               growth.Referral
}

// Input returns the measurement as internal/growth reads it.
func (m Measurement) Input(c Child) growth.Input {
	return growth.Input{
		Sex: c.Sex.Growth(), Age: growth.AgeFromDates(c.BirthDate, m.On),
		Weight: m.WeightKg, LenHei: m.LenHeiCm, Position: m.Position,
		Oedema: m.Oedema, HeadC: m.HeadCm, ArmC: m.ArmCm,
	}
}

// Assess fills the z-scores, flags and Indonesian categories of m from its
// inputs. It leaves Status and Referral alone: those depend on the
// child's other weighings (see Evaluate).
func Assess(c Child, m *Measurement) growth.Result {
	r := growth.Assess(m.Input(c))
	m.AgeDays = r.AgeDays
	score := func(i growth.Indicator) Score {
		s := r.Score(i)
		return Score{Z: s.Z, Valid: s.Valid, Flag: s.Flag}
	}
	m.ZLen, m.ZWei, m.ZWfl, m.ZBMI = score(growth.LengthForAge), score(growth.WeightForAge),
		score(growth.WeightForLength), score(growth.BMIForAge)
	m.ZHC, m.ZAC = score(growth.HeadForAge), score(growth.ArmForAge)
	cats := r.Categories
	m.CatWFA, m.CatHFA, m.CatWFH, m.CatBMI = cats.WeightForAge, cats.HeightForAge, cats.WeightForHeight, cats.BMIForAge
	return r
}

// Flagged lists the scores of m that WHO marks implausible: a value to
// confirm with the person before it is stored.
func (m Measurement) Flagged() []growth.Indicator {
	var out []growth.Indicator
	for _, s := range []struct {
		i growth.Indicator
		s Score
	}{{growth.WeightForAge, m.ZWei}, {growth.LengthForAge, m.ZLen}, {growth.WeightForLength, m.ZWfl},
		{growth.HeadForAge, m.ZHC}, {growth.ArmForAge, m.ZAC}} {
		if s.s.Valid && s.s.Flag {
			out = append(out, s.i)
		}
	}
	return out
}

// Evaluate computes everything of every measurement of a child's history
// (any order, current measurements only): z-scores, categories, the
// monthly growth status (N/T/O/B, 2T, BGM, gain against the KBM) and the
// referral verdict. A correction or removal can change the status of later
// weighings, so the whole history is evaluated together.
func Evaluate(c Child, history []Measurement) {
	results := make([]growth.Result, len(history))
	weighings := make([]growth.Weighing, len(history))
	for i := range history {
		results[i] = Assess(c, &history[i])
		weighings[i] = growth.Weighing{Date: history[i].On, Weight: history[i].WeightKg}
	}
	statuses := growth.MonitorEach(c.Sex.Growth(), c.BirthDate, weighings)
	for i := range history {
		st := statuses[i]
		if history[i].WeightKg <= 0 {
			st = growth.Status{AgeMonths: st.AgeMonths}
		}
		history[i].Status = st
		history[i].Referral = growth.NeedsReferral(results[i], st)
	}
}
