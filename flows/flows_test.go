package flows_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/child"
)

// memServices is flows.Services in memory, for driving registration without
// a database. The children, weigh-in and privacy services are left nil: the
// tests of those flows run on real PostgreSQL (internal/app).
type memServices struct {
	flows.Services // nil: only the registration methods below are used
	user           *flows.User
	registered     []flows.Registration
	refusals       int
	lang           string
	noPosyandu     bool // no posyandu registered anywhere yet
}

func (m *memServices) CurrentUser(context.Context) (*flows.User, error)        { return m.user, nil }
func (m *memServices) Children(context.Context) ([]flows.ChildInfo, error)     { return nil, nil }
func (m *memServices) ChildrenAwaiting(context.Context) ([]child.Child, error) { return nil, nil }
func (m *memServices) Kecamatan(context.Context) ([]flows.Place, error) {
	if m.noPosyandu {
		return nil, nil
	}
	return []flows.Place{{Code: "36.74.01", Name: "Serpong"}, {Code: "36.74.02", Name: "Serpong Utara"}, {Code: "36.74.03", Name: "Pondok Aren"}}, nil
}
func (m *memServices) Kelurahan(_ context.Context, kec string) ([]flows.Place, error) {
	var out []flows.Place
	for i := range 23 {
		out = append(out, flows.Place{Code: kec + "." + string(rune('a'+i)), Name: "Desa " + string(rune('A'+i))})
	}
	return out, nil
}
func (m *memServices) Posyandu(context.Context, string) ([]flows.Place, error) {
	return []flows.Place{{Code: "7", Name: "Posyandu Melati"}}, nil
}
func (m *memServices) CheckInvite(_ context.Context, code string, _ time.Time) (flows.Invite, error) {
	if code == "GOOD" {
		return flows.Invite{Code: code, Role: flows.RoleKader, Place: "Posyandu Melati"}, nil
	}
	return flows.Invite{}, flows.ErrInviteInvalid
}
func (m *memServices) Register(_ context.Context, r flows.Registration) (flows.User, error) {
	m.registered = append(m.registered, r)
	return flows.User{ID: 1, Name: r.Name, Roles: r.Roles}, nil
}
func (m *memServices) RedeemInvite(context.Context, int64, string, time.Time) error { return nil }
func (m *memServices) RecordConsentRefusal(context.Context, string) error {
	m.refusals++
	return nil
}
func (m *memServices) SetLanguage(_ context.Context, lang string) error {
	m.lang = lang
	return nil
}

// ids lists the message IDs of a reply's texts.
func ids(r flows.Reply) []string {
	var out []string
	for _, t := range r.Texts {
		out = append(out, t.ID)
	}
	return out
}

// session drives the engine turn by turn; the conversation goes through
// JSON between turns, as it does through the database.
type session struct {
	t    *testing.T
	e    *flows.Engine
	svc  *memServices
	conv *flows.Conversation
	// turns counts the turns sent, which moves the clock.
	turns int
}

var sessionStart = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

func (s *session) send(in flows.Input) flows.Outcome {
	s.t.Helper()
	// Each turn is a minute after the one before.
	in.ChatID, in.UserID, in.Now = 1, 1, sessionStart.Add(time.Duration(s.turns)*time.Minute)
	s.turns++
	env := &flows.Env{Ctx: context.Background(), Svc: s.svc, Lang: "id"}
	out, err := s.e.Handle(env, s.conv, in)
	require.NoError(s.t, err)
	s.conv = nil
	if out.Next != nil {
		b, err := json.Marshal(out.Next)
		require.NoError(s.t, err)
		s.conv = new(flows.Conversation)
		require.NoError(s.t, json.Unmarshal(b, s.conv))
	}
	return out
}

func text(s string) flows.Input  { return flows.Input{Kind: flows.KindText, Text: s} }
func press(d string) flows.Input { return flows.Input{Kind: flows.KindButton, Data: d, MessageID: 50} }
func command(c string, p ...string) flows.Input {
	in := flows.Input{Kind: flows.KindCommand, Command: c}
	if len(p) > 0 {
		in.Payload = p[0]
	}
	return in
}

