package chart

// Labels holds every text a chart draws, in the reader's language. The chart
// adds only numbers and the child's name. Fill it with NewLabels.
type Labels struct {
	Title        string // above the chart, e.g. "Grafik Pertumbuhan Anak"
	Boy, Girl    string // the sex word shown after the child's name
	WeightForAge string // title of the weight panel
	LengthForAge string // title of the length/height panel
	AxisAge      string // x axis of both panels, in months
	AxisWeight   string // y axis of the weight panel, in kg
	AxisLength   string // y axis of the length/height panel, in cm
	Child        string // legend: the child's measurements
	Median       string // legend: the median (0 SD) line
	BandGood     string // legend: the green bands (−2 to +2 SD)
	BandWarning  string // legend: the yellow bands
	BandDanger   string // legend: the red band (below −3 SD)

	// DecimalComma writes 8,5 instead of 8.5.
	DecimalComma bool
}

// Message ties a locale message ID to the Labels field it fills.
type Message struct {
	ID    string // locale message ID, e.g. "chart.title"
	Field string // name of the Labels field, e.g. "Title"
	set   func(*Labels, string)
}

// MessageIDs lists, in a stable order, every locale message a chart needs and
// the Labels field each fills; every string field of Labels appears once. A
// test in the package that owns the locales checks that each ID exists in
// every language.
var MessageIDs = []Message{
	{"chart.title", "Title", func(l *Labels, s string) { l.Title = s }},
	{"chart.sex.boy", "Boy", func(l *Labels, s string) { l.Boy = s }},
	{"chart.sex.girl", "Girl", func(l *Labels, s string) { l.Girl = s }},
	{"chart.weight_for_age", "WeightForAge", func(l *Labels, s string) { l.WeightForAge = s }},
	{"chart.length_for_age", "LengthForAge", func(l *Labels, s string) { l.LengthForAge = s }},
	{"chart.axis.age", "AxisAge", func(l *Labels, s string) { l.AxisAge = s }},
	{"chart.axis.weight", "AxisWeight", func(l *Labels, s string) { l.AxisWeight = s }},
	{"chart.axis.length", "AxisLength", func(l *Labels, s string) { l.AxisLength = s }},
	{"chart.legend.child", "Child", func(l *Labels, s string) { l.Child = s }},
	{"chart.legend.median", "Median", func(l *Labels, s string) { l.Median = s }},
	{"chart.legend.good", "BandGood", func(l *Labels, s string) { l.BandGood = s }},
	{"chart.legend.warning", "BandWarning", func(l *Labels, s string) { l.BandWarning = s }},
	{"chart.legend.danger", "BandDanger", func(l *Labels, s string) { l.BandDanger = s }},
}

// NewLabels returns Labels with every text looked up by its message ID
// (see MessageIDs), e.g. through a go-i18n Localizer.
func NewLabels(lookup func(id string) string, decimalComma bool) Labels {
	l := Labels{DecimalComma: decimalComma}
	for _, m := range MessageIDs {
		m.set(&l, lookup(m.ID))
	}
	return l
}
