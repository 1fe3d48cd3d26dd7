package flows

import "time"

// PosyanduDayInfo is a posyandu day as messages show it: local times.
type PosyanduDayInfo struct {
	ID         int64
	Posyandu   string
	Day        time.Time // midnight UTC of the local day
	Start, End string    // "08.00"
	Place      string
	// MovedTo is the new day of a cancelled day that moved (zero: none).
	MovedTo time.Time
}

// The posyandu day reminders.
const (
	PosyanduEve     = "eve"
	PosyanduMorning = "morning"
	PosyanduCancel  = "cancel"
)

// PosyanduReminder is the reminder of a posyandu day: the afternoon
// before (PosyanduEve), the morning itself (PosyanduMorning), or that it
// is cancelled (PosyanduCancel). In February and August it says vitamin A
// is given.
func PosyanduReminder(which string, d PosyanduDayInfo) Reply {
	args := []any{"Posyandu", Lit(d.Posyandu), "Date", Day(d.Day), "Start", d.Start, "End", d.End}
	if which == PosyanduCancel && !d.MovedTo.IsZero() {
		return Say(T(MsgPosyanduMoved, append(args, "New", Day(d.MovedTo))...))
	}
	if which == PosyanduCancel {
		return Say(T(MsgPosyanduCancelled, args...))
	}
	id := MsgPosyanduEve
	if which == PosyanduMorning {
		id = MsgPosyanduMorning
	}
	texts := []Text{T(id, args...)}
	if d.Place != "" {
		texts = append(texts, T(MsgPosyanduPlace, "Place", Lit(d.Place)))
	}
	texts = append(texts, T(MsgPosyanduBring))
	if m := d.Day.Month(); m == time.February || m == time.August {
		texts = append(texts, T(MsgPosyanduVitaminA))
	}
	return Say(texts...)
}
