// Package datarights serves a person's rights over their data (UU PDP
// 27/2022): a copy of everything stored about them and their children, and
// deletion of their account.
package datarights

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/growth/survey"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Store is what these use cases need of storage.
type Store interface {
	ProfileByTelegramID(ctx context.Context, telegramID int64) (store.Profile, error)
	ChildrenOf(ctx context.Context, userID int64) ([]store.ChildOverview, error)
	ChildHeldByOthers(ctx context.Context, childID, userID int64) (bool, error)
	MeasurementHistory(ctx context.Context, childID int64) ([]child.Measurement, error)
	Measurements(ctx context.Context, childID int64) ([]child.Measurement, error)
	ReferralsOfChild(ctx context.Context, childID int64) ([]store.Referral, error)
	RemoveGuardian(ctx context.Context, childID, userID int64) (bool, error)
	DeleteUser(ctx context.Context, userID, chatID int64) error
	Audit(ctx context.Context, actor, action, subject string, details map[string]any) error
}

var _ Store = (*store.Store)(nil)

// ErrNotRegistered: nothing is stored about this person.
var ErrNotRegistered = errors.New("not registered")

// Export is a person's data as two files.
type Export struct {
	// JSON is data.json: profile, consents, children and every measurement
	// ever written (corrected and removed ones included, marked as such).
	JSON []byte
	// CSV is measurements.csv: one row per current measurement, with the
	// columns of `tumbuh zscore` output plus child and source.
	CSV []byte
}

// ExportData gathers everything stored about the person and their children.
func ExportData(ctx context.Context, st Store, telegramID int64, now time.Time) (Export, error) {
	p, kids, err := personAndChildren(ctx, st, telegramID)
	if err != nil {
		return Export{}, err
	}
	doc := exportDoc{
		ExportedAt: now.UTC().Format(time.RFC3339),
		Profile: profileDoc{Name: p.Name, Phone: p.Phone, TelegramID: p.TelegramID, Language: p.Language,
			Roles: p.Roles, Kelurahan: p.RegionName, KelurahanCode: p.RegionCode, Posyandu: p.PosyanduName,
			RegisteredAt: p.RegisteredAt.Format(time.RFC3339)},
		Consents: []consentDoc{{Version: p.ConsentVersion, GivenAt: p.ConsentAt.Format(time.RFC3339)}},
		Children: []childDoc{},
	}
	rows := [][]string{append([]string{"child", "source"}, survey.InputColumns...)}
	for _, k := range kids {
		ms, err := st.MeasurementHistory(ctx, k.Child.ID)
		if err != nil {
			return Export{}, err
		}
		cd := childDoc{Name: k.Child.Name, Sex: string(k.Child.Sex), BirthDate: date(k.Child.BirthDate),
			BirthWeightKg: k.Child.BirthWeightKg, BirthLengthCm: k.Child.BirthLengthCm,
			Relation: string(k.Relation), Measurements: []measurementDoc{}}
		current, err := currentIDs(ctx, st, k.Child.ID)
		if err != nil {
			return Export{}, err
		}
		refs, err := st.ReferralsOfChild(ctx, k.Child.ID)
		if err != nil {
			return Export{}, err
		}
		for _, r := range refs {
			cd.Referrals = append(cd.Referrals, referralDoc{Puskesmas: r.Puskesmas, Posyandu: r.Posyandu,
				Reasons: r.Reasons, Status: r.Status, Finding: r.Finding, Treatment: r.Treatment, Note: r.Note,
				ReferredAt: r.CreatedAt.UTC().Format(time.RFC3339), MovedAt: r.MovedAt.UTC().Format(time.RFC3339)})
		}
		for _, m := range ms {
			cd.Measurements = append(cd.Measurements, measurementJSON(m, current[m.ID]))
			if current[m.ID] {
				rows = append(rows, append([]string{k.Child.Name, string(m.Source)},
					survey.InputRow(k.Child.Sex.Growth(), k.Child.BirthDate, m.On, m.WeightKg, m.LenHeiCm, m.Position,
						m.Oedema, m.HeadCm, m.ArmCm)...))
			}
		}
		doc.Children = append(doc.Children, cd)
	}
	var ex Export
	if ex.JSON, err = json.MarshalIndent(doc, "", "  "); err != nil {
		return Export{}, fmt.Errorf("encode data.json: %w", err)
	}
	if ex.CSV, err = scoreCSV(rows); err != nil {
		return Export{}, err
	}
	return ex, nil
}

// currentIDs tells which rows of a history still count: MeasurementHistory
// also keeps corrected and removed rows.
func currentIDs(ctx context.Context, st Store, childID int64) (map[int64]bool, error) {
	ms, err := st.Measurements(ctx, childID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ms))
	for _, m := range ms {
		out[m.ID] = true
	}
	return out, nil
}

