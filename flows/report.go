package flows

import (
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

// FlowReport is /laporan: the month's SKDN for what the person oversees (a
// kader their posyandu, a nakes the posyandu of their puskesmas, an admin
// their region), as a short text and two CSV files: one laid out like
// Format F2, one row per child for e-PPGBM.
const FlowReport = "laporan"

const prefixReport = "lp"

const stepReportScope = "scope"

// ReportScope is something a person may see a report of.
type ReportScope struct {
	Scope skdn.Scope
	Name  string
}

type reportState struct {
	Month string `json:"month,omitempty"` // YYYY-MM; "" is this month
}

// Report is the /laporan flow.
func Report() *Flow[reportState] {
	return &Flow[reportState]{
		Name:  FlowReport,
		Start: reportStart,
		Steps: map[string]Step[reportState]{
			stepReportScope: {Ask: askReportScope, Handle: handleReportScope},
		},
	}
}

func reportStart(env *Env, in Input) (reportState, Result, error) {
	var s reportState
	scopes, err := env.Svc.ReportScopes(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	if len(scopes) == 0 {
		return s, End(Say(T(MsgNotForYou))), nil
	}
	// A button under an earlier report: another month of the same scope.
	if action, id, ok := pressed(in, prefixReport); ok {
		return s, s.pick(env, scopes, action, id), nil
	}
	if len(scopes) == 1 {
		return s, reportOf(env, scopes, 0, ""), nil
	}
	return s, Next(stepReportScope), nil
}

func askReportScope(env *Env, _ *reportState) (Reply, error) {
	scopes, err := env.Svc.ReportScopes(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Texts: []Text{T(MsgReportScopeAsk)}}
	for i, sc := range scopes {
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(sc.Name), Data: button(prefixReport, "scope", int64(i+1))}))
	}
	return r, nil
}

func handleReportScope(env *Env, s *reportState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixReport)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	scopes, err := env.Svc.ReportScopes(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	return s.pick(env, scopes, action, id), nil
}

// pick reads a report button: "scope:<n>" (this month) or "m<n>:<yyyymm>".
func (s *reportState) pick(env *Env, scopes []ReportScope, action string, id int64) Result {
	if action == "scope" && id >= 1 && int(id) <= len(scopes) {
		return reportOf(env, scopes, int(id-1), "")
	}
	if n, err := strconv.Atoi(trimM(action)); err == nil && n >= 1 && n <= len(scopes) && id > 0 {
		month := strconv.FormatInt(id/100, 10) + "-" + twoDigits(int(id%100))
		return reportOf(env, scopes, n-1, month)
	}
	return End(Say(T(MsgStaleButton)))
}

func trimM(action string) string {
	if len(action) > 1 && action[0] == 'm' {
		return action[1:]
	}
	return ""
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// reportOf ends with scope i's report of month ("" = this month): the
// summary, buttons for the two months before, and the two files.
func reportOf(env *Env, scopes []ReportScope, i int, month string) Result {
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil || user == nil {
		return End(Say(T(MsgNotFound)))
	}
	m := skdn.MonthOf(user.Today(env.Now))
	if month != "" {
		if parsed, err := skdn.ParseMonth(month); err == nil {
			m = parsed
		}
	}
	sc := scopes[i]
	sum, err := env.Svc.ReportSummary(env.Ctx, sc.Scope, m)
	if err != nil {
		return End(Say(T(MsgNotFound)))
	}
	first := time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
	lines := []Text{T(MsgReportReporting, "Reporting", sum.Reporting, "Total", sum.Posyandu)}
	for _, l := range sum.Lines {
		if l.HasRatio {
			pct, ok := l.Ratio.Percent()
			ratio := Lit("–")
			if ok {
				ratio = T(MsgReportPercent, "Percent", Num(pct, 1))
			}
			lines = append(lines, T(MsgReportLineRatio, "Label", T(l.Item.LabelKey()), "Count", l.Count,
				"Ratio", Lit(l.Kind.Code()), "Value", ratio))
			continue
		}
		lines = append(lines, T(MsgReportLine, "Label", T(l.Item.LabelKey()), "Count", l.Count))
	}
	var months []Button
	for back := 1; back <= 2; back++ {
		p := first.AddDate(0, -back, 0)
		months = append(months, Button{Label: T(MsgReportMonthButton, "Month", Month(p)),
			Data: prefixReport + ":m" + strconv.Itoa(i+1) + ":" + p.Format("200601")})
	}
	doc := func(name, caption string) Reply {
		return Reply{Texts: []Text{T(caption)}, Document: &DocumentRef{Name: name, Scope: sc.Scope, Month: m}}
	}
	return End(
		Reply{Texts: []Text{T(MsgReportHead, "Month", Month(first), "Scope", Lit(sc.Name)), {Lines: lines}},
			Buttons: [][]Button{months}},
		doc(DocReportF2, MsgReportF2Caption),
		doc(DocReportChildren, MsgReportChildrenCaption),
	)
}
