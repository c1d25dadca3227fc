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
	for _, p := range []ProductivityPolicy{{MinSteps: -1, Floor: 1}, {MinSteps: 3, Floor: -1}} {
		if p.Check() == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
