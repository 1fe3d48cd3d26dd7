package flows

import "strings"

// Reading what people type and press.

func roleText(r Role) Text { return T(MsgRoleLabelPrefix + string(r)) }

func toggleRole(roles []Role, r Role) []Role {
	for i, have := range roles {
		if have == r {
			return append(roles[:i:i], roles[i+1:]...)
		}
	}
	return append(roles, r)
}

// rolesFromText understands typed answers such as "ibu hamil" or "orang tua, selesai".
func rolesFromText(text string) (roles []Role, done bool) {
	t := strings.ToLower(text)
	keywords := []struct {
		words []string
		role  Role
	}{
		{[]string{"orang tua", "ortu", "balita", "anak", "parent"}, RoleParent},
		{[]string{"hamil", "pregnan"}, RolePregnant},
		{[]string{"remaja", "adolescent", "girl"}, RoleAdolescent},
	}
	for _, k := range keywords {
		for _, w := range k.words {
			if strings.Contains(t, w) {
				roles = append(roles, k.role)
				break
			}
		}
	}
	for _, w := range []string{"selesai", "lanjut", "sudah", "done", "next", "continue"} {
		if strings.Contains(t, w) {
			done = true
		}
	}
	return roles, done
}

// yesNo reads a typed consent answer.
func yesNo(text string) string {
	switch strings.Trim(strings.ToLower(strings.TrimSpace(text)), ".!") {
	case "ya", "iya", "setuju", "saya setuju", "ok", "oke", "yes", "agree", "i agree", "y":
		return "yes"
	case "tidak", "tidak setuju", "gak", "nggak", "enggak", "no", "tolak", "n", "disagree", "i do not agree":
		return "no"
	}
	return ""
}

// wrongKind is the reply to input of a kind the step cannot use.
func wrongKind(in Input) Text {
	switch in.Kind {
	case KindButton:
		return T(MsgStaleButton)
	case KindOther, KindContact:
		return T(MsgUnreadable)
	}
	return T(MsgUseButtons)
}
