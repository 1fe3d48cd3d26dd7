package referral

import (
	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/policy"
)

// Info is r as the flows show it to actor.
func Info(r Referral, actor policy.Actor) flows.ReferralInfo {
	info := flows.ReferralInfo{
		ID: r.ID, Child: r.Child, Reasons: r.Reasons, Status: string(r.Status), Finding: string(r.Finding),
		Note: r.Note, Treatment: string(r.Treatment), Posyandu: r.Posyandu, Puskesmas: r.Puskesmas,
		CreatedAt: r.CreatedAt, MovedAt: r.MovedAt, ReferredBy: r.ReferredBy, Guardians: r.Guardians,
		CanMove: policy.CanReferral(actor, policy.MoveReferral, r.Subject()),
	}
	if r.Measurement != nil {
		info.Measurement = *r.Measurement
	}
	return info
}
