package policy

import "strings"

// Referral is what policy needs to know about a referral.
type Referral struct {
	// PuskesmasID is the puskesmas the child is referred to.
	PuskesmasID int64
	// PosyanduID is the child's posyandu, which referred them.
	PosyanduID int64
	// RegionCode is the posyandu's Kemendagri region code.
	RegionCode string
}

// ReferralAction is something done with a referral.
type ReferralAction string

// The actions on a referral.
const (
	// ViewReferral: see the referral in /rujukan and open it.
	ViewReferral ReferralAction = "referral.view"
	// MoveReferral: move it on (diterima, diperiksa, ditangani, selesai).
	MoveReferral ReferralAction = "referral.move"
)

// ReferralActions lists every referral action, for tests that try each one.
var ReferralActions = []ReferralAction{ViewReferral, MoveReferral}

// CanReferral reports whether actor may do action with referral r.
//   - A nakes of the puskesmas it goes to may view and move it.
//   - A kader of the posyandu it comes from may view it.
//   - An admin may view the referrals of their region (their region code
//     is a prefix of the posyandu's, at a dot).
//   - Nobody else, guardians included: they are told of each step, and see
//     the child through the child's own actions.
func CanReferral(actor Actor, action ReferralAction, r Referral) bool {
	for _, g := range actor.Grants {
		switch g.Role {
		case Nakes:
			if r.PuskesmasID != 0 && g.PuskesmasID == r.PuskesmasID {
				return true
			}
		case Kader:
			if action == ViewReferral && r.PosyanduID != 0 && g.PosyanduID == r.PosyanduID {
				return true
			}
		case Admin:
			if action == ViewReferral && InRegion(g.RegionCode, r.RegionCode) {
				return true
			}
		}
	}
	return false
}

// InRegion reports whether region code lies within the region prefix:
// "36.74" holds "36.74" and "36.74.01.1001" but not "36.741".
func InRegion(prefix, code string) bool {
	if prefix == "" || code == "" {
		return false
	}
	return code == prefix || strings.HasPrefix(code, prefix+".")
}
