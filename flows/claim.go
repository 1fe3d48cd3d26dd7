package flows

import (
	"errors"

	"github.com/tumbuh-id/tumbuh/internal/child"
)

// FlowClaim answers "Apakah Budi anak Anda?", asked of a person whose phone
// number a cadre gave for a child they registered: yes links them (with
// their relation), no leaves the child unlinked and is not asked again.
const FlowClaim = "klaim"

const prefixClaim = "ak"

const stepClaimRelation = "relation"

type claimState struct {
	ChildID int64  `json:"child_id"`
	Name    string `json:"name"`
}

// Claim is the flow behind the question's buttons.
func Claim() *Flow[claimState] {
	return &Flow[claimState]{
		Name:  FlowClaim,
		Start: claimStart,
		Steps: map[string]Step[claimState]{
			stepClaimRelation: {Ask: askClaimRelation, Handle: handleClaimRelation},
		},
	}
}

// claimQuestion asks whether a child registered at the posyandu is the
// person's.
func claimQuestion(c child.Child) Reply {
	return Reply{Texts: []Text{T(MsgClaimAsk, "Name", c.Name, "Birth", Day(c.BirthDate))}, Buttons: [][]Button{
		Row(Choice(button(prefixClaim, "yes", c.ID), MsgClaimYes)),
		Row(Choice(button(prefixClaim, "no", c.ID), MsgClaimNo)),
	}}
}

func claimStart(env *Env, in Input) (claimState, Result, error) {
	var s claimState
	action, id, ok := pressed(in, prefixClaim)
	if !ok || id == 0 {
		return s, End(Say(T(MsgStaleButton))), nil
	}
	switch action {
	case "yes":
		s.ChildID = id
		return s, Next(stepClaimRelation), nil
	case "no":
		err := env.Svc.DeclineChild(env.Ctx, id)
		if errors.Is(err, ErrNotFound) {
			return s, End(Say(T(MsgNotFound))), nil
		}
		return s, End(Say(T(MsgClaimDeclined))), err
	}
	return s, End(Say(T(MsgStaleButton))), nil
}

func askClaimRelation(*Env, *claimState) (Reply, error) {
	return Reply{Texts: []Text{T(MsgClaimRelation)}, Buttons: relationButtons(prefixClaim)}, nil
}

func handleClaimRelation(env *Env, s *claimState, in Input) (Result, error) {
	rel, ok := pressedRelation(in, prefixClaim)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	c, err := env.Svc.ClaimChild(env.Ctx, s.ChildID, rel)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return Result{}, err
	}
	return End(Reply{Texts: []Text{T(MsgClaimDone, "Name", c.Name)}, Buttons: [][]Button{
		Row(Choice(button(prefixChildren, "list"), MsgChildAllChildren)),
	}}), nil
}
