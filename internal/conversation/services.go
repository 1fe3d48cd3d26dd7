package conversation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/store"
)

// services backs flows.Services with the turn's transaction.
type services struct {
	tx     *store.Tx
	chatID int64
	userID int64

	user   *flows.User // loaded once a turn; nil until then
	loaded bool
	// rate is the bulk sending rate, for a broadcast's ETA.
	rate float64
}

var _ flows.Services = (*services)(nil)

// defaultZone is the time zone of a person whose region is unknown: most
// Indonesians live in WIB.
var defaultZone = mustZone("Asia/Jakarta")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return loc
}

func (s *services) CurrentUser(ctx context.Context) (*flows.User, error) {
	if s.loaded {
		return s.user, nil
	}
	u, err := s.tx.UserByTelegramID(ctx, s.userID)
	if errors.Is(err, store.ErrNotFound) {
		s.loaded = true
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	fu := &flows.User{ID: u.ID, TelegramID: u.TelegramID, Name: u.Name, Location: defaultZone}
	if u.TimeZone != "" {
		if loc, err := time.LoadLocation(u.TimeZone); err == nil {
			fu.Location = loc
		}
	}
	for _, r := range u.Roles {
		fu.Roles = append(fu.Roles, flows.Role(r))
	}
	s.user, s.loaded = fu, true
	return fu, nil
}

// forget drops the cached user after a change of who they are.
func (s *services) forget() { s.user, s.loaded = nil, false }

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
	inv, err := s.tx.UsableInvite(ctx, code, now, false)
	if errors.Is(err, store.ErrInviteUnusable) {
		return flows.Invite{}, flows.ErrInviteInvalid
	}
	if err != nil {
		return flows.Invite{}, err
	}
	return flows.Invite{Code: inv.Code, Role: flows.Role(inv.Role), Place: inv.PlaceName}, nil
}

func (s *services) Register(ctx context.Context, r flows.Registration) (flows.User, error) {
	var inv store.Invite
	if r.InviteCode != "" {
		var err error
		if inv, err = s.tx.UsableInvite(ctx, r.InviteCode, r.Now, true); err != nil {
			return flows.User{}, inviteErr(err)
		}
		if inv.PosyanduID != 0 {
			r.PosyanduID = inv.PosyanduID
		}
	}
	id, err := s.tx.CreateUser(ctx, store.NewUser{
		TelegramID: s.userID, ChatID: s.chatID, Name: r.Name, Phone: r.Phone,
		ConsentVersion: flows.ConsentVersion, ConsentAt: r.ConsentAt,
		RegionCode: r.Kelurahan, PosyanduID: r.PosyanduID,
	})
	if err != nil {
		return flows.User{}, err
	}
	user := flows.User{ID: id, Name: r.Name}
	for _, role := range r.Roles {
		if err := s.tx.AddRole(ctx, id, store.Grant{Role: string(role), PosyanduID: r.PosyanduID}); err != nil {
			return flows.User{}, err
		}
		user.Roles = append(user.Roles, role)
	}
	if inv.ID != 0 {
		if err := s.grantInvite(ctx, id, inv, r.Now); err != nil {
			return flows.User{}, err
		}
		user.Roles = append(user.Roles, flows.Role(inv.Role))
	}
	details := map[string]any{"consent_version": flows.ConsentVersion, "roles": user.Roles}
	if err := s.tx.Audit(ctx, s.chatActor(), "user.registered", userSubject(id), details); err != nil {
		return flows.User{}, err
	}
	s.forget()
	return user, nil
}

func (s *services) RedeemInvite(ctx context.Context, userID int64, code string, now time.Time) error {
	inv, err := s.tx.UsableInvite(ctx, code, now, true)
	if err != nil {
		return inviteErr(err)
	}
	s.forget()
	return s.grantInvite(ctx, userID, inv, now)
}

func (s *services) grantInvite(ctx context.Context, userID int64, inv store.Invite, now time.Time) error {
	if err := s.tx.UseInvite(ctx, inv.ID, userID, now); err != nil {
		return inviteErr(err)
	}
	g := store.Grant{Role: inv.Role, PosyanduID: inv.PosyanduID, PuskesmasID: inv.PuskesmasID,
		RegionCode: inv.RegionCode, InviteID: inv.ID}
	if err := s.tx.AddRole(ctx, userID, g); err != nil {
		return err
	}
	details := map[string]any{"role": inv.Role, "invite_id": inv.ID}
	return s.tx.Audit(ctx, s.chatActor(), "invite.redeemed", userSubject(userID), details)
}

func (s *services) RecordConsentRefusal(ctx context.Context, version string) error {
	return s.tx.Audit(ctx, s.chatActor(), "consent.refused", "", map[string]any{"consent_version": version})
}

func (s *services) SetLanguage(ctx context.Context, lang string) error {
	return s.tx.SetLanguage(ctx, s.chatID, lang)
}

func (s *services) chatActor() string { return "chat:" + strconv.FormatInt(s.chatID, 10) }

func userSubject(id int64) string { return fmt.Sprintf("user:%d", id) }

func inviteErr(err error) error {
	if errors.Is(err, store.ErrInviteUnusable) {
		return flows.ErrInviteInvalid
	}
	return err
}
