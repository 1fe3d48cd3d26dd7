package flows

// PosGiziReminder is the morning reminder of session number of a pos gizi
// round of total sessions; the last says the children are weighed.
func PosGiziReminder(number, total int, d PosyanduDayInfo) Reply {
	texts := []Text{T(MsgPosGiziSession, "Number", number, "Total", total, "Posyandu", Lit(d.Posyandu), "Start", d.Start, "End", d.End)}
	if d.Place != "" {
		texts = append(texts, T(MsgPosyanduPlace, "Place", Lit(d.Place)))
	}
	if number == total {
		texts = append(texts, T(MsgPosGiziWeighing))
	}
	return Say(texts...)
}
