// Package policy is the one place that says who may do what with a child's
// data (ARCHITECTURE §2): a parent only their own children, a cadre the
// children of their posyandu, a health worker the children referred to their
// puskesmas. It has no I/O: callers load the actor and the subject, then ask.
package policy

import "slices"

// Role is what a person is to the program (the values of user_roles.role).
type Role string

// The roles.
const (
	Parent     Role = "orang_tua"
	Pregnant   Role = "ibu_hamil"
	Adolescent Role = "remaja_putri"
	Kader      Role = "kader"
	Nakes      Role = "nakes"
	Admin      Role = "admin"
)

// Grant is one role of a person, with the place it is for.
type Grant struct {
	Role        Role
	PosyanduID  int64  // kader
	PuskesmasID int64  // nakes
	RegionCode  string // admin
}

// Actor is the person asking.
type Actor struct {
	UserID int64
	Grants []Grant
}

// Has reports whether the actor holds role anywhere.
func (a Actor) Has(role Role) bool {
	return slices.ContainsFunc(a.Grants, func(g Grant) bool { return g.Role == role })
}

// Child is what policy needs to know about a child.
type Child struct {
	// Guardians are the user ids of the child's guardians.
	Guardians []int64
	// PosyanduID is the child's posyandu, 0 when none.
	PosyanduID int64
	// ReferredTo are the puskesmas the child has an open referral to.
	ReferredTo []int64
}

// Action is something done with a child's data.
type Action string

// The actions on a child.
const (
	// ViewChild: see the child, their measurements and chart.
	ViewChild Action = "child.view"
	// MeasureChild: record a measurement of the child.
	MeasureChild Action = "child.measure"
	// EditChild: correct the child's name, sex or birth date, or a measurement.
	EditChild Action = "child.edit"
	// UnlinkChild: stop being the child's guardian (the parent's "remove").
	UnlinkChild Action = "child.unlink"
	// ReferChild: refer the child to the puskesmas of their posyandu.
	ReferChild Action = "child.refer"
)

// Actions lists every action, for tests that try each one.
var Actions = []Action{ViewChild, MeasureChild, EditChild, UnlinkChild, ReferChild}

// CanChild reports whether actor may do action with child.
//   - A guardian may do everything.
//   - A kader of the child's posyandu may view, measure and correct, but not
//     unlink a family from its child.
//   - Only a kader of the child's posyandu may refer the child: a referral
//     goes from the posyandu to its puskesmas, so not even a guardian may.
//   - A nakes may view a child referred to their puskesmas.
//   - An admin sees aggregates only, never a child.
func CanChild(actor Actor, action Action, c Child) bool {
	if action == ReferChild {
		return ServesPosyandu(actor, c.PosyanduID)
	}
	if actor.UserID != 0 && slices.Contains(c.Guardians, actor.UserID) {
		return true
	}
	for _, g := range actor.Grants {
		switch g.Role {
		case Kader:
			if c.PosyanduID != 0 && g.PosyanduID == c.PosyanduID && action != UnlinkChild {
				return true
			}
		case Nakes:
			if action == ViewChild && g.PuskesmasID != 0 && slices.Contains(c.ReferredTo, g.PuskesmasID) {
				return true
			}
		}
	}
	return false
}

// AdminRegion is the region the actor oversees as an admin ("" for all of
// it) and whether they are an admin at all. Of several admin grants the
// widest (the shortest code) holds.
func AdminRegion(actor Actor) (string, bool) {
	region, ok := "", false
	for _, g := range actor.Grants {
		if g.Role == Admin && (!ok || len(g.RegionCode) < len(region)) {
			region, ok = g.RegionCode, true
		}
	}
	return region, ok
}

// ServesPosyandu reports whether the actor is a kader of posyandu.
func ServesPosyandu(actor Actor, posyanduID int64) bool {
	return posyanduID != 0 && slices.ContainsFunc(actor.Grants, func(g Grant) bool {
		return g.Role == Kader && g.PosyanduID == posyanduID
	})
}

// SeesZScores reports whether the actor is shown z-scores beside the plain
// words: health workers and cadres are trained to read them, parents are not.
func SeesZScores(actor Actor) bool {
	return actor.Has(Kader) || actor.Has(Nakes)
}
