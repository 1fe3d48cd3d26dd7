package flows

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/person"
)

// ConsentVersion names the consent text people agree to. Change it, and the
// locale texts, whenever what we keep or why changes.
const ConsentVersion = "2026-11"

// FlowRegister is the registration flow's name.
const FlowRegister = "register"

// Steps of the registration flow.
const (
	stepConsent   = "consent"
	stepName      = "name"
	stepPhone     = "phone"
	stepRoles     = "roles"
	stepKecamatan = "kecamatan"
	stepKelurahan = "kelurahan"
	stepPosyandu  = "posyandu"
)

type registerState struct {
	Invite    *Invite `json:"invite,omitempty"`
	ConsentAt string  `json:"consent_at,omitempty"`
	Name      string  `json:"name,omitempty"`
	Phone     string  `json:"phone,omitempty"`
	Roles     []Role  `json:"roles,omitempty"`
	Kecamatan string  `json:"kecamatan,omitempty"`
	Kelurahan string  `json:"kelurahan,omitempty"`
	Picker    Picker  `json:"picker"`
	// editID is the message whose keyboard the next question replaces. It
	// lives for one turn only, so it is not stored.
	editID int
}

// Register is the registration flow: consent, name, phone, roles, and place.
// With an invite code the role comes from the invite and the place questions
// are skipped.
func Register() *Flow[registerState] {
	return &Flow[registerState]{
		Name:  FlowRegister,
		Start: registerStart,
		Steps: map[string]Step[registerState]{
			stepConsent:   {Ask: askConsent, Handle: handleConsent},
			stepName:      {Ask: askName, Handle: handleName},
			stepPhone:     {Ask: askPhone, Handle: handlePhone},
			stepRoles:     {Ask: askRoles, Handle: handleRoles},
			stepKecamatan: {Ask: askKecamatan, Handle: handleKecamatan},
			stepKelurahan: {Ask: askKelurahan, Handle: handleKelurahan},
			stepPosyandu:  {Ask: askPosyandu, Handle: handlePosyandu},
		},
	}
}

func registerStart(env *Env, in Input) (registerState, Result, error) {
	var s registerState
	user, err := env.Svc.CurrentUser(env.Ctx)
	if err != nil {
		return s, Result{}, err
	}
	code := strings.TrimSpace(in.Payload)
	if code != "" {
		inv, err := env.Svc.CheckInvite(env.Ctx, code, in.Now)
		if errors.Is(err, ErrInviteInvalid) {
			return s, End(Say(T(MsgInviteInvalid))), nil
		}
		if err != nil {
			return s, Result{}, err
		}
		if user != nil {
			res, err := redeem(env, user, inv, in)
			return s, res, err
		}
		s.Invite = &inv
		return s, Next(stepConsent), nil
	}
	if user != nil {
		return s, End(Say(T(MsgWelcomeBack, "Name", user.Name)), helpFor(env, user)), nil
	}
	return s, Next(stepConsent), nil
}

// redeem gives a registered user the invite's role.
func redeem(env *Env, user *User, inv Invite, in Input) (Result, error) {
	err := env.Svc.RedeemInvite(env.Ctx, user.ID, inv.Code, in.Now)
	if errors.Is(err, ErrInviteInvalid) {
		return End(Say(T(MsgInviteInvalid))), nil
	}
	if err != nil {
		return Result{}, err
	}
	user.Roles = append(user.Roles, inv.Role)
	return End(Say(T(MsgInviteGranted, "Role", roleText(inv.Role), "Place", inv.Place)), helpFor(env, user)), nil
}

func askConsent(_ *Env, s *registerState) (Reply, error) {
	r := Reply{Texts: []Text{T(MsgRegWelcome)}}
	if s.Invite != nil {
		r.Texts = append(r.Texts, T(MsgRegInviteFor, "Role", roleText(s.Invite.Role), "Place", s.Invite.Place))
	}
	r.Texts = append(r.Texts, T(MsgRegConsentAsk))
	r.Buttons = [][]Button{
		Row(Choice("consent:yes", MsgRegConsentYes)),
		Row(Choice("consent:no", MsgRegConsentNo)),
	}
	return r, nil
}

func handleConsent(env *Env, s *registerState, in Input) (Result, error) {
	answer := ""
	switch in.Kind {
	case KindButton:
		answer = strings.TrimPrefix(in.Data, "consent:")
	case KindText:
		answer = yesNo(in.Text)
	}
	switch answer {
	case "yes":
		s.ConsentAt = in.Now.UTC().Format(time.RFC3339)
		return Next(stepName, T(MsgRegConsentThanks)), nil
	case "no":
		if err := env.Svc.RecordConsentRefusal(env.Ctx, ConsentVersion); err != nil {
			return Result{}, err
		}
		return End(Say(T(MsgRegConsentRefuse))), nil
	}
	if in.Kind == KindButton {
		return Stay(T(MsgStaleButton)), nil
	}
	return Stay(T(MsgUseButtons)), nil
}

func askName(*Env, *registerState) (Reply, error) { return Say(T(MsgRegNameAsk)), nil }

