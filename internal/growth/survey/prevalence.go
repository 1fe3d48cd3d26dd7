package survey

import (
	"errors"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/tumbuh-id/tumbuh/internal/growth"
)

// Measure is one prevalence estimated by Summarize.
type Measure uint8

// The prevalences, with WHO's definitions. Oedema counts as a case of wasting,
// severe wasting and underweight (and not of overweight).
const (
	Stunting       Measure = iota // length/height-for-age < −2
	SevereStunting                // length/height-for-age < −3
	Wasting                       // weight-for-length/height < −2, or oedema
	SevereWasting                 // weight-for-length/height < −3, or oedema
	Underweight                   // weight-for-age < −2, or oedema
	Overweight                    // weight-for-length/height > +2
	numMeasures
)

var measureNames = [numMeasures]string{"stunting", "severe stunting", "wasting", "severe wasting", "underweight", "overweight"}

// String returns the measure's name, e.g. "severe stunting".
func (m Measure) String() string {
	if m >= numMeasures {
		return ""
	}
	return measureNames[m]
}

// Sex groups and age groups of the table; group 0 is "all".
var (
	sexGroups = [3]string{"all", "boys", "girls"}
	ageGroups = [7]string{"0-59", "0-5", "6-11", "12-23", "24-35", "36-47", "48-59"}
)

// ageGroup returns the age group (1–6) of an age in completed months 0–59.
func ageGroup(months int) int {
	switch {
	case months < 6:
		return 1
	case months < 12:
		return 2
	}
	return 2 + months/12
}

// Cell is one estimate: Cases out of N children, the prevalence in percent
// and its 95% confidence interval.
type Cell struct {
	N, Cases           int
	Percent, Low, High float64
}

// Prevalence is the prevalence table of a survey: children with a known age
// below 60 months (age in whole days / 30.4375); for each measure, a
// child counts when the z-score is present and not flagged (or, for the
// weight-based measures, when oedema is present).
type Prevalence struct {
	// Children is the number of children aged 0–59 months read.
	Children int
	counts   [numMeasures][3][7]struct{ n, cases int }
}

// Summarize reads a CSV as Score does and returns its prevalence table. Bad
// rows are passed to onBad (which may be nil) and left out.
func Summarize(in io.Reader, onBad func(RowError)) (*Prevalence, error) {
	f, err := openCSV(in)
	if err != nil {
		return nil, err
	}
	p := &Prevalence{}
	row := 0
	for {
		rec, err := f.r.Read()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read row %d: %w", row+1, err)
		}
		row++
		in, why := f.header.readInput(rec)
		if why != "" {
			if onBad != nil {
				line, _ := f.r.FieldPos(0)
				onBad(RowError{Line: line, Reason: why})
			}
			continue
		}
		p.Add(in.Sex, growth.Assess(in))
	}
}

// Add counts one scored child (sex Male or Female) into the table. Children
// of unknown or 60+ months of age are ignored.
func (p *Prevalence) Add(sex growth.Sex, r growth.Result) {
	months := float64(r.AgeDays) / growth.DaysPerMonth
	if !r.AgeKnown || months >= 60 || (sex != growth.Male && sex != growth.Female) {
		return
	}
	p.Children++
	age := ageGroup(int(months))
	usable := func(i growth.Indicator, weightBased bool) (float64, bool) {
		if weightBased && r.Oedema {
			return math.Inf(-1), true
		}
		s := r.Score(i)
		return s.Z, s.Valid && !s.Flag
	}
	count := func(m Measure, ok, isCase bool) {
		if !ok {
			return
		}
		for _, s := range [2]int{0, int(sex)} {
			for _, a := range [2]int{0, age} {
				c := &p.counts[m][s][a]
				c.n++
				if isCase {
					c.cases++
				}
			}
		}
	}
	zlen, okLen := usable(growth.LengthForAge, false)
	count(Stunting, okLen, zlen < -2)
	count(SevereStunting, okLen, zlen < -3)
	zwfl, okWfl := usable(growth.WeightForLength, true)
	count(Wasting, okWfl, zwfl < -2)
	count(SevereWasting, okWfl, zwfl < -3)
	count(Overweight, okWfl, zwfl > 2)
	zwei, okWei := usable(growth.WeightForAge, true)
	count(Underweight, okWei, zwei < -2)
}

// Cell returns the estimate of measure m for sex group s (0 all, 1 boys,
// 2 girls) and age group a (0 all, then 0–5, 6–11, 12–23, 24–35, 36–47, 48–59
// months). The confidence interval is WHO Anthro's for a simple random
// sample: a logit interval with Student's t on Children − 1 degrees of
// freedom; it is [0, 0] or [100, 100] when the prevalence is 0 or 100%.
func (p *Prevalence) Cell(m Measure, s, a int) Cell {
	c := p.counts[m][s][a]
	out := Cell{N: c.n, Cases: c.cases}
	if c.n == 0 {
		return out
	}
	r := float64(c.cases) / float64(c.n)
	out.Percent, out.Low, out.High = 100*r, 100*r, 100*r
	if c.cases == 0 || c.cases == c.n || p.Children < 2 {
		return out
	}
	big := float64(p.Children)
	logit := math.Log(r / (1 - r))
	se := math.Sqrt(big / (big - 1) / (float64(c.n) * r * (1 - r)))
	t := tQuantile(0.975, big-1)
	out.Low = 100 / (1 + math.Exp(-(logit - t*se)))
	out.High = 100 / (1 + math.Exp(-(logit + t*se)))
	return out
}

// Print writes the table as aligned text: one line per measure, sex group
// and age group.
func (p *Prevalence) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Prevalence among %d children aged 0-59 months (WHO flags excluded; oedema counted as severe wasting and underweight).\n", p.Children)
	fmt.Fprint(tw, "measure\tsex\tage (months)\tn\tcases\t%\t95% CI\n")
	for m := range numMeasures {
		for s := range sexGroups {
			for a := range ageGroups {
				c := p.Cell(m, s, a)
				if c.N == 0 {
					fmt.Fprintf(tw, "%s\t%s\t%s\t0\t0\t-\t-\n", m, sexGroups[s], ageGroups[a])
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.1f\t%.1f-%.1f\n", m, sexGroups[s], ageGroups[a], c.N, c.Cases, c.Percent, c.Low, c.High)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}
