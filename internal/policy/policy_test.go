package policy_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/policy"
)

func TestCanChild(t *testing.T) {
	t.Parallel()
	const guardian, stranger = 10, 20
	child := policy.Child{Guardians: []int64{guardian, 11}, PosyanduID: 5, ReferredTo: []int64{7}}
	orphan := policy.Child{} // no guardian, no posyandu, no referral

	all := func(b bool) map[policy.Action]bool {
		m := map[policy.Action]bool{}
		for _, a := range policy.Actions {
			m[a] = b
		}
		return m
	}
	guardianMay := all(true)
	guardianMay[policy.ReferChild] = false // a referral goes from the posyandu, by its kader
	kaderMay := map[policy.Action]bool{policy.ViewChild: true, policy.MeasureChild: true, policy.EditChild: true,
		policy.UnlinkChild: false, policy.ReferChild: true}
	viewOnly := map[policy.Action]bool{policy.ViewChild: true, policy.MeasureChild: false, policy.EditChild: false, policy.UnlinkChild: false}

	tcs := []struct {
		name  string
		actor policy.Actor
		child policy.Child
		want  map[policy.Action]bool
	}{
		{"guardian", policy.Actor{UserID: guardian, Grants: []policy.Grant{{Role: policy.Parent}}}, child, guardianMay},
		{"second guardian", policy.Actor{UserID: 11}, child, guardianMay},
		{"guardian who is also a kader elsewhere", policy.Actor{UserID: guardian, Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: 6}}}, child, guardianMay},
		{"another parent", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Parent}}}, child, all(false)},
		{"pregnant woman", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Pregnant}}}, child, all(false)},
		{"adolescent", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Adolescent}}}, child, all(false)},
		{"kader of the posyandu", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: 5}}}, child, kaderMay},
		{"kader of two posyandu", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: 4}, {Role: policy.Kader, PosyanduID: 5}}}, child, kaderMay},
		{"kader of another posyandu", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: 6}}}, child, all(false)},
		{"kader, child without posyandu", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Kader, PosyanduID: 5}}}, orphan, all(false)},
		{"nakes of the referral's puskesmas", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Nakes, PuskesmasID: 7}}}, child, viewOnly},
		{"nakes of another puskesmas", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Nakes, PuskesmasID: 8}}}, child, all(false)},
		{"admin", policy.Actor{UserID: stranger, Grants: []policy.Grant{{Role: policy.Admin, RegionCode: "36.74"}}}, child, all(false)},
		{"nobody (id 0) never matches an empty guardian list", policy.Actor{}, orphan, all(false)},
	}
	for _, tc := range tcs {
		for _, action := range policy.Actions {
			t.Run(fmt.Sprintf("%s/%s", tc.name, action), func(t *testing.T) {
				assert.Equal(t, tc.want[action], policy.CanChild(tc.actor, action, tc.child))
			})
		}
	}
}

func TestSeesZScores(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		role policy.Role
		want bool
	}{
		{policy.Parent, false}, {policy.Pregnant, false}, {policy.Adolescent, false},
		{policy.Kader, true}, {policy.Nakes, true}, {policy.Admin, false},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, policy.SeesZScores(policy.Actor{UserID: 1, Grants: []policy.Grant{{Role: tc.role}}}), tc.role)
	}
}

func TestAdminRegion(t *testing.T) {
	admin := func(code string) policy.Grant { return policy.Grant{Role: policy.Admin, RegionCode: code} }
	tcs := []struct {
		name   string
		grants []policy.Grant
		want   string
		ok     bool
	}{
		{"no role", nil, "", false},
		{"a kader only", []policy.Grant{{Role: policy.Kader, PosyanduID: 3}}, "", false},
		{"admin of a kecamatan", []policy.Grant{admin("36.74.01")}, "36.74.01", true},
		{"the widest of two", []policy.Grant{admin("36.74.01"), admin("36.74")}, "36.74", true},
		{"admin of everything", []policy.Grant{admin("36.74"), admin("")}, "", true},
		{"a kader who is an admin too", []policy.Grant{{Role: policy.Kader, PosyanduID: 3}, admin("36.74")}, "36.74", true},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := policy.AdminRegion(policy.Actor{UserID: 1, Grants: tc.grants})
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.ok, ok)
		})
	}
}
