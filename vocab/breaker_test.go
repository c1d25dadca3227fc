package vocab

import "testing"

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
