package flows

import (
	"fmt"
	"strings"
)

// The place questions of registration: kecamatan, kelurahan, posyandu.

func askKecamatan(env *Env, s *registerState) (Reply, error) {
	places, err := env.Svc.Kecamatan(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	return s.edit(s.Picker.ask(T(MsgRegKecamatanAsk), places)), nil
}

func handleKecamatan(env *Env, s *registerState, in Input) (Result, error) {
	places, err := env.Svc.Kecamatan(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	return pick(s, places, in, func(p Place) Result {
		s.Kecamatan = p.Code
		return Next(stepKelurahan)
	}), nil
}

func askKelurahan(env *Env, s *registerState) (Reply, error) {
	places, err := env.Svc.Kelurahan(env.Ctx, s.Kecamatan)
	if err != nil {
		return Reply{}, err
	}
	return s.edit(s.Picker.ask(T(MsgRegKelurahanAsk), places, Row(Choice("back", MsgRegBack)))), nil
}

func handleKelurahan(env *Env, s *registerState, in Input) (Result, error) {
	if in.Kind == KindButton && in.Data == "back" {
		s.Picker.reset()
		return Next(stepKecamatan), nil
	}
	places, err := env.Svc.Kelurahan(env.Ctx, s.Kecamatan)
	if err != nil {
		return Result{}, err
	}
	return pick(s, places, in, func(p Place) Result {
		s.Kelurahan = p.Code
		return Next(stepPosyandu)
	}), nil
}

func askPosyandu(env *Env, s *registerState) (Reply, error) {
	places, err := env.Svc.Posyandu(env.Ctx, s.Kelurahan)
	if err != nil {
		return Reply{}, err
	}
	prompt := T(MsgRegPosyanduAsk)
	if len(places) == 0 {
		prompt = T(MsgRegPosyanduNone)
	}
	return s.edit(s.Picker.ask(prompt, places, Row(Choice("skip", MsgRegPosyanduSkip)), Row(Choice("back", MsgRegBack)))), nil
}

func handlePosyandu(env *Env, s *registerState, in Input) (Result, error) {
	if in.Kind == KindButton {
		switch in.Data {
		case "back":
			s.Picker.reset()
			return Next(stepKelurahan), nil
		case "skip":
			return finishRegistration(env, s, in, 0)
		}
	}
	places, err := env.Svc.Posyandu(env.Ctx, s.Kelurahan)
	if err != nil {
		return Result{}, err
	}
	var chosen int64
	res := pick(s, places, in, func(p Place) Result {
		_, _ = fmt.Sscan(p.Code, &chosen)
		return Result{}
	})
	if chosen == 0 {
		return res, nil
	}
	return finishRegistration(env, s, in, chosen)
}

// pick applies an input to the step's picker, calling chosen when a place is
// picked and asking again otherwise.
func pick(s *registerState, places []Place, in Input, chosen func(Place) Result) Result {
	ev, p := s.Picker.handle(places, in)
	switch ev {
	case pickChosen:
		s.Picker.reset()
		return chosen(p)
	case pickMoved:
		if in.Kind == KindButton {
			s.editID = in.MessageID
		}
		return Stay()
	case pickMissing:
		return Stay(T(MsgPickerNotFound, "Query", strings.TrimSpace(in.Text)))
	case pickStale:
		return Stay(T(MsgStaleButton))
	}
	return Stay(wrongKind(in))
}

// edit makes r replace the message whose button was pressed this turn, if any.
func (s *registerState) edit(r Reply) Reply {
	r.EditMessageID = s.editID
	return r
}
