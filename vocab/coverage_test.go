package vocab

import (
	"strings"
	"testing"
)

func TestClassifyCoverage_Rules(t *testing.T) {
	q := 0.5
	cases := []struct {
		name     string
		in       CoverageInput
		token    string
		counts   [4]int // healthy, dead, unreadable, unaccounted
		foldable bool
		caveat   bool
		why      string
	}{
		{"declared 0 is empty", CoverageInput{Declared: 0, States: []string{StateHealthy}}, VerdictEmpty, [4]int{1, 0, 0, 0}, true, false, "declared == 0"},
		{"full", CoverageInput{Declared: 2, States: []string{StateHealthy, StateHealthy}}, VerdictFull, [4]int{2, 0, 0, 0}, true, false, "full coverage"},
		{"overfilled", CoverageInput{Declared: 1, States: []string{StateHealthy, StateHealthy}}, VerdictOverfilled, [4]int{2, 0, 0, 0}, true, true, "ANOMALY"},
		{"starved", CoverageInput{Declared: 2, States: []string{StateEmpty}}, VerdictStarved, [4]int{0, 1, 0, 1}, false, true, "COVERAGE FAILURE: 0 of 2"},
		{"underfilled with every gap", CoverageInput{Declared: 4, Grounded: true, States: []string{StateHealthy, StateSynthetic, StateUnreadable}, Classes: []string{"", ClassRateLimit, ""}},
			VerdictUnderfilled, [4]int{1, 1, 1, 1}, true, true,
			"only 1 of 4 fan-out workers returned a real result (1 died on a harness-authored terminal (rate-limit); 1 could not be read (NOT a witnessed death); 1 did not return a transcript). Treat the findings below as a SUB-QUORUM SAMPLE (1/4)"},
		{"unreadable is live: 1 healthy 1 unreadable of 2", CoverageInput{Declared: 2, States: []string{StateHealthy, StateUnreadable}}, VerdictUnderfilled, [4]int{1, 0, 1, 0}, true, true, "could not be read"},
		{"quorum", CoverageInput{Declared: 2, States: []string{StateHealthy, StateEmpty}, MinQuorum: &q}, VerdictUnderfilled, [4]int{1, 1, 0, 0}, true, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d := ClassifyCoverage(c.in)
			got := [4]int{d.Healthy, d.Dead, d.Unreadable, d.Unaccounted}
			if v.Token != c.token || got != c.counts || d.Foldable != c.foldable || d.ShouldCaveat != c.caveat || !strings.Contains(v.Why, c.why) {
				t.Fatalf("got %s %v foldable=%v caveat=%v %q", v.Token, got, d.Foldable, d.ShouldCaveat, v.Why)
			}
			if c.in.Grounded == strings.Contains(v.Why, "[caller-asserted]") {
				t.Fatalf("grounded %v but why %q", c.in.Grounded, v.Why)
			}
		})
	}
	_, d := ClassifyCoverage(CoverageInput{Declared: 2, States: []string{StateHealthy, StateEmpty}, MinQuorum: &q})
	if d.QuorumMet == nil || !*d.QuorumMet || d.Fraction == nil || *d.Fraction != 0.5 {
		t.Fatalf("quorum %v fraction %v", d.QuorumMet, d.Fraction)
	}
	_, d = ClassifyCoverage(CoverageInput{Declared: 3, States: []string{StateHealthy}})
	if d.QuorumMet != nil || *d.Fraction != 0.3333 {
		t.Fatalf("no quorum asked: %v; fraction %v", d.QuorumMet, *d.Fraction)
	}
}

func TestParseCoverageStates(t *testing.T) {
	got, err := ParseCoverageStates(" healthy, EMPTY ,,unreadable")
	if err != nil || strings.Join(got, ",") != "HEALTHY,EMPTY,UNREADABLE" {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := ParseCoverageStates("HEALTHY,DEAD"); err == nil || !strings.Contains(err.Error(), "un-coercible") {
		t.Fatalf("DEAD accepted: %v", err)
	}
	if got, _ := ParseCoverageStates(""); len(got) != 0 {
		t.Fatalf("empty gave %v", got)
	}
}
