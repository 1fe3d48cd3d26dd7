package growth

// Category is an Indonesian growth category (Permenkes 2/2020) as a stable
// code, stored in the database and used in locale keys. The empty Category
// means "not assessed".
type Category string

// Categories of BB/U, weight-for-age, 0–60 months.
const (
	WFASeverelyUnderweight Category = "wfa_severely_underweight" // z < −3
	WFAUnderweight         Category = "wfa_underweight"          // −3 ≤ z < −2
	WFANormal              Category = "wfa_normal"               // −2 ≤ z ≤ +1
	WFARiskOverweight      Category = "wfa_risk_overweight"      // z > +1
)

// Categories of PB/U or TB/U, length/height-for-age, 0–60 months; also used
// for TB/U from 5 years, as Indonesian surveys do.
const (
	HFASeverelyStunted Category = "hfa_severely_stunted" // z < −3
	HFAStunted         Category = "hfa_stunted"          // −3 ≤ z < −2
	HFANormal          Category = "hfa_normal"           // −2 ≤ z ≤ +3
	HFATall            Category = "hfa_tall"             // z > +3
)

// Categories of BB/PB or BB/TB, weight-for-length/height, 0–60 months.
const (
	WFHSeverelyWasted  Category = "wfh_severely_wasted"  // z < −3 (gizi buruk)
	WFHWasted          Category = "wfh_wasted"           // −3 ≤ z < −2 (gizi kurang)
	WFHNormal          Category = "wfh_normal"           // −2 ≤ z ≤ +1 (gizi baik)
	WFHRiskOverweight  Category = "wfh_risk_overweight"  // +1 < z ≤ +2
	WFHOverweight      Category = "wfh_overweight"       // +2 < z ≤ +3 (gizi lebih)
	WFHObese           Category = "wfh_obese"            // z > +3
	BFASeverelyWasted  Category = "bfa_severely_wasted"  // IMT/U 0–60 months: z < −3
	BFAWasted          Category = "bfa_wasted"           // −3 ≤ z < −2
	BFANormal          Category = "bfa_normal"           // −2 ≤ z ≤ +1
	BFARiskOverweight  Category = "bfa_risk_overweight"  // +1 < z ≤ +2
	BFAOverweight      Category = "bfa_overweight"       // +2 < z ≤ +3
	BFAObese           Category = "bfa_obese"            // z > +3
	BFA518SeverelyThin Category = "bfa518_severely_thin" // IMT/U 5–18 years: z < −3
	BFA518Thin         Category = "bfa518_thin"          // −3 ≤ z < −2
	BFA518Normal       Category = "bfa518_normal"        // −2 ≤ z ≤ +1
	BFA518Overweight   Category = "bfa518_overweight"    // +1 < z ≤ +2
	BFA518Obese        Category = "bfa518_obese"         // z > +2
)

// LabelKey returns the locale key of the category's label, e.g.
// "growth.category.hfa_stunted".
func (c Category) LabelKey() string { return "growth.category." + string(c) }

// Index names one Indonesian anthropometric index, each with its own
// category table.
type Index uint8

// The indices of Permenkes 2/2020.
const (
	IndexWFA    Index = iota // BB/U, 0–60 months
	IndexHFA                 // PB/U or TB/U
	IndexWFH                 // BB/PB or BB/TB, 0–60 months
	IndexBMI                 // IMT/U, 0–60 months
	IndexBMI518              // IMT/U, 5–18 years
)

// category cut-offs: a z below cut[0] is band 0, …; the last band is open.
// Each bound says whether it belongs to the lower band (z ≤ bound) or the
// upper one (z < bound), per the regulation's interval convention.
type band struct {
	bound      float64
	upperInLow bool // z == bound falls in the lower band
}

var categoryTables = [...]struct {
	bands []band
	cats  []Category
}{
	IndexWFA: {
		[]band{{-3, false}, {-2, false}, {1, true}},
		[]Category{WFASeverelyUnderweight, WFAUnderweight, WFANormal, WFARiskOverweight},
	},
	IndexHFA: {
		[]band{{-3, false}, {-2, false}, {3, true}},
		[]Category{HFASeverelyStunted, HFAStunted, HFANormal, HFATall},
	},
	IndexWFH: {
		[]band{{-3, false}, {-2, false}, {1, true}, {2, true}, {3, true}},
		[]Category{WFHSeverelyWasted, WFHWasted, WFHNormal, WFHRiskOverweight, WFHOverweight, WFHObese},
	},
	IndexBMI: {
		[]band{{-3, false}, {-2, false}, {1, true}, {2, true}, {3, true}},
		[]Category{BFASeverelyWasted, BFAWasted, BFANormal, BFARiskOverweight, BFAOverweight, BFAObese},
	},
	IndexBMI518: {
		[]band{{-3, false}, {-2, false}, {1, true}, {2, true}},
		[]Category{BFA518SeverelyThin, BFA518Thin, BFA518Normal, BFA518Overweight, BFA518Obese},
	},
}

// Classify returns the category of z-score z on index ix with the exact
// boundary rules of Permenkes 2/2020: −3 and −2 belong to the band above
// them, +1, +2 and +3 to the band below. Pass the rounded z (Score.Z) so the
// category agrees with the number shown. It returns "" for an unknown index
// or a NaN z.
func Classify(ix Index, z float64) Category {
	if int(ix) >= len(categoryTables) || z != z {
		return ""
	}
	t := categoryTables[ix]
	for i, b := range t.bands {
		if z < b.bound || (b.upperInLow && z == b.bound) {
			return t.cats[i]
		}
	}
	return t.cats[len(t.cats)-1]
}

// Categories are the Indonesian categories of one measurement; an empty field
// was not assessed. For children up to 60 completed months (Result.Under5)
// they come from the 0–5 year z-scores; above, HeightForAge and BMIForAge come
// from the WHO Reference 2007 and WeightForAge and WeightForHeight are empty,
// as the regulation has no such table.
type Categories struct {
	WeightForAge    Category // BB/U
	HeightForAge    Category // PB/U or TB/U
	WeightForHeight Category // BB/PB or BB/TB
	BMIForAge       Category // IMT/U
}

// categorize applies the category tables to a scored Result. Oedema counts as
// below −3 SD for the weight-based indices, as WHO's prevalence does and as
// Indonesian practice classes oedema as gizi buruk.
func categorize(r *Result, oedema bool) Categories {
	var c Categories
	pick := func(ix Index, i Indicator, weightBased bool) Category {
		if weightBased && oedema {
			return Classify(ix, -99)
		}
		if s := r.Scores[i]; s.Valid {
			return Classify(ix, s.Z)
		}
		return ""
	}
	switch {
	case r.Under5():
		c.WeightForAge = pick(IndexWFA, WeightForAge, true)
		c.HeightForAge = pick(IndexHFA, LengthForAge, false)
		c.WeightForHeight = pick(IndexWFH, WeightForLength, true)
		c.BMIForAge = pick(IndexBMI, BMIForAge, true)
	case r.AgeKnown:
		if r.Scores[HeightForAge5to19].Valid {
			c.HeightForAge = pick(IndexHFA, HeightForAge5to19, false)
		}
		if r.Scores[BMIForAge5to19].Valid || (oedema && float64(r.AgeDays) < MaxAgeMonths5to19*DaysPerMonth) {
			c.BMIForAge = pick(IndexBMI518, BMIForAge5to19, true)
		}
	default:
		// Without age only weight-for-length/height can be scored.
		c.WeightForHeight = pick(IndexWFH, WeightForLength, true)
	}
	return c
}