// scoreCSV writes the input rows and runs them through the same scorer as
// `tumbuh zscore`, so the file has exactly its columns and formats.
func scoreCSV(rows [][]string) ([]byte, error) {
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("write measurements.csv input: %w", err)
	}
	var out bytes.Buffer
	if _, err := survey.Score(&in, &out, nil); err != nil {
		return nil, fmt.Errorf("score measurements.csv: %w", err)
	}
	return out.Bytes(), nil
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

type exportDoc struct {
	ExportedAt string       `json:"exported_at"`
	Profile    profileDoc   `json:"profile"`
	Consents   []consentDoc `json:"consents"`
	Children   []childDoc   `json:"children"`
}

type profileDoc struct {
	Name          string   `json:"name"`
	Phone         string   `json:"phone,omitempty"`
	TelegramID    int64    `json:"telegram_id"`
	Language      string   `json:"language,omitempty"`
	Roles         []string `json:"roles"`
	Kelurahan     string   `json:"kelurahan,omitempty"`
	KelurahanCode string   `json:"kelurahan_code,omitempty"`
	Posyandu      string   `json:"posyandu,omitempty"`
	RegisteredAt  string   `json:"registered_at"`
}

type consentDoc struct {
	Version string `json:"version"`
	GivenAt string `json:"given_at"`
}

type childDoc struct {
	Name          string           `json:"name"`
	Sex           string           `json:"sex"`
	BirthDate     string           `json:"birth_date"`
	BirthWeightKg float64          `json:"birth_weight_kg,omitempty"`
	BirthLengthCm float64          `json:"birth_length_cm,omitempty"`
	Relation      string           `json:"relation"`
	Measurements  []measurementDoc `json:"measurements"`
	Referrals     []referralDoc    `json:"referrals,omitempty"`
}

type referralDoc struct {
	Puskesmas  string   `json:"puskesmas"`
	Posyandu   string   `json:"posyandu"`
	Reasons    []string `json:"reasons"`
	Status     string   `json:"status"`
	Finding    string   `json:"finding,omitempty"`
	Treatment  string   `json:"treatment,omitempty"`
	Note       string   `json:"note,omitempty"`
	ReferredAt string   `json:"referred_at"`
	MovedAt    string   `json:"moved_at"`
}

type measurementDoc struct {
	MeasuredOn string             `json:"measured_on"`
	WeightKg   float64            `json:"weight_kg,omitempty"`
	LenHeiCm   float64            `json:"lenhei_cm,omitempty"`
	Position   string             `json:"position,omitempty"`
	HeadCm     float64            `json:"head_cm,omitempty"`
	ArmCm      float64            `json:"arm_cm,omitempty"`
	Oedema     bool               `json:"oedema"`
	Source     string             `json:"source"`
	RecordedAt string             `json:"recorded_at"`
	Current    bool               `json:"current"`
	AgeDays    int                `json:"age_days"`
	ZScores    map[string]float64 `json:"z_scores"`
	Flags      []string           `json:"implausible,omitempty"`
	Categories map[string]string  `json:"categories"`
	Trend      string             `json:"trend,omitempty"`
	TwoT       bool               `json:"two_t,omitempty"`
	BGM        bool               `json:"bgm,omitempty"`
	GainGrams  *int               `json:"gain_g,omitempty"`
	Referral   []string           `json:"referral_reasons,omitempty"`
}

func measurementJSON(m child.Measurement, current bool) measurementDoc {
	d := measurementDoc{MeasuredOn: date(m.On), WeightKg: m.WeightKg, LenHeiCm: m.LenHeiCm, HeadCm: m.HeadCm,
		ArmCm: m.ArmCm, Oedema: m.Oedema, Source: string(m.Source), RecordedAt: m.CreatedAt.UTC().Format(time.RFC3339),
		Current: current, AgeDays: m.AgeDays, ZScores: map[string]float64{}, Categories: map[string]string{},
		Trend: string(m.Status.Trend), TwoT: m.Status.TwoT, BGM: m.Status.BGM}
	switch m.Position {
	case growth.Lying:
		d.Position = "lying"
	case growth.Standing:
		d.Position = "standing"
	}
	for _, z := range []struct {
		name string
		s    child.Score
	}{{"zlen", m.ZLen}, {"zwei", m.ZWei}, {"zwfl", m.ZWfl}, {"zbmi", m.ZBMI}, {"zhc", m.ZHC}, {"zac", m.ZAC}} {
		name, s := z.name, z.s
		if s.Valid {
			d.ZScores[name] = s.Z
			if s.Flag {
				d.Flags = append(d.Flags, "f"+name[1:])
			}
		}
	}
	for name, c := range map[string]growth.Category{"cat_wfa": m.CatWFA, "cat_hfa": m.CatHFA, "cat_wfh": m.CatWFH,
		"cat_bmi": m.CatBMI} {
		if c != "" {
			d.Categories[name] = string(c)
		}
	}
	if m.Status.Trend == growth.TrendN || m.Status.Trend == growth.TrendT {
		g := m.Status.GainGrams
		d.GainGrams = &g
	}
	for _, r := range m.Referral.Reasons() {
		d.Referral = append(d.Referral, r.Code())
	}
	return d
}
