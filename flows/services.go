package flows

import (
	"context"
	"errors"
	"time"
)

// Role is what a person is to the program.
type Role string

// The roles. The first three a person chooses; the rest come by invite.
const (
	RoleParent     Role = "orang_tua"
	RolePregnant   Role = "ibu_hamil"
	RoleAdolescent Role = "remaja_putri"
	RoleKader      Role = "kader"
	RoleNakes      Role = "nakes"
	RoleAdmin      Role = "admin"
)

// SelfRoles are the roles a person may choose at registration, in the order shown.
var SelfRoles = []Role{RoleParent, RolePregnant, RoleAdolescent}

// Place is an item of a list to choose from: a region or a posyandu.
type Place struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// User is a registered person as flows see them.
type User struct {
	ID    int64
	Name  string
	Roles []Role
}

// Invite is a valid, unused invite code and what it grants.
type Invite struct {
	Code string `json:"code"`
	Role Role   `json:"role"`
	// Place names the posyandu, puskesmas or region the role is for.
	Place string `json:"place"`
}

// Registration is everything the registration flow gathered.
type Registration struct {
	Name       string
	Phone      string
	Roles      []Role
	Kelurahan  string
	PosyanduID int64
	InviteCode string
	ConsentAt  time.Time
}

// Errors that Services return for people's mistakes rather than failures.
var (
	// ErrInviteInvalid: no such code, already used, or expired.
	ErrInviteInvalid = errors.New("invite invalid")
)

// Services are the domain operations flows call. The turn backs them with
// its database transaction, so everything a step does commits or rolls back
// together with the conversation and its replies.
type Services interface {
	// CurrentUser returns the registered user of this chat, or nil.
	CurrentUser(ctx context.Context) (*User, error)
	// Kecamatan lists the districts that have at least one posyandu.
	Kecamatan(ctx context.Context) ([]Place, error)
	// Kelurahan lists the villages of a district.
	Kelurahan(ctx context.Context, kecamatan string) ([]Place, error)
	// Posyandu lists the posyandu of a village; Code is the posyandu id.
	Posyandu(ctx context.Context, kelurahan string) ([]Place, error)
	// CheckInvite returns the invite behind code, or ErrInviteInvalid.
	CheckInvite(ctx context.Context, code string, now time.Time) (Invite, error)
	// Register stores the person, their roles and redeems the invite if any.
	// It returns ErrInviteInvalid when the invite was used meanwhile.
	Register(ctx context.Context, r Registration) (User, error)
	// RedeemInvite gives an already registered user the invite's role.
	RedeemInvite(ctx context.Context, userID int64, code string, now time.Time) error
	// RecordConsentRefusal notes that this chat refused consent, and nothing else.
	RecordConsentRefusal(ctx context.Context, version string) error
	// SetLanguage stores the chat's language choice ("id" or "en").
	SetLanguage(ctx context.Context, lang string) error
}
