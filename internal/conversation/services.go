package conversation

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/account"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/schedule"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// services backs flows.Services with the turn's transaction.
type services struct {
	tx     *store.Tx
	chatID int64
	userID int64
	// supplement is the deployment's tablet of pregnancy.
	supplement flows.Supplement

	user   *flows.User // loaded once a turn; nil until then
	loaded bool
	// grants of user grantsOf, loaded once a turn.
	grants   []policy.Grant
	grantsOf int64
	// rate is the bulk sending rate, for a broadcast's ETA.
	rate float64
}

var _ flows.Services = (*services)(nil)

func (s *services) CurrentUser(ctx context.Context) (*flows.User, error) {
	if s.loaded {
		return s.user, nil
	}
	u, err := s.tx.UserByTelegramID(ctx, s.userID)
	if errors.Is(err, store.ErrNotFound) {
		s.preload(nil)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.preload(&u)
	return s.user, nil
}

// preload keeps the person's account, read as the turn started (nil: they
// have none), as the turn's current user.
func (s *services) preload(u *store.User) {
	s.user, s.loaded, s.grants = nil, true, nil
	if u == nil {
		return
	}
	s.grants, s.grantsOf = u.Grants, u.ID
	fu := &flows.User{ID: u.ID, TelegramID: u.TelegramID, Name: u.Name, Location: schedule.Zone(u.TimeZone)}
	for _, r := range u.Roles {
		fu.Roles = append(fu.Roles, flows.Role(r))
	}
	s.user = fu
}

// forget drops the cached user and roles after a change of who they are.
func (s *services) forget() { s.user, s.loaded, s.grants = nil, false, nil }

func places(ps []store.Place, err error) ([]flows.Place, error) {
	if err != nil {
		return nil, err
	}
	out := make([]flows.Place, len(ps))
	for i, p := range ps {
		out[i] = flows.Place{Code: p.Code, Name: p.Name}
	}
	return out, nil
}

func (s *services) Kecamatan(ctx context.Context) ([]flows.Place, error) {
	return places(s.tx.KecamatanWithPosyandu(ctx))
}

func (s *services) Kelurahan(ctx context.Context, kecamatan string) ([]flows.Place, error) {
	return places(s.tx.Kelurahan(ctx, kecamatan))
}

func (s *services) Posyandu(ctx context.Context, kelurahan string) ([]flows.Place, error) {
	return places(s.tx.PosyanduIn(ctx, kelurahan))
}

func (s *services) CheckInvite(ctx context.Context, code string, now time.Time) (flows.Invite, error) {
	inv, err := account.Check(ctx, s.tx, code, now)
	if err != nil {
		return flows.Invite{}, inviteErr(err)
	}
	return flows.Invite{Code: inv.Code, Role: flows.Role(inv.Role), Place: inv.PlaceName}, nil
}

func (s *services) Register(ctx context.Context, r flows.Registration) (flows.User, error) {
	roles := make([]string, len(r.Roles))
	for i, role := range r.Roles {
		roles[i] = string(role)
	}
	reg, err := account.Register(ctx, s.tx, account.Registration{
		TelegramID: s.userID, ChatID: s.chatID, Name: r.Name, Phone: r.Phone, Roles: roles,
		Kelurahan: r.Kelurahan, PosyanduID: r.PosyanduID, InviteCode: r.InviteCode,
		ConsentVersion: flows.ConsentVersion, ConsentAt: r.ConsentAt, Now: r.Now, Actor: s.chatActor(),
	})
	if err != nil {
		return flows.User{}, inviteErr(err)
	}
	user := flows.User{ID: reg.UserID, Name: r.Name}
	for _, role := range reg.Roles {
		user.Roles = append(user.Roles, flows.Role(role))
	}
	if err := s.ensurePlan(ctx, reg.UserID, user.Roles, r.Now); err != nil {
		return flows.User{}, err
	}
	s.forget()
	return user, nil
}

func (s *services) RedeemInvite(ctx context.Context, userID int64, code string, now time.Time) error {
	_, err := account.Redeem(ctx, s.tx, s.chatActor(), userID, code, now)
	s.forget()
	return inviteErr(err)
}

func (s *services) RecordConsentRefusal(ctx context.Context, version string) error {
	return s.tx.Audit(ctx, s.chatActor(), "consent.refused", "", map[string]any{"consent_version": version})
}

func (s *services) SetLanguage(ctx context.Context, lang string) error {
	return s.tx.SetLanguage(ctx, s.chatID, lang)
}

func (s *services) chatActor() string { return "chat:" + strconv.FormatInt(s.chatID, 10) }

func inviteErr(err error) error {
	if errors.Is(err, account.ErrInviteInvalid) {
		return flows.ErrInviteInvalid
	}
	return err
}
