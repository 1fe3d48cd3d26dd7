package policy_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/policy"
)

func TestCanReferral(t *testing.T) {
	t.Parallel()
	ref := policy.Referral{PuskesmasID: 7, PosyanduID: 5, RegionCode: "36.74.01.1001"}
	none := map[policy.ReferralAction]bool{}
	viewOnly := map[policy.ReferralAction]bool{policy.ViewReferral: true}
	both := map[policy.ReferralAction]bool{policy.ViewReferral: true, policy.MoveReferral: true}
	grant := func(g policy.Grant) policy.Actor { return policy.Actor{UserID: 20, Grants: []policy.Grant{g}} }

	tcs := []struct {
		name  string
		actor policy.Actor
		want  map[policy.ReferralAction]bool
	}{
		{"parent", grant(policy.Grant{Role: policy.Parent}), none},
		{"pregnant woman", grant(policy.Grant{Role: policy.Pregnant}), none},
		{"adolescent", grant(policy.Grant{Role: policy.Adolescent}), none},
		{"kader of the posyandu", grant(policy.Grant{Role: policy.Kader, PosyanduID: 5}), viewOnly},
		{"kader of another posyandu", grant(policy.Grant{Role: policy.Kader, PosyanduID: 6}), none},
		{"nakes of the puskesmas", grant(policy.Grant{Role: policy.Nakes, PuskesmasID: 7}), both},
		{"nakes of another puskesmas", grant(policy.Grant{Role: policy.Nakes, PuskesmasID: 8}), none},
		{"nakes of two puskesmas", policy.Actor{UserID: 20, Grants: []policy.Grant{
			{Role: policy.Nakes, PuskesmasID: 8}, {Role: policy.Nakes, PuskesmasID: 7}}}, both},
		{"admin of the city", grant(policy.Grant{Role: policy.Admin, RegionCode: "36.74"}), viewOnly},
		{"admin of the kelurahan", grant(policy.Grant{Role: policy.Admin, RegionCode: "36.74.01.1001"}), viewOnly},
		{"admin of another city", grant(policy.Grant{Role: policy.Admin, RegionCode: "36.71"}), none},
		{"admin of a code that only shares digits", grant(policy.Grant{Role: policy.Admin, RegionCode: "36.7"}), none},
		{"admin without region", grant(policy.Grant{Role: policy.Admin}), none},
		{"nobody", policy.Actor{}, none},
	}
	for _, tc := range tcs {
		for _, action := range policy.ReferralActions {
			t.Run(fmt.Sprintf("%s/%s", tc.name, action), func(t *testing.T) {
				assert.Equal(t, tc.want[action], policy.CanReferral(tc.actor, action, ref))
			})
		}
	}
	t.Run("a referral without puskesmas is no nakes's", func(t *testing.T) {
		assert.False(t, policy.CanReferral(grant(policy.Grant{Role: policy.Nakes}), policy.ViewReferral, policy.Referral{}))
	})
}

func TestInRegion(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		prefix, code string
		want         bool
	}{
		{"36.74", "36.74.01.1001", true},
		{"36.74", "36.74", true},
		{"36.74", "36.741.01", false},
		{"36.74.01", "36.74.02.1001", false},
		{"", "36.74", false},
		{"36", "", false},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, policy.InRegion(tc.prefix, tc.code), "%s in %s", tc.code, tc.prefix)
	}
}
