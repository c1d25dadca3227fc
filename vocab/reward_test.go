package vocab

import (
	"testing"
)

func TestClassifyReward_EveryRule(t *testing.T) {
	cases := []struct {
		name          string
		e             RewardEvidence
		token, reason string
	}{
		{"no claim", RewardEvidence{Confirm: true}, VerdictNoClaim, ReasonNoClaim},
		{"no claim even when refuted", RewardEvidence{Refute: true}, VerdictNoClaim, ReasonNoClaim},
		{"confirmed by an unforgeable witness", RewardEvidence{Claim: true, Confirm: true}, VerdictAccept, ReasonWitnessed},
		{"confirmed by a forgeable witness abstains", RewardEvidence{Claim: true, Confirm: true, Forgeable: true}, VerdictAbstain, ReasonForgeable},
		{"a forgeable witness is left out: no claim still wins", RewardEvidence{Refute: true, Forgeable: true}, VerdictNoClaim, ReasonNoClaim},
		{"refuted", RewardEvidence{Claim: true, Refute: true}, VerdictRejectPoison, ReasonRefuted},
		{"refuted by a forgeable witness is left out: abstain", RewardEvidence{Claim: true, Refute: true, Forgeable: true}, VerdictAbstain, ReasonForgeable},
		{"confirm and refute is poison", RewardEvidence{Claim: true, Confirm: true, Refute: true}, VerdictRejectPoison, ReasonContested},
		{"no witness abstains", RewardEvidence{Claim: true}, VerdictAbstain, ReasonNoWitness},
	}
	for _, c := range cases {
		if v := ClassifyReward(c.e); v.Token != c.token || v.Reason != c.reason {
			t.Errorf("%s: → %s/%s, want %s/%s", c.name, v.Token, v.Reason, c.token, c.reason)
		}
	}
}

func TestParseWitness(t *testing.T) {
	cases := []struct {
		in             []string
		confirm, refut bool
		bad            bool
	}{
		{[]string{"confirm"}, true, false, false},
		{[]string{"confirm,refute"}, true, true, false},
		{[]string{"refute", "CONFIRM"}, true, true, false},
		{[]string{"none"}, false, false, false},
		{[]string{"none", "confirm"}, false, false, true},
		{[]string{"maybe"}, false, false, true},
	}
	for _, c := range cases {
		cf, rf, err := ParseWitness(c.in)
		if (err != nil) != c.bad || (!c.bad && (cf != c.confirm || rf != c.refut)) {
			t.Errorf("%v → %v %v %v", c.in, cf, rf, err)
		}
	}
}
