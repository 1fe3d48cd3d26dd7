package skdn

// Line is one figure of the short summary the chat sends: an item, its
// count and, for K, D and N, the ratio that goes with it. The chat layer
// words it (Item.LabelKey, RatioKind.Code).
type Line struct {
	Item     Item
	Count    int
	HasRatio bool
	Ratio    Ratio
	Kind     RatioKind // valid when HasRatio
}

// Summary is the short form of a report: the totals of the scope.
type Summary struct {
	Month     Month
	Posyandu  int // posyandu in the scope
	Reporting int // of them, those that weighed anyone
	Lines     []Line
}

// ratioOf is the indicator shown beside an item in the summary.
var ratioOf = map[Item]RatioKind{K: KS, D: DS, N: NDPrime}

// Summary returns the report's totals as lines, one per item in F2 order.
func (r *Report) Summary() Summary {
	t := r.Total()
	s := Summary{Month: r.Month, Posyandu: len(r.Posyandu), Reporting: r.Reporting()}
	for _, it := range Items() {
		l := Line{Item: it, Count: t.Total(it)}
		if k, ok := ratioOf[it]; ok {
			l.HasRatio, l.Kind, l.Ratio = true, k, t.Ratio(k)
		}
		s.Lines = append(s.Lines, l)
	}
	return s
}
