// Package skdn is the posyandu's monthly SKDN report and the kelurahan's
// Format F2: the counts S, K, D, D', N, T, 2T, O, B and BGM, the nutrition
// cases among the children weighed, each split by sex and F2 age band, the
// ratios between them, and the files an operator takes away (F2 and
// per-child CSV). Counting happens in the database (internal/store); this
// package holds the shapes, the rules that are not counting, and the
// writers. It has no I/O of its own and no words: the chat layer names the
// codes in the user's language.
package skdn

import (
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Sex is a column of the F2: L (laki-laki, boys) or P (perempuan, girls).
type Sex int

// The sexes, in F2 order.
const (
	L Sex = iota
	P
	NumSexes
)

// Code returns "L" or "P".
func (s Sex) Code() string { return [NumSexes]string{"L", "P"}[s] }

// Band is an F2 age band, in completed months.
type Band int

// The F2 age bands.
const (
	Band0to5 Band = iota
	Band6to11
	Band12to23
	Band24to35
	Band36to59
	NumBands
)

// BandStarts are the first month of every band after the first, the
// thresholds of SQL's width_bucket: a child of m months is in band
// width_bucket(m, BandStarts).
var BandStarts = []int{6, 12, 24, 36}

// MaxMonths is the age from which a child is no longer a balita: S counts
// children under 60 completed months on the last day of the month.
const MaxMonths = 60

var bandCodes = [NumBands]string{"0-5", "6-11", "12-23", "24-35", "36-59"}

// Code returns the band as written on the F2, e.g. "12-23".
func (b Band) Code() string { return bandCodes[b] }

// BandOf returns the band of an age in completed months, and false outside
// 0–59.
func BandOf(months int) (Band, bool) {
	if months < 0 || months >= MaxMonths {
		return 0, false
	}
	b := Band0to5
	for _, start := range BandStarts {
		if months >= start {
			b++
		}
	}
	return b, true
}

// Item is one counted row of the report.
type Item int

// The items, in F2 order. S and K are counted on the last day of the month
// by age then; the others among the children weighed (D), by age on the
// day of their last weighing of the month.
const (
	S           Item = iota // balita registered to the posyandu
	K                       // of S, with a Buku KIA (KMS)
	D                       // of S, weighed this month
	DPrime                  // D', of D, weighed last month too
	N                       // of D, gained at least the KBM (naik)
	T                       // of D, gained less (tidak naik)
	TwoT                    // 2T, of T, T last month too
	O                       // of D, not weighed last month, weighed before
	B                       // of D, weighed for the first time (baru)
	BGM                     // of D, weight-for-age below −3 SD (bawah garis merah)
	Stunted                 // of D, length/height-for-age below −2 SD (pendek, sangat pendek)
	Wasted                  // of D, weight-for-length/height below −2 SD (gizi kurang, gizi buruk)
	Underweight             // of D, weight-for-age below −2 SD (BB kurang, sangat kurang)
	Overweight              // of D, weight-for-length/height above +2 SD (gizi lebih, obesitas)
	NumItems
)

var itemCodes = [NumItems]string{"S", "K", "D", "D'", "N", "T", "2T", "O", "B", "BGM",
	"stunted", "wasted", "underweight", "overweight"}

// Code returns the item's code: the F2 symbol (S, K, D, D', N, T, 2T, O, B,
// BGM) or, for nutrition cases, a word that names a locale key.
func (i Item) Code() string { return itemCodes[i] }

// LabelKey returns the locale key of the item's name, e.g.
// "skdn.item.2T" or "skdn.item.stunted".
func (i Item) LabelKey() string { return "skdn.item." + i.Code() }

// Items lists every item in F2 order.
func Items() []Item {
	out := make([]Item, NumItems)
	for i := range out {
		out[i] = Item(i)
	}
	return out
}

// Nutrition cases by the stored category of the month's weighing.
var (
	StuntedCategories     = []growth.Category{growth.HFAStunted, growth.HFASeverelyStunted}
	WastedCategories      = []growth.Category{growth.WFHWasted, growth.WFHSeverelyWasted}
	UnderweightCategories = []growth.Category{growth.WFAUnderweight, growth.WFASeverelyUnderweight}
	OverweightCategories  = []growth.Category{growth.WFHOverweight, growth.WFHObese}
)

// Counts holds one count per item, sex and band.
type Counts [NumItems][NumSexes][NumBands]int

// Total returns the count of an item over both sexes and every band.
func (c *Counts) Total(i Item) int {
	n := 0
	for s := range NumSexes {
		n += c.Sex(i, s)
	}
	return n
}

// Sex returns the count of an item for one sex over every band.
func (c *Counts) Sex(i Item, s Sex) int {
	n := 0
	for _, v := range c[i][s] {
		n += v
	}
	return n
}

// Add adds o to c.
func (c *Counts) Add(o *Counts) {
	for i := range c {
		for s := range c[i] {
			for b := range c[i][s] {
				c[i][s][b] += o[i][s][b]
			}
		}
	}
}

// Posyandu is one column of the F2.
type Posyandu struct {
	ID          int64
	Name        string
	RegionCode  string // the kelurahan
	PuskesmasID int64
	Counts      Counts
}

// Reporting reports whether the posyandu weighed anyone this month.
func (p *Posyandu) Reporting() bool { return p.Counts.Total(D) > 0 }

// Report is the SKDN of a scope for a month: one column per posyandu, in
// kelurahan then name order.
type Report struct {
	Month    Month
	Scope    Scope
	Posyandu []Posyandu
}

// Total returns the counts of every posyandu added up.
func (r *Report) Total() Counts {
	var t Counts
	for i := range r.Posyandu {
		t.Add(&r.Posyandu[i].Counts)
	}
	return t
}

// Reporting returns how many posyandu weighed anyone this month.
func (r *Report) Reporting() int {
	n := 0
	for i := range r.Posyandu {
		if r.Posyandu[i].Reporting() {
			n++
		}
	}
	return n
}

// Ratio is a share: Num out of Den.
type Ratio struct {
	Num, Den int
}

// Percent returns 100·Num/Den, and false when Den is 0.
func (r Ratio) Percent() (float64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	return 100 * float64(r.Num) / float64(r.Den), true
}

// String writes the percentage with one decimal ("75.0"), or "" when the
// denominator is 0.
func (r Ratio) String() string {
	p, ok := r.Percent()
	if !ok {
		return ""
	}
	return strconv.FormatFloat(p, 'f', 1, 64)
}

// RatioKind is one of the SKDN indicators.
type RatioKind int

// The indicators (INDONESIA.md §3, DOMAIN.md).
const (
	KS      RatioKind = iota // K/S, coverage of the Buku KIA
	DS                       // D/S, participation
	DK                       // D/K, continuity
	NDPrime                  // N/D', success of weighing
	NS                       // N/S, effectiveness
	NumRatios
)

var ratioCodes = [NumRatios]string{"K/S", "D/S", "D/K", "N/D'", "N/S"}

// Code returns the indicator as written on the forms, e.g. "N/D'".
func (k RatioKind) Code() string { return ratioCodes[k] }

var ratioItems = [NumRatios][2]Item{{K, S}, {D, S}, {D, K}, {N, DPrime}, {N, S}}

// Ratio returns an indicator over both sexes and every band.
func (c *Counts) Ratio(k RatioKind) Ratio {
	it := ratioItems[k]
	return Ratio{Num: c.Total(it[0]), Den: c.Total(it[1])}
}

// BornBy returns the latest birth date of a child who is at least months
// completed months old on day v (growth.CompletedMonths). Comparing birth
// dates with it bands children without computing ages row by row.
func BornBy(v time.Time, months int) time.Time {
	b := v.AddDate(0, -months, 3)
	for growth.CompletedMonths(b, v) < months {
		b = b.AddDate(0, 0, -1)
	}
	return b
}

// BandEdges returns, for day v, the ascending birth dates that split
// children into bands, as SQL's width_bucket wants them: a child born
// before edges[0] is in Band36to59, before edges[1] in Band24to35, …, on or
// after edges[3] in Band0to5; see BandOfBucket.
func BandEdges(v time.Time) []time.Time {
	out := make([]time.Time, len(BandStarts))
	for i, start := range BandStarts {
		out[len(out)-1-i] = BornBy(v, start).AddDate(0, 0, 1)
	}
	return out
}

// BandOfBucket returns the band of width_bucket(birth, BandEdges(v)).
func BandOfBucket(bucket int) Band { return NumBands - 1 - Band(bucket) }

// FirstBirth returns the earliest birth date of a child under MaxMonths
// on day v.
func FirstBirth(v time.Time) time.Time { return BornBy(v, MaxMonths).AddDate(0, 0, 1) }
