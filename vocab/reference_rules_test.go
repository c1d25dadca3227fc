package vocab

import (
	"math"
	"testing"
)

// The §F tables of the behaviour spec (kernel-ext.md): the reference's
// answers, row by row. Each row marked "main" was answered differently (or
// refused) by the classifiers these replace.

func TestReferenceRules_Productivity(t *testing.T) {
	cases := []struct {
		deltas   string
		minSteps int
		token    string
	}{
		{"", 3, VerdictProductive},         // main: exit 2
		{"", 0, VerdictProductive},         // an empty history is PRODUCTIVE even at min-steps 0
		{"0", 0, VerdictStalled},           // main: exit 2 (min-steps 0 refused)
		{"100", 0, VerdictProductive},      // main: exit 2; one step never diminishes
		{"100,100", 0, VerdictDiminishing}, // main: exit 2
		{"5,0", 3, VerdictProductive},      // too few steps
		{",5,,0,", 3, VerdictProductive},   // empty items dropped
		{"800,300,120", 3, VerdictDiminishing},
		{"800,600,0", 3, VerdictStalled},
		{"800,600,120", 3, VerdictProductive},
	}
	for _, c := range cases {
		d, err := ParseDeltas(c.deltas)
		if err != nil {
			t.Fatalf("%q: %v", c.deltas, err)
		}
		p := ProductivityPolicy{MinSteps: c.minSteps, Floor: 500}
		if err := p.Check(); err != nil {
			t.Fatalf("min-steps %d refused: %v", c.minSteps, err)
		}
		if v := ClassifyProductivity(d, p); v.Token != c.token {
			t.Errorf("--deltas=%q --min-steps %d → %s, want %s", c.deltas, c.minSteps, v.Token, c.token)
		}
	}
	for _, bad := range []string{"5,-1", "5,x", "1.5"} {
		if _, err := ParseDeltas(bad); err == nil {
			t.Errorf("--deltas %q accepted", bad)
		}
	}
	if (ProductivityPolicy{MinSteps: -1, Floor: 500}).Check() == nil {
		t.Error("--min-steps -1 accepted")
	}
}

func TestReferenceRules_Efficiency(t *testing.T) {
	cases := []struct {
		work, tokens, minTokens int64
		floor                   float64
		token                   string
	}{
		{0, 0, 0, 0, VerdictEfficient},        // main: WASTEFUL; zero tokens is checked first
		{0, 0, 1000, 0.001, VerdictEfficient}, // zero tokens wins over a floor too
		{1, 5000, 1000, 0, VerdictEfficient},  // main: COSTLY (its default floor was 0.001)
		{1, 5000, 1000, 0.001, VerdictCostly},
		{5, 1000, 1000, 0.005, VerdictEfficient}, // exactly at the floor
		{0, 5000, 1000, 0, VerdictWasteful},
		{0, 999, 1000, 0, VerdictEfficient},
	}
	for _, c := range cases {
		p := EfficiencyPolicy{MinTokens: c.minTokens, Floor: c.floor}
		if v := ClassifyEfficiency(c.work, c.tokens, p); v.Token != c.token {
			t.Errorf("work %d tokens %d min %d floor %g → %s, want %s", c.work, c.tokens, c.minTokens, c.floor, v.Token, c.token)
		}
	}
	if d := DefaultEfficiency(); d.Floor != 0 || d.MinTokens != 1000 {
		t.Errorf("default policy %+v, want min 1000 floor 0", d)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5} {
		if (EfficiencyPolicy{MinTokens: 1000, Floor: f}).Check() == nil {
			t.Errorf("--floor %g accepted", f)
		}
	}
}

func TestReferenceRules_Reward(t *testing.T) {
	cases := []struct {
		name  string
		e     RewardEvidence
		token string
	}{
		{"--claim --witness refute --forgeable", RewardEvidence{Claim: true, Refute: true, Forgeable: true}, VerdictAbstain}, // main: REJECT_POISON
		{"--witness confirm (claim by default)", RewardEvidence{Claim: true, Confirm: true}, VerdictAccept},
		{"no flags", RewardEvidence{Claim: true}, VerdictAbstain},
		{"--claim --witness confirm --forgeable", RewardEvidence{Claim: true, Confirm: true, Forgeable: true}, VerdictAbstain},
		{"--no-claim --witness confirm", RewardEvidence{Confirm: true}, VerdictNoClaim},
		{"--claim --witness refute", RewardEvidence{Claim: true, Refute: true}, VerdictRejectPoison},
	}
	for _, c := range cases {
		if v := ClassifyReward(c.e); v.Token != c.token {
			t.Errorf("%s → %s, want %s", c.name, v.Token, c.token)
		}
	}
}

func TestReferenceRules_Improve(t *testing.T) {
	p := DefaultImprove()
	if p.Spend.Floor != 0 || p.Spend.MinTokens != 1000 || p.MaxReverts != 3 {
		t.Fatalf("default policy %+v, want floor 0 (off), min tokens 1000, max reverts 3", p)
	}
	green := func(work, base, tokens int64, streak int) ImproveEvidence {
		return ImproveEvidence{SuitePassed: true, TruthClean: true, Work: work, BaselineWork: base, Tokens: tokens, ConsecutiveReverts: streak}
	}
	floor := func(f float64) ImprovePolicy { q := p; q.Spend.Floor = f; return q }
	cases := []struct {
		name   string
		e      ImproveEvidence
		p      ImprovePolicy
		token  string
		reason string
	}{
		{"--work 5 --baseline-work 3 --tokens 5000", green(5, 3, 5000, 0), p, VerdictKeep, ReasonImproved},                // main: REVERT
		{"--work 2 --baseline-work 1 --tokens 1000000", green(2, 1, 1_000_000, 0), p, VerdictKeep, ReasonImproved},        // main: REVERT
		{"--efficiency-floor 0.001, the same step", green(5, 3, 5000, 0), floor(0.001), VerdictRevert, ReasonSpendCostly}, // the gain of 2 is judged
		{"a gain that spent nothing keeps", green(5, 3, 0, 0), floor(0.5), VerdictKeep, ReasonImproved},
		{"red suite escalates at the max", ImproveEvidence{TruthClean: true, Work: 9, BaselineWork: 1, ConsecutiveReverts: 2}, p, VerdictEscalate, ReasonSuiteRed},
		{"no improvement reverts", green(3, 3, 0, 0), p, VerdictRevert, ReasonNotImproved},
	}
	for _, c := range cases {
		if v, _ := ClassifyImprove(c.e, c.p); v.Token != c.token || v.Reason != c.reason {
			t.Errorf("%s → %s/%s, want %s/%s", c.name, v.Token, v.Reason, c.token, c.reason)
		}
	}
}
