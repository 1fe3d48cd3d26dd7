package flows

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/schedule"
)

// FlowJadwal is a cadre's posyandu schedule: /jadwal shows the coming days
// with a button to cancel each, and takes a new schedule typed as cadres
// say it ("Selasa ke-2 08:00-11:00 Balai RW 03") or one date.
const FlowJadwal = "jadwal"

const prefixJadwal = "jadwal"

const (
	stepJadwalPlan = "plan"
	// stepJadwalWhich asks a cadre of several posyandu which one.
	stepJadwalWhich = "which"
)

// ScheduleService is what a cadre's /jadwal uses.
type ScheduleService interface {
	// KaderPosyandu lists the posyandu the person is a kader of; Code is the id.
	KaderPosyandu(ctx context.Context) ([]Place, error)
	// PosyanduDays lists the coming days of one of the person's posyandu.
	PosyanduDays(ctx context.Context, posyanduID int64, now time.Time) ([]PosyanduDayInfo, error)
	// PlanPosyandu sets the schedule of one of the person's posyandu.
	PlanPosyandu(ctx context.Context, posyanduID int64, p schedule.PosyanduPlan, now time.Time) error
	// CancelPosyanduDay cancels a coming day of one of the person's
	// posyandu; ErrNotFound when there is none such.
	CancelPosyanduDay(ctx context.Context, dayID int64) (PosyanduDayInfo, error)
}

type jadwalState struct {
	PosyanduID int64  `json:"posyandu_id"`
	Name       string `json:"name"`
}

// Jadwal is the flow behind /jadwal and its buttons.
func Jadwal() *Flow[jadwalState] {
	return &Flow[jadwalState]{
		Name:  FlowJadwal,
		Start: jadwalStart,
		Steps: map[string]Step[jadwalState]{
			stepJadwalPlan:  {Ask: askJadwalPlan, Handle: handleJadwalPlan},
			stepJadwalWhich: {Ask: askJadwalWhich, Handle: handleJadwalWhich},
		},
	}
}

func jadwalStart(env *Env, in Input) (jadwalState, Result, error) {
	var s jadwalState
	if in.Kind == KindButton {
		res, err := jadwalCancel(env, in)
		return s, res, err
	}
	ps, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	if len(ps) == 0 {
		return s, End(Say(T(MsgNotForYou))), nil
	}
	if len(ps) > 1 {
		return s, Next(stepJadwalWhich), nil
	}
	s.PosyanduID, _ = strconv.ParseInt(ps[0].Code, 10, 64)
	s.Name = ps[0].Name
	return s, Next(stepJadwalPlan), nil
}

func askJadwalWhich(env *Env, _ *jadwalState) (Reply, error) {
	return askKaderPosyandu(env, MsgJadwalWhich, prefixJadwal, "pos")
}

func handleJadwalWhich(env *Env, s *jadwalState, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixJadwal)
	if !ok || action != "pos" {
		return Stay(wrongKind(in)), nil
	}
	ps, err := env.Svc.KaderPosyandu(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	if p, ok := placeByID(ps, id); ok {
		s.PosyanduID, s.Name = id, p.Name
		return Next(stepJadwalPlan), nil
	}
	return Stay(T(MsgStaleButton)), nil
}

func askJadwalPlan(env *Env, s *jadwalState) (Reply, error) {
	days, err := env.Svc.PosyanduDays(env.Ctx, s.PosyanduID, env.Now)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{}
	if len(days) == 0 {
		r.Texts = append(r.Texts, T(MsgJadwalNone, "Posyandu", Lit(s.Name)))
	} else {
		var lines []Text
		for _, d := range days {
			lines = append(lines, T(MsgJadwalDay, "Date", Day(d.Day), "Start", d.Start, "End", d.End, "Place", Lit(d.Place)))
			r.Buttons = append(r.Buttons, Row(Choice(button(prefixJadwal, "cancel", d.ID), MsgJadwalCancelButton, "Date", Day(d.Day))))
		}
		r.Texts = append(r.Texts, T(MsgJadwalComing, "Posyandu", Lit(s.Name)), Text{Lines: lines})
	}
	r.Texts = append(r.Texts, T(MsgJadwalAsk))
	return r, nil
}

// jadwalCancel handles a "cancel this day" button, pressed while /jadwal
// waits or at any time after.
func jadwalCancel(env *Env, in Input) (Result, error) {
	action, id, ok := pressed(in, prefixJadwal)
	if !ok || action != "cancel" {
		return End(Say(T(MsgStaleButton))), nil
	}
	d, err := env.Svc.CancelPosyanduDay(env.Ctx, id)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return Result{}, err
	}
	return End(Say(T(MsgJadwalCancelled, "Date", Day(d.Day)))), nil
}

func handleJadwalPlan(env *Env, s *jadwalState, in Input) (Result, error) {
	if _, _, ok := pressed(in, prefixJadwal); ok {
		return jadwalCancel(env, in)
	}
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	p, err := schedule.ParsePosyanduPlan(in.Text)
	if err != nil {
		return Stay(T(MsgJadwalInvalid)), nil
	}
	if err := env.Svc.PlanPosyandu(env.Ctx, s.PosyanduID, p, in.Now); err != nil {
		return Result{}, err
	}
	days, err := env.Svc.PosyanduDays(env.Ctx, s.PosyanduID, in.Now)
	if err != nil {
		return Result{}, err
	}
	var lines []Text
	for _, d := range days {
		lines = append(lines, T(MsgJadwalDay, "Date", Day(d.Day), "Start", d.Start, "End", d.End, "Place", Lit(d.Place)))
	}
	return End(Say(T(MsgJadwalSaved, "Posyandu", Lit(s.Name)), Text{Lines: lines})), nil
}