func handleName(_ *Env, s *registerState, in Input) (Result, error) {
	if in.Kind != KindText {
		return Stay(wrongKind(in)), nil
	}
	name, err := person.ParseName(in.Text)
	switch {
	case errors.Is(err, person.ErrNameTooLong):
		return Stay(T(MsgRegNameTooLong, "Max", person.MaxNameRunes)), nil
	case errors.Is(err, person.ErrNameNoLetter):
		return Stay(T(MsgRegNameNoLetter)), nil
	case err != nil:
		return Stay(T(MsgRegNameEmpty)), nil
	}
	s.Name = name
	return Next(stepPhone), nil
}

func askPhone(_ *Env, s *registerState) (Reply, error) {
	button := T(MsgRegPhoneButton)
	return Reply{Texts: []Text{T(MsgRegPhoneAsk, "Name", s.Name)}, AskContact: &button}, nil
}

func handlePhone(env *Env, s *registerState, in Input) (Result, error) {
	var raw string
	switch in.Kind {
	case KindContact:
		// Only the request_contact button sends the sender's own contact,
		// with their user_id; a phonebook card has none and proves nothing.
		switch in.ContactUserID {
		case in.UserID:
		case 0:
			return Stay(T(MsgRegPhoneCard)), nil
		default:
			return Stay(T(MsgRegPhoneNotOwn)), nil
		}
		raw = in.Phone
	case KindText:
		raw = in.Text
	default:
		return Stay(wrongKind(in)), nil
	}
	phone, err := person.ParsePhone(raw)
	if err != nil {
		return Stay(T(MsgRegPhoneInvalid)), nil
	}
	s.Phone = phone
	saved := Reply{Texts: []Text{T(MsgRegPhoneSaved)}, RemoveKeyboard: true}
	if s.Invite != nil {
		res, err := finishRegistration(env, s, in, 0)
		return res.Before(saved), err
	}
	return Next(stepRoles).Before(saved), nil
}

func askRoles(_ *Env, s *registerState) (Reply, error) {
	r := s.edit(Reply{Texts: []Text{T(MsgRegRolesAsk)}})
	for _, role := range SelfRoles {
		b := Button{Label: roleText(role), Data: "role:" + string(role), Checked: slices.Contains(s.Roles, role)}
		r.Buttons = append(r.Buttons, Row(b))
	}
	r.Buttons = append(r.Buttons, Row(Choice("roles:done", MsgRegRolesDone)))
	return r, nil
}

func handleRoles(env *Env, s *registerState, in Input) (Result, error) {
	switch in.Kind {
	case KindButton:
		if in.Data == "roles:done" {
			break
		}
		role := Role(strings.TrimPrefix(in.Data, "role:"))
		if !strings.HasPrefix(in.Data, "role:") || !slices.Contains(SelfRoles, role) {
			return Stay(T(MsgStaleButton)), nil
		}
		s.Roles = toggleRole(s.Roles, role)
		s.editID = in.MessageID
		return Stay(), nil
	case KindText:
		picked, done := rolesFromText(in.Text)
		if len(picked) == 0 && !done {
			return Stay(T(MsgUseButtons)), nil
		}
		for _, r := range picked {
			if !slices.Contains(s.Roles, r) {
				s.Roles = append(s.Roles, r)
			}
		}
		if !done {
			return Stay(), nil
		}
	default:
		return Stay(wrongKind(in)), nil
	}
	if len(s.Roles) == 0 {
		return Stay(T(MsgRegRolesNone)), nil
	}
	places, err := env.Svc.Kecamatan(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	if len(places) == 0 {
		// No posyandu registered anywhere yet: nothing to choose from.
		return finishRegistration(env, s, in, 0)
	}
	return Next(stepKecamatan), nil
}

func finishRegistration(env *Env, s *registerState, in Input, posyanduID int64) (Result, error) {
	// Consent was given at its own step, turns before this one.
	consentAt, err := time.Parse(time.RFC3339, s.ConsentAt)
	if err != nil {
		consentAt = in.Now
	}
	reg := Registration{
		Name: s.Name, Phone: s.Phone, Roles: s.Roles,
		Kelurahan: s.Kelurahan, PosyanduID: posyanduID, ConsentAt: consentAt, Now: in.Now,
	}
	if s.Invite != nil {
		reg.InviteCode = s.Invite.Code
		reg.Roles = nil
	}
	user, err := env.Svc.Register(env.Ctx, reg)
	lost := false
	if errors.Is(err, ErrInviteInvalid) {
		// Someone else used the code, or it expired, while this person
		// answered: keep what they gave us and register them without the
		// invite's role; a new code can add it later.
		lost = true
		reg.InviteCode = ""
		user, err = env.Svc.Register(env.Ctx, reg)
	}
	if err != nil {
		return Result{}, err
	}
	done := Say(T(MsgRegDone, "Name", user.Name))
	switch {
	case lost:
		done = Say(T(MsgRegDoneInviteLost, "Name", user.Name))
	case s.Invite != nil:
		done = Say(T(MsgRegDoneInvite, "Name", user.Name, "Role", roleText(s.Invite.Role), "Place", s.Invite.Place))
	}
	// Children a cadre registered with this phone number: ask about each.
	awaiting, err := env.Svc.ChildrenAwaiting(env.Ctx)
	if err != nil {
		return Result{}, err
	}
	replies := []Reply{done, helpFor(env, &user)}
	for _, c := range awaiting {
		replies = append(replies, claimQuestion(c))
	}
	return End(replies...), nil
}
