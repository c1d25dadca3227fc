package vocab

import "testing"

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
