package growth

// AllCategories returns every Category code in a stable order.
func AllCategories() []Category {
	var out []Category
	for _, t := range categoryTables {
		out = append(out, t.cats...)
	}
	return out
}

// StatusCodes returns every growth-monitoring status code: the trends N, T,
// O, B, then 2T and BGM.
func StatusCodes() []string {
	return []string{string(TrendN), string(TrendT), string(TrendO), string(TrendB), StatusTwoT, StatusBGM}
}

// LabelKeys returns every locale key this package's codes need: one per
// indicator ("growth.indicator.<name>"), category ("growth.category.<code>"),
// status ("growth.status.<code>") and referral reason
// ("growth.referral.<code>"). A test in the package that owns the locales
// checks that each one exists in every language.
func LabelKeys() []string {
	var keys []string
	for _, i := range Indicators() {
		keys = append(keys, i.LabelKey())
	}
	for _, c := range AllCategories() {
		keys = append(keys, c.LabelKey())
	}
	for _, s := range StatusCodes() {
		keys = append(keys, "growth.status."+s)
	}
	for _, r := range Reasons() {
		keys = append(keys, r.LabelKey())
	}
	return keys
}
