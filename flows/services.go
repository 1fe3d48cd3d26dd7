package flows

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/skdn"
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
	ID         int64
	TelegramID int64
	Name       string
	Roles      []Role
	// Location is the time zone of the person's region (WIB when unknown):
	// "today" is a day there.
	Location *time.Location
}

// Has reports whether the user holds role.
func (u *User) Has(role Role) bool { return u != nil && slices.Contains(u.Roles, role) }

// Zone is the person's time zone, UTC when it is not known.
func (u *User) Zone() *time.Location {
	if u != nil && u.Location != nil {
		return u.Location
	}
	return time.UTC
}

// Today is the person's calendar day at now, as midnight UTC.
func (u *User) Today(now time.Time) time.Time {
	y, m, d := now.In(u.Zone()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// SeesZScores reports whether the person is shown z-scores beside the
// words: cadres and health workers are trained to read them.
func (u *User) SeesZScores() bool { return u.Has(RoleKader) || u.Has(RoleNakes) }

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
	// ConsentAt is when the person agreed; Now is when registration ends.
	ConsentAt time.Time
	Now       time.Time
}

// Errors that Services return for people's mistakes rather than failures.
var (
	// ErrInviteInvalid: no such code, already used, or expired.
	ErrInviteInvalid = errors.New("invite invalid")
)

// Services are the domain operations flows call, one small interface per
// flow. The turn backs them with its database transaction, so everything a
// step does commits or rolls back together with the conversation and its
// replies.
type Services interface {
	Account
	ChildrenService
	WeighService
	PrivacyService
	KaderService
	ClaimService
	ReportService
	ReferralService
	TabletService
	PregnancyService
	StopService
	ScheduleService
	BroadcastService
	PosGiziService
}

// Account is what registration and the engine use.
type Account interface {
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

// ErrNotFound means there is no such child or measurement, or none this
// person may see: forged button data gets the same answer as a deleted child.
var ErrNotFound = child.ErrNotFound

// ChildInfo is one of the person's children with its latest measurement.
type ChildInfo struct {
	Child    child.Child
	Relation child.Relation
	Last     *child.Measurement
}

// NewChild is what the add-a-child questions gather.
type NewChild struct {
	Name          string
	Sex           child.Sex
	BirthDate     time.Time
	BirthWeightKg float64
	BirthLengthCm float64
	Relation      child.Relation
}

// ChildEdit corrects a child's details; zero fields stay.
type ChildEdit struct {
	Name      string
	Sex       child.Sex
	BirthDate time.Time
}

// ChildrenService is what the children flow uses.
type ChildrenService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// Children lists the person's children, oldest first.
	Children(ctx context.Context) ([]ChildInfo, error)
	// Child returns one of them, or ErrNotFound.
	Child(ctx context.Context, id int64) (ChildInfo, error)
	// History returns the child's current measurements, oldest first.
	History(ctx context.Context, childID int64) ([]child.Measurement, error)
	// AddChild stores a child of the person, who becomes its guardian.
	AddChild(ctx context.Context, c NewChild, today time.Time) (child.Child, error)
	// CorrectChild applies a correction and re-evaluates the measurements.
	CorrectChild(ctx context.Context, id int64, e ChildEdit, today time.Time) (child.Child, error)
	// UnlinkChild stops the person following a child; the child's data is
	// deleted when no one else follows it. It reports that.
	UnlinkChild(ctx context.Context, id int64) (bool, error)
	// RemoveMeasurement deletes one of the child's current measurements.
	RemoveMeasurement(ctx context.Context, childID, measurementID int64) error
}

// MeasurementDraft is a measurement as entered, before it is stored.
type MeasurementDraft struct {
	ChildID  int64
	Inputs   child.Measurement
	Replaces int64
	// ReplaceSameDay corrects the day's measurement, whichever it is.
	ReplaceSameDay bool
}

// MeasurementCheck is what a draft would give, computed but not stored.
type MeasurementCheck struct {
	Child    child.Child
	Assessed child.Measurement
	SameDay  *child.Measurement
	Previous *child.Measurement
}

// RecordedMeasurement is a stored measurement with what its result needs.
type RecordedMeasurement struct {
	Child    child.Child
	Saved    child.Measurement
	Previous *child.Measurement
	// Replaced is the day's earlier measurement: corrected, or, with
	// ErrSameDay, the one in the way.
	Replaced *child.Measurement
	// Guardians are the user ids of the child's guardians.
	Guardians []int64
}

// Errors of the weigh-in for the flow to explain.
var (
	// ErrSameDay: the day already has a measurement the draft does not replace.
	ErrSameDay = errors.New("already measured that day")
)

// WeighService is what the weigh-in flow uses.
type WeighService interface {
	CurrentUser(ctx context.Context) (*User, error)
	Children(ctx context.Context) ([]ChildInfo, error)
	Child(ctx context.Context, id int64) (ChildInfo, error)
	// CheckMeasurement computes a draft without storing it.
	CheckMeasurement(ctx context.Context, d MeasurementDraft, today time.Time) (MeasurementCheck, error)
	// RecordMeasurement stores a draft; ErrSameDay (with Replaced set) when
	// the day has one that the draft does not replace.
	RecordMeasurement(ctx context.Context, d MeasurementDraft, today time.Time) (RecordedMeasurement, error)
}

// Erasure says what deleting the account does to the person's children.
type Erasure struct {
	Deleted []string
	Kept    []string
}

// PrivacyService is what the data-rights flows use.
type PrivacyService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// PlanErase says what EraseAccount would delete.
	PlanErase(ctx context.Context) (Erasure, error)
	// EraseAccount deletes the person's account and what is theirs alone.
	EraseAccount(ctx context.Context) (Erasure, error)
}

