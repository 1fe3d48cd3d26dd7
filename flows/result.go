package flows

import (
	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// ResultReplies explains a stored measurement in plain words, then sends
// the child's growth chart: one sentence per indicator naming the category
// and its everyday meaning (with the z-score for cadres and health
// workers), the growth since the previous weighing against the KBM, and
// what to do next. fromPosyandu marks a weighing recorded by the posyandu.
func ResultReplies(reader *User, rec RecordedMeasurement, fromPosyandu bool) []Reply {
	c, m := rec.Child, rec.Saved
	name := c.Name
	texts := []Text{T(MsgResultHead, "Name", name, "Date", Day(m.On), "Age", ageText(c.BirthDate, m.On))}
	if fromPosyandu {
		texts = append(texts, T(MsgResultFromPosy))
	}
	if rec.Replaced != nil {
		texts = append(texts, T(MsgResultReplaced, "Measured", measuredText(*rec.Replaced)))
	}
	texts = append(texts, T(MsgResultMeasured, "Measured", measuredText(m)))

	var lines []Text
	zs := reader.SeesZScores()
	for _, ind := range []struct {
		cat growth.Category
		s   child.Score
	}{{m.CatWFA, m.ZWei}, {m.CatHFA, m.ZLen}, {m.CatWFH, m.ZWfl}} {
		if ind.cat == "" {
			continue
		}
		line := T(MsgResultPrefix+string(ind.cat), "Name", name)
		if zs && ind.s.Valid {
			line = Text{Lines: []Text{line, T(MsgResultZ, "Z", Num(ind.s.Z, 2))}, Sep: " "}
		}
		lines = append(lines, line)
	}
	if len(m.Flagged()) > 0 {
		lines = append(lines, T(MsgResultImplaus))
	}
	if len(lines) > 0 {
		texts = append(texts, Text{Lines: lines})
	}
	if g := gainText(name, m, rec.Previous); g != nil {
		texts = append(texts, *g)
	}
	if m.Status.BGM {
		texts = append(texts, T(MsgResultBGM, "Name", name))
	}
	texts = append(texts, nextStep(name, m))
	return []Reply{
		Say(texts...),
		{Texts: []Text{T(MsgChartCaption, "Name", name)}, Chart: &ChartRef{ChildID: c.ID}},
	}
}

// gainText says how the weight changed since the previous weighing.
func gainText(name string, m child.Measurement, prev *child.Measurement) *Text {
	st := m.Status
	var t Text
	switch st.Trend {
	case growth.TrendN:
		t = T(MsgResultGainN, "Name", name, "Gain", st.GainGrams, "Date", Day(prev.On), "KBM", st.KBMGrams)
	case growth.TrendT:
		if st.GainGrams > 0 {
			t = T(MsgResultGainT, "Name", name, "Gain", st.GainGrams, "Date", Day(prev.On), "KBM", st.KBMGrams)
		} else if st.GainGrams < 0 {
			t = T(MsgResultLossT, "Name", name, "Loss", -st.GainGrams, "Date", Day(prev.On), "KBM", st.KBMGrams)
		} else {
			t = T(MsgResultFlatT, "Name", name, "Date", Day(prev.On), "KBM", st.KBMGrams)
		}
		if st.TwoT {
			t = Text{Lines: []Text{t, T(MsgResultTwoT, "Name", name)}}
		}
	case growth.TrendO:
		if prev == nil {
			return nil
		}
		t = T(MsgResultTrendO, "Name", name, "Date", Day(prev.On))
	case growth.TrendB:
		t = T(MsgResultTrendB, "Name", name)
	default:
		return nil
	}
	return &t
}

// watchCategories are results that call for a health worker's look even
// when no referral is required: Buku KIA 2023 asks for one after a single
// weighing without enough gain.
var watchCategories = map[growth.Category]bool{
	growth.WFAUnderweight: true, growth.HFAStunted: true, growth.WFHRiskOverweight: true,
	growth.WFHOverweight: true, growth.WFHObese: true, growth.WFARiskOverweight: true,
}

// nextStep is what to do now, concretely and without blame.
func nextStep(name string, m child.Measurement) Text {
	if m.Referral.Needed() {
		var reasons []Text
		for _, r := range m.Referral.Reasons() {
			reasons = append(reasons, T(MsgReferralPrefix+r.Code()))
		}
		return Text{Lines: []Text{T(MsgResultRefer, "Name", name), T(MsgResultReasons, "Reasons", Text{Lines: reasons, Sep: "; "})}}
	}
	if m.Status.Trend == growth.TrendT || watchCategories[m.CatWFA] || watchCategories[m.CatHFA] || watchCategories[m.CatWFH] {
		return T(MsgResultWatch, "Name", name)
	}
	return T(MsgResultGood, "Name", name)
}

// shortStatus is a child's state in a few words, for lists: the most
// pressing category, or "normal".
func shortStatus(m child.Measurement) Text {
	for _, c := range []growth.Category{m.CatWFH, m.CatHFA, m.CatWFA} {
		switch c {
		case growth.WFHSeverelyWasted, growth.WFHWasted, growth.HFASeverelyStunted, growth.HFAStunted,
			growth.WFASeverelyUnderweight, growth.WFAUnderweight, growth.WFHOverweight, growth.WFHObese:
			return T(MsgStatusShortPrefix + string(c))
		}
	}
	if m.Status.Trend == growth.TrendT {
		return T(MsgStatusShortPrefix + string(growth.TrendT))
	}
	return T(MsgStatusShortGood)
}