func TestRegisterFlowScript(t *testing.T) {
	s := &session{t: t, e: flows.NewEngine(flows.Default()), svc: &memServices{}}
	steps := []struct {
		name     string
		in       flows.Input
		wantStep string // "" = ended
		wantLast []string
	}{
		{"start", command("start"), "consent", []string{flows.MsgRegWelcome, flows.MsgRegConsentAsk}},
		{"typed yes", text("Iya"), "name", []string{flows.MsgRegConsentThanks, flows.MsgRegNameAsk}},
		{"digits are no name", text("12345"), "name", []string{flows.MsgRegNameNoLetter, flows.MsgRegNameAsk}},
		{"name", text("Siti"), "phone", []string{flows.MsgRegPhoneAsk}},
		{"contact of someone else", flows.Input{Kind: flows.KindContact, Phone: "081234567890", ContactUserID: 99}, "phone", []string{flows.MsgRegPhoneNotOwn, flows.MsgRegPhoneAsk}},
		{"typed phone", text("0812 3456 7890"), "roles", []string{flows.MsgRegRolesAsk}},
		{"typed roles and done", text("ibu hamil dan orang tua, lanjut"), "kecamatan", []string{flows.MsgRegKecamatanAsk}},
		{"an exact name wins over longer ones", text("serpong"), "kelurahan", []string{flows.MsgRegKelurahanAsk, flows.MsgPickerHint}},
		{"next page", press("page:2"), "kelurahan", []string{flows.MsgRegKelurahanAsk, flows.MsgPickerHint}},
		{"back", press("back"), "kecamatan", []string{flows.MsgRegKecamatanAsk}},
		{"search with two matches", text("Serp"), "kecamatan", []string{flows.MsgRegKecamatanAsk, flows.MsgPickerFiltered}},
		{"search with none", text("Bandung"), "kecamatan", []string{flows.MsgPickerNotFound, flows.MsgRegKecamatanAsk, flows.MsgPickerFiltered}},
		{"show all again", press("page:all"), "kecamatan", []string{flows.MsgRegKecamatanAsk}},
		{"pick", press("pick:36.74.03"), "kelurahan", []string{flows.MsgRegKelurahanAsk, flows.MsgPickerHint}},
		{"pick kelurahan", press("pick:36.74.03.c"), "posyandu", []string{flows.MsgRegPosyanduAsk}},
		{"pick posyandu", press("pick:7"), "", []string{flows.MsgHelpIntro, flows.MsgHelpRolePrefx + "orang_tua", flows.MsgHelpRolePrefx + "ibu_hamil", "", flows.MsgHelpCommands}},
	}
	for _, st := range steps {
		out := s.send(st.in)
		if st.wantStep == "" {
			assert.Nil(t, s.conv, st.name)
		} else if assert.NotNil(t, s.conv, st.name) {
			assert.Equal(t, st.wantStep, s.conv.Step, st.name)
		}
		require.NotEmpty(t, out.Replies, st.name)
		assert.Equal(t, st.wantLast, ids(out.Replies[len(out.Replies)-1]), st.name)
	}
	require.Len(t, s.svc.registered, 1)
	r := s.svc.registered[0]
	assert.Equal(t, sessionStart.Add(time.Minute), r.ConsentAt, "consent is dated by its own turn, the second")
	assert.True(t, r.Now.After(r.ConsentAt), "registration ends later")
	assert.Equal(t, "Siti", r.Name)
	assert.Equal(t, "+6281234567890", r.Phone)
	assert.ElementsMatch(t, []flows.Role{flows.RoleParent, flows.RolePregnant}, r.Roles)
	assert.Equal(t, "36.74.03.c", r.Kelurahan)
	assert.Equal(t, int64(7), r.PosyanduID)
}