// PosyanduChild is a child of a posyandu as a cadre's lists show it.
type PosyanduChild struct {
	Child child.Child
	// Number is the child's stable number at the posyandu.
	Number int
	// Weighed: weighed in the month asked; Flagged: the month before called
	// for attention (T, 2T, BGM, a referral reason).
	Weighed, Flagged bool
}

// DayCounts are a posyandu day's figures so far.
type DayCounts struct {
	Weighed, Referral int
}

// ErrInvalidPhone: a phone number that is no Indonesian mobile number.
var ErrInvalidPhone = errors.New("invalid phone number")

// KaderService is what a cadre's posyandu session uses.
type KaderService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// KaderPosyandu lists the posyandu the person is a kader of; Code is the id.
	KaderPosyandu(ctx context.Context) ([]Place, error)
	// PosyanduChildren lists the posyandu's children, weighed in day's
	// month or not.
	PosyanduChildren(ctx context.Context, posyanduID int64, day time.Time) ([]PosyanduChild, error)
	// SessionCounts counts the children weighed at the posyandu on day.
	SessionCounts(ctx context.Context, posyanduID int64, day time.Time) (DayCounts, error)
	Child(ctx context.Context, id int64) (ChildInfo, error)
	CheckMeasurement(ctx context.Context, d MeasurementDraft, today time.Time) (MeasurementCheck, error)
	RecordMeasurement(ctx context.Context, d MeasurementDraft, today time.Time) (RecordedMeasurement, error)
	RemoveMeasurement(ctx context.Context, childID, measurementID int64) error
	// Guardians returns the user ids of a child's guardians.
	Guardians(ctx context.Context, childID int64) ([]int64, error)
	// RegisterChildAtPosyandu stores a child met at the posyandu with the
	// parent's phone ("" when not given; ErrInvalidPhone when unreadable).
	// It returns the child and the user id of the person registered with
	// that phone, if any, to ask them whether the child is theirs.
	RegisterChildAtPosyandu(ctx context.Context, posyanduID int64, c NewChild, phone string, today time.Time) (child.Child, int64, error)
}

// ClaimService is what the "is this your child?" question uses.
type ClaimService interface {
	// ClaimChild links the person to a child registered with their phone.
	ClaimChild(ctx context.Context, childID int64, rel child.Relation) (child.Child, error)
	// DeclineChild records that the child is not theirs.
	DeclineChild(ctx context.Context, childID int64) error
	// ChildrenAwaiting lists children registered with the person's phone
	// that they do not follow yet.
	ChildrenAwaiting(ctx context.Context) ([]child.Child, error)
}

// ReportService is what /laporan uses.
type ReportService interface {
	CurrentUser(ctx context.Context) (*User, error)
	// ReportScopes lists what the person may see reports of: a kader
	// their posyandu, a nakes their puskesmas, an admin their region.
	ReportScopes(ctx context.Context) ([]ReportScope, error)
	// ReportSummary is the month's SKDN of a scope from ReportScopes.
	ReportSummary(ctx context.Context, scope skdn.Scope, month skdn.Month) (skdn.Summary, error)
}

// BroadcastDraft is an admin's broadcast as the /siaran flow gathers it.
type BroadcastDraft struct {
	TextID string `json:"text_id"`
	TextEN string `json:"text_en,omitempty"`
	// PhotoFileID is the photo the admin sent, if any; the texts are then
	// its caption.
	PhotoFileID string `json:"photo_file_id,omitempty"`
	Roles       []Role `json:"roles,omitempty"`
	// Area is a region code within the admin's own region; empty for all
	// of it. Posyandu, when set, narrows to one posyandu.
	Area     string    `json:"area,omitempty"`
	Posyandu int64     `json:"posyandu,omitempty"`
	SendAt   time.Time `json:"send_at,omitzero"`
	// ChildMinMonths..ChildMaxMonths narrow parents to those with a child
	// of that age (both 0: any).
	ChildMinMonths int `json:"child_min_months,omitempty"`
	ChildMaxMonths int `json:"child_max_months,omitempty"`
}

// BroadcastPlan is what the admin sees before confirming.
type BroadcastPlan struct {
	Count int
	ETA   time.Duration
}

// BroadcastReport is a broadcast's progress.
type BroadcastReport struct {
	ID                                             int64
	Cancelled                                      bool
	Total, Sent, Blocked, Failed, Dropped, Pending int
}

// Errors of BroadcastService.
var (
	// ErrBroadcastInvalid: a text too long, a time in the past, an unknown region.
	ErrBroadcastInvalid = errors.New("broadcast invalid")
	// ErrOutOfRegion: the region or posyandu is not within the admin's own.
	ErrOutOfRegion = errors.New("outside the admin's region")
)

// BroadcastService is what /siaran uses. Every method refuses a person
// who is not an admin.
type BroadcastService interface {
	// PlanBroadcast checks a draft and counts its recipients.
	PlanBroadcast(ctx context.Context, d BroadcastDraft, now time.Time) (BroadcastPlan, error)
	// QueueBroadcast queues it; a repeat queues nobody twice.
	QueueBroadcast(ctx context.Context, d BroadcastDraft, now time.Time) (id int64, queued int, err error)
	// BroadcastProgress reports on a broadcast, or ErrNotFound.
	BroadcastProgress(ctx context.Context, id int64) (BroadcastReport, error)
	// CancelBroadcast stops one and reports, or ErrNotFound.
	CancelBroadcast(ctx context.Context, id int64) (BroadcastReport, error)
}
