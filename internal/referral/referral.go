// Package referral is the referral loop (issue 7 §6): a cadre refers a child
// whose weighing advised it to the puskesmas of the child's posyandu; the
// health workers there move it on (diterima → diperiksa → ditangani →
// selesai) and the cadre and the parents are told each step. Each function
// is one thing a person does, over a small store interface in the caller's
// transaction, checked by policy.
package referral

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Status is where a referral stands.
type Status string

// The statuses, in the only order a referral moves through them.
const (
	Referred Status = "dirujuk"
	Accepted Status = "diterima"
	Examined Status = "diperiksa"
	Treated  Status = "ditangani"
	Closed   Status = "selesai"
)

var order = []Status{Referred, Accepted, Examined, Treated, Closed}

// Next is the status after s, or false when s is the last (or unknown).
func (s Status) Next() (Status, bool) {
	i := slices.Index(order, s)
	if i < 0 || i == len(order)-1 {
		return "", false
	}
	return order[i+1], true
}

// Finding is what the examination at the puskesmas found.
type Finding string

// The findings.
const (
	FindingStunting   Finding = "stunting"
	FindingUnderfed   Finding = "gizi_kurang"
	FindingMalnourish Finding = "gizi_buruk"
	FindingNormal     Finding = "normal"
)

// Findings lists them in the order offered.
var Findings = []Finding{FindingStunting, FindingUnderfed, FindingMalnourish, FindingNormal}

// Treatment is how the puskesmas handles the child.
type Treatment string

// The treatments.
const (
	TreatPMT     Treatment = "pmt"
	TreatPosGizi Treatment = "pos_gizi"
	TreatRS      Treatment = "rujuk_rs"
	TreatOther   Treatment = "lainnya"
)

// Treatments lists them in the order offered.
var Treatments = []Treatment{TreatPMT, TreatPosGizi, TreatRS, TreatOther}

// maxNote bounds a health worker's typed note, in runes.
const maxNote = 500

// Errors of the referral loop.
var (
	// ErrNotFound: no such referral or measurement, or none the actor may
	// see or act on: forged button data gets the same answer.
	ErrNotFound = child.ErrNotFound
	// ErrNoReason: the measurement advises no referral.
	ErrNoReason = errors.New("measurement advises no referral")
	// ErrMoved: the referral is not where the move starts from (it moved
	// meanwhile, or the move skips a step); the current state comes with it.
	ErrMoved = errors.New("referral moved meanwhile")
	// ErrInvalid: a move without the finding or treatment it needs.
	ErrInvalid = errors.New("invalid referral move")
)

// Referral is a referral with its child, its measurement and who hears of it.
type Referral struct {
	store.Referral
	Status    Status
	Finding   Finding
	Treatment Treatment
	// Guardians are the user ids of the child's guardians.
	Guardians []int64
}

// Store is what the referral use cases need of storage.
type Store interface {
	ChildWithAccess(ctx context.Context, id int64) (store.ChildAccess, error)
	ReferralSource(ctx context.Context, measurementID int64) (store.ReferralSource, error)
	InsertReferral(ctx context.Context, n store.NewReferral) (int64, bool, error)
	Referral(ctx context.Context, id int64) (store.Referral, error)
	MoveReferral(ctx context.Context, m store.ReferralMove) error
	OpenReferrals(ctx context.Context, f store.ReferralFilter) ([]store.Referral, error)
	NakesOf(ctx context.Context, puskesmasID int64) ([]int64, error)
}

var _ Store = (*store.Store)(nil)

// Subject is what policy needs to know about r.
func (r Referral) Subject() policy.Referral {
	return policy.Referral{PuskesmasID: r.PuskesmasID, PosyanduID: r.PosyanduID, RegionCode: r.RegionCode}
}

// Create refers the child of a measurement to the puskesmas of the child's
// posyandu. Only a kader of that posyandu may (else ErrNotFound); the
// measurement must advise a referral (else ErrNoReason). A second call for
// the same measurement creates nothing: it returns the existing referral
// and false.
func Create(ctx context.Context, st Store, actor policy.Actor, measurementID int64, now time.Time) (Referral, bool, error) {
	src, err := st.ReferralSource(ctx, measurementID)
	if errors.Is(err, store.ErrNotFound) {
		return Referral{}, false, ErrNotFound
	}
	if err != nil {
		return Referral{}, false, err
	}
	ca, err := st.ChildWithAccess(ctx, src.ChildID)
	if errors.Is(err, store.ErrNotFound) {
		return Referral{}, false, ErrNotFound
	}
	if err != nil {
		return Referral{}, false, err
	}
	if !policy.CanChild(actor, policy.ReferChild, ca.Policy) || src.PuskesmasID == 0 {
		return Referral{}, false, ErrNotFound
	}
	if len(src.Reasons) == 0 {
		return Referral{}, false, ErrNoReason
	}
	id, created, err := st.InsertReferral(ctx, store.NewReferral{
		ChildID: src.ChildID, MeasurementID: measurementID, PosyanduID: src.PosyanduID, PuskesmasID: src.PuskesmasID,
		ReferredBy: actor.UserID, Reasons: src.Reasons, At: now,
	})
	if err != nil {
		return Referral{}, false, err
	}
	r, err := load(ctx, st, id)
	return r, created, err
}

