package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/referral"
)

func TestStatusNext(t *testing.T) {
	t.Parallel()
	tcs := []struct {
		from referral.Status
		want referral.Status
		ok   bool
	}{
		{referral.Referred, referral.Accepted, true},
		{referral.Accepted, referral.Examined, true},
		{referral.Examined, referral.Treated, true},
		{referral.Treated, referral.Closed, true},
		{referral.Closed, "", false},
		{"hilang", "", false},
	}
	for _, tc := range tcs {
		got, ok := tc.from.Next()
		assert.Equal(t, tc.want, got, tc.from)
		assert.Equal(t, tc.ok, ok, tc.from)
	}
}

// TestFlowsAgree checks that the flow offers exactly the statuses,
// findings and treatments the use cases accept.
func TestFlowsAgree(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{flows.ReferralReferred, flows.ReferralAccepted, flows.ReferralExamined, flows.ReferralTreated,
		flows.ReferralClosed}, []string{string(referral.Referred), string(referral.Accepted), string(referral.Examined),
		string(referral.Treated), string(referral.Closed)})
	var findings, treatments []string
	for _, f := range referral.Findings {
		findings = append(findings, string(f))
	}
	for _, tr := range referral.Treatments {
		treatments = append(treatments, string(tr))
	}
	assert.Equal(t, flows.ReferralFindings, findings)
	assert.Equal(t, flows.ReferralTreatments, treatments)
}
