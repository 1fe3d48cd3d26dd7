package conversation

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/scheduler"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// PosGiziPosyandu lists where the person may run pos gizi rounds: a
// cadre's posyandu, and a health worker's the posyandu of their puskesmas.
func (s *services) PosGiziPosyandu(ctx context.Context) ([]flows.Place, error) {
	out, err := s.KaderPosyandu(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.actor(ctx)
	if err != nil {
		return nil, err
	}
	var pk []int64
	for _, g := range a.Grants {
		if g.Role == policy.Nakes && g.PuskesmasID != 0 {
			pk = append(pk, g.PuskesmasID)
		}
	}
	if len(pk) == 0 {
		return out, nil
	}
	ps, err := store.PosyanduOfPuskesmas(ctx, s.tx.Querier(), pk)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		code := strconv.FormatInt(p.ID, 10)
		if !slices.ContainsFunc(out, func(x flows.Place) bool { return x.Code == code }) {
			out = append(out, flows.Place{Code: code, Name: p.Name})
		}
	}
	return out, nil
}

// posGiziOf checks the person may run pos gizi at the posyandu.
func (s *services) posGiziOf(ctx context.Context, posyanduID int64) error {
	ps, err := s.PosGiziPosyandu(ctx)
	if err != nil {
		return err
	}
	code := strconv.FormatInt(posyanduID, 10)
	if !slices.ContainsFunc(ps, func(x flows.Place) bool { return x.Code == code }) {
		return flows.ErrNotFound
	}
	return nil
}

func (s *services) PosGiziCandidates(ctx context.Context, posyanduID int64) ([]flows.PosGiziCandidate, error) {
	if err := s.posGiziOf(ctx, posyanduID); err != nil {
		return nil, err
	}
	return candidates(store.PosGiziCandidates(ctx, s.tx.Querier(), posyanduID))
}

func (s *services) FindPosGiziChildren(ctx context.Context, posyanduID int64, name string) ([]flows.PosGiziCandidate, error) {
	if err := s.posGiziOf(ctx, posyanduID); err != nil {
		return nil, err
	}
	return candidates(store.FindPosGiziChildren(ctx, s.tx.Querier(), posyanduID, name))
}

// candidates turns the store's candidates into the flow's, like places.
func candidates(kids []store.PosGiziCandidate, err error) ([]flows.PosGiziCandidate, error) {
	if err != nil {
		return nil, err
	}
	out := make([]flows.PosGiziCandidate, len(kids))
	for i, k := range kids {
		out[i] = flows.PosGiziCandidate{ID: k.ID, Name: k.Name, Reason: k.Reason}
	}
	return out, nil
}

func (s *services) OpenPosGiziRound(ctx context.Context, r flows.NewPosGiziRound) (flows.PosGiziRound, error) {
	if err := s.posGiziOf(ctx, r.PosyanduID); err != nil {
		return flows.PosGiziRound{}, err
	}
	id, err := scheduler.PlanPosGizi(ctx, s.tx.Querier(), scheduler.PosGiziRound{PosyanduID: r.PosyanduID, Start: r.Start,
		Sessions: r.Days, From: r.From, To: r.To, Place: r.Place, Children: r.Children})
	if err != nil {
		return flows.PosGiziRound{}, err
	}
	round, err := store.PosGiziRoundByID(ctx, s.tx.Querier(), r.PosyanduID, id)
	return posGiziRound(round), notFound(err)
}

func (s *services) CurrentPosGiziRound(ctx context.Context, posyanduID int64) (flows.PosGiziRound, error) {
	if err := s.posGiziOf(ctx, posyanduID); err != nil {
		return flows.PosGiziRound{}, err
	}
	r, err := store.CurrentPosGiziRound(ctx, s.tx.Querier(), posyanduID)
	return posGiziRound(r), notFound(err)
}

func posGiziRound(r store.PosGiziRoundInfo) flows.PosGiziRound {
	out := flows.PosGiziRound{ID: r.ID, Place: r.Place}
	for _, x := range r.Sessions {
		out.Sessions = append(out.Sessions, flows.PosGiziSession{ID: x.ID, Number: x.Number, Day: x.Day})
	}
	for _, k := range r.Children {
		out.Children = append(out.Children, flows.PosGiziChild{ID: k.ID, Name: k.Name, BirthDate: k.BirthDate,
			StartGrams: k.StartGrams, Done: k.Lulus.Valid, Guardians: slices.Clone([]int64(k.Guardians))})
	}
	return out
}

// sessionOfMine checks that a pos gizi session is of one of the person's
// posyandu.
func (s *services) sessionOfMine(ctx context.Context, sessionID int64) error {
	var posyanduID int64
	err := s.tx.Querier().GetContext(ctx, &posyanduID, `SELECT r.posyandu_id FROM pos_gizi_sessions x
		JOIN pos_gizi_rounds r ON r.id = x.round_id WHERE x.id = $1`, sessionID)
	if err != nil {
		return flows.ErrNotFound
	}
	return s.posGiziOf(ctx, posyanduID)
}

func (s *services) TogglePosGiziAttendance(ctx context.Context, sessionID, childID int64, now time.Time) (bool, error) {
	if err := s.sessionOfMine(ctx, sessionID); err != nil {
		return false, err
	}
	ok, err := store.TogglePosGiziAttendance(ctx, s.tx.Querier(), sessionID, childID, now)
	return ok, notFound(err)
}

func (s *services) PosGiziPresent(ctx context.Context, sessionID int64) ([]int64, error) {
	if err := s.sessionOfMine(ctx, sessionID); err != nil {
		return nil, err
	}
	return store.PosGiziPresent(ctx, s.tx.Querier(), sessionID)
}

func (s *services) RecordPosGiziResult(ctx context.Context, roundID, childID int64, r flows.PosGiziResult, now time.Time) error {
	ps, err := s.PosGiziPosyandu(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, p := range ps {
		id, _ := strconv.ParseInt(p.Code, 10, 64)
		if _, err := store.PosGiziRoundByID(ctx, s.tx.Querier(), id, roundID); err == nil {
			found = true
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if !found {
		return flows.ErrNotFound
	}
	return notFound(store.RecordPosGiziResult(ctx, s.tx.Querier(), roundID, childID,
		store.PosGiziResult{StartGrams: r.StartGrams, EndGrams: r.EndGrams, TargetGrams: r.TargetGrams, Lulus: r.Lulus}, now))
}
