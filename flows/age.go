package flows

import (
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// ageText says an age as people do: "1 tahun 3 bulan", "7 bulan", "12 hari".
func ageText(birth, on time.Time) Text {
	a := child.AgeOn(birth, on)
	switch {
	case a.Years > 0 && a.Months > 0:
		return Text{Lines: []Text{T(MsgAgeYears, "Count", a.Years), T(MsgAgeMonths, "Count", a.Months)}, Sep: " "}
	case a.Years > 0:
		return T(MsgAgeYears, "Count", a.Years)
	case a.Months > 0:
		return T(MsgAgeMonths, "Count", a.Months)
	}
	return T(MsgAgeDays, "Count", a.Days)
}

func sexText(s child.Sex) Text { return T(MsgSexPrefix + string(s)) }
