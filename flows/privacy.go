package flows

import (
	"errors"
	"strings"
)

// FlowData is /dataku: everything stored about the person, as two files.
const FlowData = "dataku"

// FlowErase is /hapusdata: delete the account after a confirmation that
// says exactly what goes.
const FlowErase = "hapusdata"

const prefixErase = "hapus"

const stepEraseConfirm = "confirm"

type privacyState struct{}

// Data is the /dataku flow: it answers at once and waits for nothing.
func Data() *Flow[privacyState] {
	return &Flow[privacyState]{
		Name: FlowData,
		Start: func(env *Env, in Input) (privacyState, Result, error) {
			user, err := env.Svc.CurrentUser(env.Ctx)
			if err != nil || user == nil {
				return privacyState{}, Result{}, errors.Join(err, errors.New("dataku without a registered user"))
			}
			docs := func(name, caption string) Reply {
				return Reply{Texts: []Text{T(caption)}, Document: &DocumentRef{Name: name, TelegramID: user.TelegramID}}
			}
			return privacyState{}, End(Say(T(MsgDataIntro, "Name", user.Name)),
				docs(DocDataJSON, MsgDataJSONCap), docs(DocMeasurementsCSV, MsgDataCSVCap)), nil
		},
		Steps: map[string]Step[privacyState]{},
	}
}

// Erase is the /hapusdata flow.
func Erase() *Flow[privacyState] {
	return &Flow[privacyState]{
		Name: FlowErase,
		Start: func(*Env, Input) (privacyState, Result, error) {
			return privacyState{}, Next(stepEraseConfirm), nil
		},
		Steps: map[string]Step[privacyState]{
			stepEraseConfirm: {Ask: askErase, Handle: handleErase},
		},
	}
}

func askErase(env *Env, _ *privacyState) (Reply, error) {
	plan, err := env.Svc.PlanErase(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	texts := []Text{T(MsgEraseAsk)}
	if len(plan.Deleted) > 0 {
		texts = append(texts, T(MsgEraseDeleted, "Names", Lit(strings.Join(plan.Deleted, ", "))))
	}
	if len(plan.Kept) > 0 {
		texts = append(texts, T(MsgEraseKept, "Names", Lit(strings.Join(plan.Kept, ", "))))
	}
	return Reply{Texts: texts, Buttons: [][]Button{
		Row(Choice(button(prefixErase, "yes"), MsgEraseYes)),
		Row(Choice(button(prefixErase, "no"), MsgButtonCancel)),
	}}, nil
}

func handleErase(env *Env, _ *privacyState, in Input) (Result, error) {
	action, _, ok := pressed(in, prefixErase)
	if !ok {
		return Stay(wrongKind(in)), nil
	}
	if action != "yes" {
		return End(Say(T(MsgEraseCancelled))), nil
	}
	if _, err := env.Svc.EraseAccount(env.Ctx); err != nil {
		return Result{}, err
	}
	return End(Reply{Texts: []Text{T(MsgEraseDone)}, RemoveKeyboard: true}), nil
}
