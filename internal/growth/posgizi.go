package growth

// PosGiziTarget is the weight gain in grams a child of ageMonths completed
// months needs over a pos gizi round of days calendar days (first session
// day to the weighing on the last, inclusive) to pass ("lulus").
//
// The rule: DOMAIN.md says the cadre records "lulus" when the child gained
// enough over the round, and that Tangerang Selatan's own criterion is
// unconfirmed. The measure of "enough gain" the posyandu already uses is
// the KBM (kenaikan berat badan minimal) of the KMS: the minimum gain in a
// month for the child's age, below which the weighing is T. A round is
// shorter than a month, so the target is the KBM pro-rated to the round's
// days, rounded up to whole grams: 12 sessions without Sundays span 14 days,
// which at 12-59 months (KBM 200 g) is 94 g, at 6 months (400 g) 187 g. A
// child below it joins the next round.
func PosGiziTarget(ageMonths, days int) int {
	if days < 1 {
		days = 1
	}
	return (KBM(ageMonths)*days + 29) / 30
}

// PosGiziPassed reports whether gainGrams over the round meets
// PosGiziTarget.
func PosGiziPassed(gainGrams, ageMonths, days int) bool {
	return gainGrams >= PosGiziTarget(ageMonths, days)
}
