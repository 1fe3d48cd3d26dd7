package flows

import (
	"strconv"
	"strings"
)

// Button data of the flows below is "prefix:action" or "prefix:action:id",
// so the registry can route a press by its prefix and a step can check that
// an id is the one it is showing.

// button builds the data of a button.
func button(prefix, action string, id ...int64) string {
	s := prefix + ":" + action
	for _, v := range id {
		s += ":" + strconv.FormatInt(v, 10)
	}
	return s
}

// pressed reads button data of prefix into its action and id (0 when none
// or unreadable). ok is false for data of another prefix.
func pressed(in Input, prefix string) (action string, id int64, ok bool) {
	if in.Kind != KindButton {
		return "", 0, false
	}
	rest, found := strings.CutPrefix(in.Data, prefix+":")
	if !found {
		return "", 0, false
	}
	action, idText, _ := strings.Cut(rest, ":")
	id, _ = strconv.ParseInt(idText, 10, 64)
	return action, id, true
}
