// Package account holds the use cases of a person's place in the program:
// registering (with consent and, maybe, an invite), redeeming an invite,
// and making invites for cadres, health workers and operators. The chat and
// `tumbuh admin` both call these; neither holds the rules.
package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Store is what registration needs of a turn's transaction.
type Store interface {
	UsableInvite(ctx context.Context, code string, now time.Time, lock bool) (store.Invite, error)
	UseInvite(ctx context.Context, inviteID, userID int64, now time.Time) error
	CreateUser(ctx context.Context, u store.NewUser) (int64, error)
	AddRole(ctx context.Context, userID int64, g store.Grant) error
	Audit(ctx context.Context, actor, action, subject string, details map[string]any) error
}

var _ Store = (*store.Tx)(nil)

// ErrInviteInvalid: no such code, already used, or expired.
var ErrInviteInvalid = errors.New("invite invalid")

// Registration is what a person gave at registration.
type Registration struct {
	TelegramID, ChatID int64
	Name, Phone        string
	Roles              []string // chosen roles (orang_tua, ibu_hamil, remaja_putri)
	Kelurahan          string
	PosyanduID         int64
	InviteCode         string
	ConsentVersion     string
	ConsentAt, Now     time.Time
	// Actor names who acts in the audit log ("chat:<id>").
	Actor string
}

// Registered is the stored person.
type Registered struct {
	UserID int64
	Roles  []string
}

// Check returns the invite behind code if it can still be used, or
// ErrInviteInvalid.
func Check(ctx context.Context, st Store, code string, now time.Time) (store.Invite, error) {
	inv, err := st.UsableInvite(ctx, code, now, false)
	return inv, inviteErr(err)
}

// Register stores a person who consented, their chosen roles and, with an
// invite code, the invite's role and place. It returns ErrInviteInvalid,
// with nothing stored, when the invite was used or expired meanwhile.
func Register(ctx context.Context, st Store, r Registration) (Registered, error) {
	var inv store.Invite
	if r.InviteCode != "" {
		var err error
		if inv, err = st.UsableInvite(ctx, r.InviteCode, r.Now, true); err != nil {
			return Registered{}, inviteErr(err)
		}
		if inv.PosyanduID != 0 {
			r.PosyanduID = inv.PosyanduID
		}
	}
	id, err := st.CreateUser(ctx, store.NewUser{
		TelegramID: r.TelegramID, ChatID: r.ChatID, Name: r.Name, Phone: r.Phone,
		ConsentVersion: r.ConsentVersion, ConsentAt: r.ConsentAt,
		RegionCode: r.Kelurahan, PosyanduID: r.PosyanduID,
	})
	if err != nil {
		return Registered{}, err
	}
	out := Registered{UserID: id}
	for _, role := range r.Roles {
		if err := st.AddRole(ctx, id, store.Grant{Role: role, PosyanduID: r.PosyanduID}); err != nil {
			return Registered{}, err
		}
		out.Roles = append(out.Roles, role)
	}
	if inv.ID != 0 {
		if err := grant(ctx, st, r.Actor, id, inv, r.Now); err != nil {
			return Registered{}, err
		}
		out.Roles = append(out.Roles, inv.Role)
	}
	details := map[string]any{"consent_version": r.ConsentVersion, "roles": out.Roles}
	if err := st.Audit(ctx, r.Actor, "user.registered", userSubject(id), details); err != nil {
		return Registered{}, err
	}
	return out, nil
}

// Redeem gives a registered person the role of an invite, or
// ErrInviteInvalid.
func Redeem(ctx context.Context, st Store, actor string, userID int64, code string, now time.Time) (store.Invite, error) {
	inv, err := st.UsableInvite(ctx, code, now, true)
	if err != nil {
		return store.Invite{}, inviteErr(err)
	}
	return inv, grant(ctx, st, actor, userID, inv, now)
}

func grant(ctx context.Context, st Store, actor string, userID int64, inv store.Invite, now time.Time) error {
	if err := st.UseInvite(ctx, inv.ID, userID, now); err != nil {
		return inviteErr(err)
	}
	g := store.Grant{Role: inv.Role, PosyanduID: inv.PosyanduID, PuskesmasID: inv.PuskesmasID,
		RegionCode: inv.RegionCode, InviteID: inv.ID}
	if err := st.AddRole(ctx, userID, g); err != nil {
		return err
	}
	details := map[string]any{"role": inv.Role, "invite_id": inv.ID}
	return st.Audit(ctx, actor, "invite.redeemed", userSubject(userID), details)
}

func inviteErr(err error) error {
	if errors.Is(err, store.ErrInviteUnusable) {
		return ErrInviteInvalid
	}
	return err
}

func userSubject(id int64) string { return fmt.Sprintf("user:%d", id) }

// NewInvite is an invite to make: a kader for a posyandu, a nakes for a
// puskesmas, or an admin for a region (or everywhere).
type NewInvite struct {
	Role        string
	PosyanduID  int64
	PuskesmasID int64
	RegionCode  string
	Valid       time.Duration
	CreatedBy   string
}

// ErrBadInvite wraps what is wrong with a NewInvite.
var ErrBadInvite = errors.New("bad invite")

// Invite checks and stores an invite under a fresh code.
func Invite(ctx context.Context, db *sqlx.DB, n NewInvite, now time.Time) (store.Invite, error) {
	switch n.Role {
	case "kader":
		if n.PosyanduID == 0 || n.PuskesmasID != 0 || n.RegionCode != "" {
			return store.Invite{}, fmt.Errorf("%w: a kader invite needs a posyandu (and no puskesmas)", ErrBadInvite)
		}
	case "nakes":
		if n.PuskesmasID == 0 || n.PosyanduID != 0 || n.RegionCode != "" {
			return store.Invite{}, fmt.Errorf("%w: a nakes invite needs a puskesmas (and no posyandu)", ErrBadInvite)
		}
	case "admin":
		if n.PosyanduID != 0 || n.PuskesmasID != 0 {
			return store.Invite{}, fmt.Errorf("%w: an admin invite takes only a region", ErrBadInvite)
		}
	default:
		return store.Invite{}, fmt.Errorf("%w: the role must be kader, nakes or admin", ErrBadInvite)
	}
	if n.Valid <= 0 {
		return store.Invite{}, fmt.Errorf("%w: the validity must be positive", ErrBadInvite)
	}
	return store.CreateInvite(ctx, db, store.NewInvite{Role: n.Role, PosyanduID: n.PosyanduID,
		PuskesmasID: n.PuskesmasID, RegionCode: n.RegionCode, CreatedBy: n.CreatedBy, ExpiresAt: now.Add(n.Valid)})
}