func TestPagingEditsAndAnsweredButtonsClear(t *testing.T) {
	s := &session{t: t, e: flows.NewEngine(flows.Default()), svc: &memServices{}}
	out := s.send(command("start"))
	require.Len(t, out.Replies, 1)
	out = s.send(press("consent:yes"))
	assert.Equal(t, 50, out.Replies[0].ClearButtonsOf, "the consent buttons go once answered")
	s.send(text("Rina"))
	s.send(text("081299998888"))
	out = s.send(press("role:remaja_putri"))
	require.Len(t, out.Replies, 1)
	assert.Equal(t, 50, out.Replies[0].EditMessageID, "a toggle edits the question in place")
	assert.True(t, out.Replies[0].Buttons[2][0].Checked)
	out = s.send(press("role:remaja_putri"))
	assert.False(t, out.Replies[0].Buttons[2][0].Checked, "pressing again unticks")
}

func TestInviteAndCommands(t *testing.T) {
	tcs := []struct {
		name     string
		svc      *memServices
		in       flows.Input
		wantIDs  []string
		wantWait bool
	}{
		{"bad invite", &memServices{}, command("start", "BAD"), []string{flows.MsgInviteInvalid}, false},
		{"good invite asks consent", &memServices{}, command("start", "GOOD"), []string{flows.MsgRegWelcome, flows.MsgRegInviteFor, flows.MsgRegConsentAsk}, true},
		{"registered user redeems", &memServices{user: &flows.User{ID: 3, Name: "Ani", Roles: []flows.Role{flows.RoleParent}}}, command("start", "GOOD"), []string{flows.MsgInviteGranted}, false},
		{"help for a guest", &memServices{}, command("bantuan"), []string{flows.MsgHelpGuest, flows.MsgHelpCommands}, false},
		{"nothing to cancel", &memServices{}, command("batal"), []string{flows.MsgNothingToCancel}, false},
		{"hello to a registered user", &memServices{user: &flows.User{ID: 3, Name: "Ani"}}, text("halo"), []string{flows.MsgHello}, false},
		{"a newcomer's first words start registration", &memServices{}, text("halo"), []string{flows.MsgRegWelcome, flows.MsgRegConsentAsk}, true},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			s := &session{t: t, e: flows.NewEngine(flows.Default()), svc: tc.svc}
			out := s.send(tc.in)
			assert.Equal(t, tc.wantIDs, ids(out.Replies[0]))
			assert.Equal(t, tc.wantWait, s.conv != nil)
		})
	}
}

func TestLanguageCommand(t *testing.T) {
	tcs := []struct{ current, payload, want string }{
		{"id", "", "en"}, {"en", "", "id"}, {"en", "english", "en"}, {"id", "ID", "id"}, {"id", "inggris", "en"},
	}
	for _, tc := range tcs {
		svc := &memServices{}
		env := &flows.Env{Ctx: context.Background(), Svc: svc, Lang: tc.current}
		_, err := flows.NewEngine(flows.Default()).Handle(env, nil, flows.Input{Kind: flows.KindCommand, Command: "bahasa", Payload: tc.payload})
		require.NoError(t, err)
		assert.Equal(t, tc.want, svc.lang, "%s + %q", tc.current, tc.payload)
		assert.Equal(t, tc.want, env.Lang)
	}
}

func TestUnknownStoredStepStartsOver(t *testing.T) {
	s := &session{t: t, e: flows.NewEngine(flows.Default()), svc: &memServices{}}
	s.conv = &flows.Conversation{Flow: flows.FlowRegister, Step: "removed_step", State: json.RawMessage(`{}`)}
	out := s.send(text("halo"))
	assert.Equal(t, []string{flows.MsgExpired}, ids(out.Replies[0]))
	assert.Nil(t, s.conv)
}

func TestRegistrationWithoutAnyPosyanduSkipsThePlace(t *testing.T) {
	s := &session{t: t, e: flows.NewEngine(flows.Default()), svc: &memServices{noPosyandu: true}}
	s.send(command("start"))
	s.send(press("consent:yes"))
	s.send(text("Rina"))
	s.send(text("081299998888"))
	s.send(press("role:orang_tua"))
	out := s.send(press("roles:done"))
	assert.Nil(t, s.conv, "registration ends without asking where")
	assert.Equal(t, []string{flows.MsgRegDone}, ids(out.Replies[1]))
	require.Len(t, s.svc.registered, 1)
	assert.Empty(t, s.svc.registered[0].Kelurahan)
}
