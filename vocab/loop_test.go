package vocab

import "testing"

func TestClassifyProductivity_EveryRuleAndBoundary(t *testing.T) {
	p := DefaultProductivity() // min 3, floor 500
	cases := []struct {
		name   string
		deltas []int64
		p      ProductivityPolicy
		token  string
		reason string
	}{
		{"one step is too early", []int64{0}, p, VerdictProductive, ReasonTooFewSteps},
		{"two steps is too early even if zero", []int64{800, 0}, p, VerdictProductive, ReasonTooFewSteps},
		{"last zero stalls", []int64{800, 600, 0}, p, VerdictStalled, ReasonLastZero},
		{"zero wins over diminishing", []int64{800, 100, 0}, p, VerdictStalled, ReasonLastZero},
		{"last two under floor diminish", []int64{800, 300, 120}, p, VerdictDiminishing, ReasonBelowFloor},
		{"only last under floor keeps working", []int64{800, 600, 120}, p, VerdictProductive, ReasonWorking},
		{"only second-to-last under floor keeps working", []int64{800, 120, 600}, p, VerdictProductive, ReasonWorking},
		{"exactly the floor is not under it", []int64{800, 500, 500}, p, VerdictProductive, ReasonWorking},
		{"one under the floor is", []int64{800, 499, 499}, p, VerdictDiminishing, ReasonBelowFloor},
		{"an earlier zero does not stall", []int64{0, 900, 900}, p, VerdictProductive, ReasonWorking},
		{"min-steps 1 judges a single zero", []int64{0}, ProductivityPolicy{MinSteps: 1, Floor: 500}, VerdictStalled, ReasonLastZero},
		{"min-steps 1 cannot diminish on one step", []int64{10}, ProductivityPolicy{MinSteps: 1, Floor: 500}, VerdictProductive, ReasonWorking},
		{"floor 0 never diminishes", []int64{5, 1, 1}, ProductivityPolicy{MinSteps: 3, Floor: 0}, VerdictProductive, ReasonWorking},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := ClassifyProductivity(c.deltas, c.p)
			if v.Token != c.token || v.Reason != c.reason {
				t.Fatalf("%v → %s/%s (%s), want %s/%s", c.deltas, v.Token, v.Reason, v.Why, c.token, c.reason)
			}
		})
	}
}

func TestProductivityPolicy_RejectsNonsense(t *testing.T) {
	for _, p := range []ProductivityPolicy{{MinSteps: 0, Floor: 1}, {MinSteps: 3, Floor: -1}} {
		if p.Check() == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}

func TestClassifyEfficiency_EveryRuleAndBoundary(t *testing.T) {
	p := EfficiencyPolicy{MinTokens: 1000, Floor: 0.01}
	cases := []struct {
		name         string
		work, tokens int64
		token        string
		reason       string
	}{
		{"under min tokens is efficient even with no work", 0, 999, VerdictEfficient, ReasonUnderMinTokens},
		{"at min tokens is judged", 0, 1000, VerdictWasteful, ReasonNoWork},
		{"no work is wasteful", 0, 50000, VerdictWasteful, ReasonNoWork},
		{"under floor is costly", 9, 1000, VerdictCostly, ReasonBelowFloor},
		{"at floor is efficient", 10, 1000, VerdictEfficient, ReasonEfficient},
		{"over floor is efficient", 500, 1000, VerdictEfficient, ReasonEfficient},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := ClassifyEfficiency(c.work, c.tokens, p)
			if v.Token != c.token || v.Reason != c.reason {
				t.Fatalf("work %d tokens %d → %s/%s, want %s/%s", c.work, c.tokens, v.Token, v.Reason, c.token, c.reason)
			}
		})
	}
	if Ratio(5, 0) != 0 || Ratio(1, 4) != 0.25 {
		t.Fatal("Ratio wrong")
	}
}

func TestClassifyBreaker_EveryRuleAndBoundary(t *testing.T) {
	p := DefaultBreaker() // 3 / 20
	cases := []struct {
		name               string
		consecutive, total int
		p                  BreakerPolicy
		token, reason      string
	}{
		{"under both", 2, 19, p, VerdictClosed, ReasonUnderLimits},
		{"consecutive at max opens", 3, 3, p, VerdictOpen, ReasonConsecutive},
		{"consecutive over max opens", 5, 5, p, VerdictOpen, ReasonConsecutive},
		{"total at max opens", 1, 20, p, VerdictOpen, ReasonTotal},
		{"consecutive wins a tie", 3, 20, p, VerdictOpen, ReasonConsecutive},
		{"consecutive max 0 disables it", 50, 5, BreakerPolicy{MaxConsecutive: 0, MaxTotal: 20, OnTrip: "none"}, VerdictClosed, ReasonUnderLimits},
		{"total max 0 disables it", 1, 500, BreakerPolicy{MaxConsecutive: 3, MaxTotal: 0, OnTrip: "none"}, VerdictClosed, ReasonUnderLimits},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.p.Check(c.consecutive, c.total); err != nil {
				t.Fatal(err)
			}
			v := ClassifyBreaker(c.consecutive, c.total, c.p)
			if v.Token != c.token || v.Reason != c.reason {
				t.Fatalf("→ %s/%s, want %s/%s", v.Token, v.Reason, c.token, c.reason)
			}
		})
	}
}

func TestBreakerPolicy_RejectsABreakerThatCannotTrip(t *testing.T) {
	cases := []struct {
		name string
		p    BreakerPolicy
		c, n int
	}{
		{"both maxima zero", BreakerPolicy{0, 0, "none"}, 1, 1},
		{"negative max", BreakerPolicy{-1, 20, "none"}, 1, 1},
		{"negative count", DefaultBreaker(), -1, 1},
		{"unknown rung", BreakerPolicy{3, 20, "pager"}, 1, 1},
	}
	for _, c := range cases {
		if c.p.Check(c.c, c.n) == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	if v := ClassifyBreaker(3, 3, BreakerPolicy{3, 20, "human"}); v.Why == "" || v.Token != VerdictOpen {
		t.Fatalf("%+v", v)
	}
}
