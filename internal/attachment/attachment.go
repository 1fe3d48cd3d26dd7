// Package attachment builds the files that outbox messages attach, when
// they are sent rather than in the turn that queued them: a child's growth
// chart (drawn from the measurements current at that moment) and a person's
// data export. Keeping the bytes out of the turn keeps turns short and
// images out of the outbox table.
package attachment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/datarights"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/internal/report"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Localizer renders a text in a language; bot.Renderer is one.
type Localizer interface {
	Text(lang string, t flows.Text) (string, error)
}

// Builder builds attachments from the database.
type Builder struct {
	q   store.Querier
	loc Localizer
	// Now is the clock, for the export's timestamp.
	Now func() time.Time
}

var _ outbox.Attacher = (*Builder)(nil)

// New returns a Builder reading through q.
func New(q store.Querier, loc Localizer) *Builder {
	return &Builder{q: q, loc: loc, Now: time.Now}
}

// Attach builds one attachment.
func (b *Builder) Attach(ctx context.Context, a outbox.Attachment) ([]byte, string, error) {
	switch a.Kind {
	case outbox.AttachChart:
		return b.chart(ctx, a)
	case outbox.AttachExport:
		return b.export(ctx, a)
	case outbox.AttachReport:
		return b.report(ctx, a)
	}
	return nil, "", fmt.Errorf("unknown attachment kind %q", a.Kind)
}

// Chart draws a child's growth chart as a PNG in lang.
func (b *Builder) Chart(ctx context.Context, childID int64, lang string) ([]byte, error) {
	data, _, err := b.chart(ctx, outbox.Attachment{Kind: outbox.AttachChart, ChildID: childID, Lang: lang})
	return data, err
}

func (b *Builder) chart(ctx context.Context, a outbox.Attachment) ([]byte, string, error) {
	st := store.On(b.q)
	ca, err := st.ChildWithAccess(ctx, a.ChildID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", outbox.ErrGone
	}
	if err != nil {
		return nil, "", err
	}
	ms, err := st.Measurements(ctx, a.ChildID)
	if err != nil {
		return nil, "", err
	}
	c := chart.Child{Name: ca.Child.Name, Sex: ca.Child.Sex.Growth()}
	for _, m := range ms {
		c.Points = append(c.Points, chart.Point{AgeDays: m.AgeDays, Weight: m.WeightKg, LenHei: m.LenHeiCm})
	}
	labels, err := Labels(b.loc, a.Lang)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if err := chart.Render(&buf, c, labels); err != nil {
		return nil, "", fmt.Errorf("draw chart of child %d: %w", a.ChildID, err)
	}
	return buf.Bytes(), "grafik.png", nil
}

// Labels fills a chart's texts from the locale files.
func Labels(loc Localizer, lang string) (chart.Labels, error) {
	var errs []error
	l := chart.NewLabels(func(id string) string {
		s, err := loc.Text(lang, flows.T(id))
		errs = append(errs, err)
		return s
	}, lang != "en")
	return l, errors.Join(errs...)
}

func (b *Builder) export(ctx context.Context, a outbox.Attachment) ([]byte, string, error) {
	ex, err := datarights.ExportData(ctx, store.On(b.q), a.TelegramID, b.Now())
	if errors.Is(err, datarights.ErrNotRegistered) {
		return nil, "", outbox.ErrGone
	}
	if err != nil {
		return nil, "", err
	}
	switch a.Name {
	case flows.DocDataJSON:
		return ex.JSON, a.Name, nil
	case flows.DocMeasurementsCSV:
		return ex.CSV, a.Name, nil
	}
	return nil, "", fmt.Errorf("unknown export file %q", a.Name)
}

// report builds an SKDN file: laid out like Format F2, with the items'
// names in the reader's language, or one row per child.
func (b *Builder) report(ctx context.Context, a outbox.Attachment) ([]byte, string, error) {
	if a.Scope == nil || a.Month == nil {
		return nil, "", fmt.Errorf("report attachment without scope or month")
	}
	var buf bytes.Buffer
	switch a.Name {
	case flows.DocReportF2:
		r, err := report.SKDN(ctx, b.q, *a.Scope, *a.Month)
		if err != nil {
			return nil, "", err
		}
		var lerr error
		label := func(it skdn.Item) string {
			s, err := b.loc.Text(a.Lang, flows.T(it.LabelKey()))
			if err != nil && lerr == nil {
				lerr = err
			}
			return s
		}
		if err := skdn.WriteF2(&buf, r, label); err != nil {
			return nil, "", err
		}
		if lerr != nil {
			return nil, "", lerr
		}
	case flows.DocReportChildren:
		rows, err := report.SKDNChildren(ctx, b.q, *a.Scope, *a.Month)
		if err != nil {
			return nil, "", err
		}
		if err := skdn.WriteChildren(&buf, rows); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", fmt.Errorf("unknown report file %q", a.Name)
	}
	return buf.Bytes(), a.Month.String() + "-" + a.Name, nil
}
