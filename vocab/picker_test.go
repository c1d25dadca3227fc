package vocab

import (
	"strings"
	"testing"
	"time"
)

func TestClassifyPickable_PrecedenceFirstMatchWins(t *testing.T) {
	all := map[string]bool{"shipped": true, "unparseable": true, "in_flight": true, "soft_claimed_elsewhere": true,
		"stale_claim": true, "operator_gated": true, "soak_open": true, "dependency_unmet": true}
	order := []struct{ key, token string }{
		{"shipped", VerdictShipped}, {"unparseable", VerdictUnparseable}, {"in_flight", VerdictInFlight},
		{"soft_claimed_elsewhere", VerdictSoftClaimedElse}, {"stale_claim", VerdictStaleClaim}, {"plan_class", VerdictDraftClass},
		{"operator_gated", VerdictOperatorGated}, {"soak_open", VerdictSoakOpen}, {"dependency_unmet", VerdictDependencyUnmet},
	}
	flags := map[string]bool{}
	for k, v := range all {
		flags[k] = v
	}
	st := PickState{Flags: flags, PlanClass: "draft", CooldownUntilMS: 100}
	for _, o := range order {
		v, d := ClassifyPickable("AUTH3", st, 50)
		if v.Token != o.token || d.Key != o.key || !d.Held {
			t.Fatalf("with %s first set: got %s (%s)", o.key, v.Token, d.Key)
		}
		wantInv := o.token == VerdictDraftClass || o.token == VerdictOperatorGated || o.token == VerdictSoakOpen || o.token == VerdictDependencyUnmet
		if d.RedispatchInvariant != wantInv || strings.Contains(v.Why, "re-dispatch-invariant") != wantInv {
			t.Fatalf("%s invariant %v", o.token, d.RedispatchInvariant)
		}
		delete(st.Flags, o.key)
		if o.key == "plan_class" {
			st.PlanClass = "READY"
		}
	}
	if v, _ := ClassifyPickable("U", st, 50); v.Token != VerdictCooldown {
		t.Fatalf("cooldown wall 100 at 50: %s", v.Token)
	}
	if v, _ := ClassifyPickable("U", st, 100); v.Token != VerdictOfferable || v.Why != "U may be picked up" {
		t.Fatalf("at the wall: %s %q", v.Token, v.Why)
	}
	if v, _ := ClassifyPickable("", PickState{}, 0); v.Token != VerdictOfferable {
		t.Fatalf("empty state: %s", v.Token)
	}
}

func TestClassifyCooldown_Rules(t *testing.T) {
	p := DefaultCooldown()
	a := func(u, o string, ms int64) Attempt { return Attempt{UnitID: u, Outcome: o, AttemptedAtMS: ms} }
	cases := []struct {
		name     string
		attempts []Attempt
		now      int64
		token    string
		why      string
	}{
		{"none", nil, 10, VerdictClear, "no recent attempt holds this unit — offerable"},
		{"other units do not count", []Attempt{a("AUTH4", "drained", 9e6)}, 1e7, VerdictClear, "no recent attempt"},
		{"drained inside 6h", []Attempt{a("AUTH3", "drained", 9e6)}, 1e7, VerdictRecentlyAttempt, "the 360m cooldown window has not elapsed (until 30600000 ms, now 10000000 ms)"},
		{"error after 30m", []Attempt{a("AUTH3", "ERROR", 81e5)}, 1e7, VerdictClear, "30m cooldown window elapsed"},
		{"error at the wall is clear", []Attempt{a("AUTH3", "error", 82e5)}, 82e5 + 18e5, VerdictClear, ""},
		{"error 1 ms before the wall", []Attempt{a("AUTH3", "error", 82e5)}, 82e5 + 18e5 - 1, VerdictRecentlyAttempt, "attempted 1×"},
		{"the latest wins", []Attempt{a("AUTH3", "drained", 1), a("AUTH3", "shipped", 5)}, 6, VerdictClear, "most recent attempt SHIPPED"},
		{"a tie takes the longer window", []Attempt{a("AUTH3", "error", 5), a("AUTH3", "blocked", 5)}, 5 + 31*60*1000, VerdictRecentlyAttempt, "attempted 2× (last blocked"},
		{"unknown outcome cools like drained", []Attempt{a("AUTH3", "weird", 0)}, 1, VerdictRecentlyAttempt, "last unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, _ := ClassifyCooldown("AUTH3", c.attempts, c.now, p)
			if v.Token != c.token || !strings.Contains(v.Why, c.why) {
				t.Fatalf("got %s %q", v.Token, v.Why)
			}
		})
	}
	if _, d := ClassifyCooldown("AUTH3", []Attempt{a("AUTH3", "drained", 9e6)}, 1e7, CooldownPolicy{Window: time.Hour, ErrorWindow: time.Minute}); d.UntilMS != 9e6+36e5 {
		t.Fatalf("until %d", d.UntilMS)
	}
}

func TestClassifyPickPriority(t *testing.T) {
	v, d := ClassifyPickPriority("AUTH3", nil)
	if v.Token != VerdictNeverAttempted || d.SortKey != [2]int64{0, 0} || d.LastAttemptMS != nil {
		t.Fatalf("%s %v", v.Token, d.SortKey)
	}
	v, d = ClassifyPickPriority("AUTH3", []Attempt{{UnitID: "AUTH3", Outcome: "drained", AttemptedAtMS: 7}, {UnitID: "AUTH3", AttemptedAtMS: 9}})
	if v.Token != VerdictAttempted || d.SortKey != [2]int64{1, 9} || *d.LastAttemptMS != 9 || d.Count != 2 {
		t.Fatalf("%s %v", v.Token, d.SortKey)
	}
}

func TestClassifyReconcile(t *testing.T) {
	cases := []struct {
		claimed, shipped bool
		token, flag      string
		residual         bool
	}{
		{true, true, VerdictVerified, "", false},
		{false, true, VerdictVerified, "", false},
		{true, false, VerdictQuietIncomplete, VerdictQuietIncomplete, true},
		{false, false, VerdictHonestOpen, "", true},
	}
	for _, c := range cases {
		v, d := ClassifyReconcile("AUTH2", c.claimed, c.shipped)
		if v.Token != c.token || d.Flag != c.flag || d.KeepsInResidual != c.residual {
			t.Errorf("claimed %v shipped %v: %s %q %v", c.claimed, c.shipped, v.Token, d.Flag, d.KeepsInResidual)
		}
	}
}