// Get returns a referral the actor may do action with, or ErrNotFound.
func Get(ctx context.Context, st Store, actor policy.Actor, id int64, action policy.ReferralAction) (Referral, error) {
	r, err := load(ctx, st, id)
	if err != nil {
		return Referral{}, err
	}
	if !policy.CanReferral(actor, action, r.Subject()) {
		return Referral{}, ErrNotFound
	}
	return r, nil
}

// Move is one step of a referral: to the status after its current one,
// with the finding (to diperiksa, with an optional note) or the treatment
// (to ditangani).
type Move struct {
	ID        int64
	To        Status
	Finding   Finding
	Note      string
	Treatment Treatment
}

// Apply moves a referral one step on. Only a nakes of its puskesmas may
// (else ErrNotFound). A move that does not start from the current status
// (a stale button, a second press, a skip) returns the referral as it is
// with ErrMoved; one without its finding or treatment returns ErrInvalid.
func Apply(ctx context.Context, st Store, actor policy.Actor, m Move, now time.Time) (Referral, error) {
	r, err := Get(ctx, st, actor, m.ID, policy.MoveReferral)
	if err != nil {
		return Referral{}, err
	}
	if next, ok := r.Status.Next(); !ok || next != m.To {
		return r, ErrMoved
	}
	mv := store.ReferralMove{ID: m.ID, From: string(r.Status), To: string(m.To), By: actor.UserID, At: now}
	switch m.To {
	case Examined:
		if !slices.Contains(Findings, m.Finding) {
			return r, fmt.Errorf("%w: finding %q", ErrInvalid, m.Finding)
		}
		mv.Finding = string(m.Finding)
		if note := []rune(m.Note); len(note) > maxNote {
			m.Note = string(note[:maxNote])
		}
		mv.Note = m.Note
	case Treated:
		if !slices.Contains(Treatments, m.Treatment) {
			return r, fmt.Errorf("%w: treatment %q", ErrInvalid, m.Treatment)
		}
		mv.Treatment = string(m.Treatment)
	}
	err = st.MoveReferral(ctx, mv)
	if errors.Is(err, store.ErrChanged) {
		now, lerr := load(ctx, st, m.ID)
		if lerr != nil {
			return Referral{}, lerr
		}
		return now, ErrMoved
	}
	if err != nil {
		return Referral{}, err
	}
	return load(ctx, st, m.ID)
}

// openLimit bounds a /rujukan list.
const openLimit = 30

// Open lists the open referrals the actor follows, oldest first: a nakes
// those to their puskesmas, a kader those from their posyandu, an admin
// those of their region.
func Open(ctx context.Context, st Store, actor policy.Actor) ([]Referral, error) {
	var f store.ReferralFilter
	for _, g := range actor.Grants {
		switch {
		case g.Role == policy.Nakes && g.PuskesmasID != 0:
			f.PuskesmasIDs = append(f.PuskesmasIDs, g.PuskesmasID)
		case g.Role == policy.Kader && g.PosyanduID != 0:
			f.PosyanduIDs = append(f.PosyanduIDs, g.PosyanduID)
		case g.Role == policy.Admin && g.RegionCode != "":
			f.Regions = append(f.Regions, g.RegionCode)
		}
	}
	f.Limit = openLimit
	rows, err := st.OpenReferrals(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Referral, 0, len(rows))
	for _, row := range rows {
		r := wrap(row)
		if policy.CanReferral(actor, policy.ViewReferral, r.Subject()) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Nakes returns the user ids of the health workers a referral goes to.
func Nakes(ctx context.Context, st Store, r Referral) ([]int64, error) {
	return st.NakesOf(ctx, r.PuskesmasID)
}

func wrap(r store.Referral) Referral {
	return Referral{Referral: r, Status: Status(r.Status), Finding: Finding(r.Finding), Treatment: Treatment(r.Treatment)}
}

// load returns a referral with its guardians, unchecked.
func load(ctx context.Context, st Store, id int64) (Referral, error) {
	row, err := st.Referral(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Referral{}, ErrNotFound
	}
	if err != nil {
		return Referral{}, err
	}
	r := wrap(row)
	ca, err := st.ChildWithAccess(ctx, row.Child.ID)
	if errors.Is(err, store.ErrNotFound) {
		return Referral{}, ErrNotFound
	}
	if err != nil {
		return Referral{}, err
	}
	r.Guardians = ca.Policy.Guardians
	return r, nil
}
