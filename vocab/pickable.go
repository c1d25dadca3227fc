package vocab

import (
	"fmt"
	"strings"
)

// pickable: the picker's pre-dispatch gate. May this unit be picked up
// now? The state is the host's own bookkeeping, judged key by key in a
// fixed precedence.

// PickState is the unit's state as the host hands it in (--state JSON):
// the truthy flags, the plan's class and the cooldown wall.
type PickState struct {
	Flags           map[string]bool // shipped, unparseable, in_flight, … (truthy or not)
	PlanClass       string          // compared upper-case; DRAFT holds
	CooldownUntilMS int64           // 0: none
}

// pickRules is the precedence, first match wins: the state key, the
// verdict it holds with, whether re-dispatching can never change it, and
// what to do next.
var pickRules = []struct {
	key, token string
	invariant  bool
	next       string
}{
	{"shipped", VerdictShipped, false, "nothing to do: the unit already shipped"},
	{"unparseable", VerdictUnparseable, false, "fix the unit's declaration so it parses"},
	{"in_flight", VerdictInFlight, false, "wait for the run working on it to finish"},
	{"soft_claimed_elsewhere", VerdictSoftClaimedElse, false, "leave it to the loop that claimed it"},
	{"stale_claim", VerdictStaleClaim, false, "reap the stale claim (dos halt) before offering it"},
	{"plan_class", VerdictDraftClass, true, "promote the plan out of DRAFT"},
	{"operator_gated", VerdictOperatorGated, true, "an operator must open the gate"},
	{"soak_open", VerdictSoakOpen, true, "wait for the soak window to close"},
	{"dependency_unmet", VerdictDependencyUnmet, true, "ship the unit it depends on first"},
}

// PickableDetail is pickable's detail.
type PickableDetail struct {
	Unit                string `json:"unit,omitempty"`
	Held                bool   `json:"held"`
	Key                 string `json:"key,omitempty"` // the state key that holds it
	RedispatchInvariant bool   `json:"redispatch_invariant"`
	CooldownUntilMS     int64  `json:"cooldown_until_ms,omitempty"`
	NowMS               int64  `json:"now_ms"`
	NextAction          string `json:"next_action,omitempty"`
	Reason              string `json:"reason"` // offerable | the state key
}

// ClassifyPickable holds the unit for the first state key that is set, in
// the precedence SHIPPED, UNPARSEABLE, IN_FLIGHT, SOFT_CLAIMED_ELSEWHERE,
// STALE_CLAIM, DRAFT_CLASS, OPERATOR_GATED, SOAK_OPEN, DEPENDENCY_UNMET,
// COOLDOWN (now before the wall); otherwise it is OFFERABLE.
func ClassifyPickable(unit string, st PickState, nowMS int64) (Verdict, PickableDetail) {
	d := PickableDetail{Unit: unit, NowMS: nowMS, CooldownUntilMS: st.CooldownUntilMS}
	name := unit
	if name == "" {
		name = "the unit"
	}
	hold := func(token, key, next string, invariant bool, evidence string) Verdict {
		d.Held, d.Key, d.NextAction, d.RedispatchInvariant, d.Reason = true, key, next, invariant, key
		inv := ""
		if invariant {
			inv = " (re-dispatch-invariant)"
		}
		return Verdictf(token, key, "HELD(%s)%s %s: %s", token, inv, name, evidence)
	}
	for _, r := range pickRules {
		if r.key == "plan_class" {
			if strings.EqualFold(strings.TrimSpace(st.PlanClass), "DRAFT") {
				return hold(r.token, r.key, r.next, r.invariant, "plan_class is DRAFT"), d
			}
			continue
		}
		if st.Flags[r.key] {
			return hold(r.token, r.key, r.next, r.invariant, r.key+" is set"), d
		}
	}
	if st.CooldownUntilMS > 0 && nowMS < st.CooldownUntilMS {
		return hold(VerdictCooldown, "cooldown_until_ms", fmt.Sprintf("wait until %d ms (%d ms from now)", st.CooldownUntilMS, st.CooldownUntilMS-nowMS), false,
			fmt.Sprintf("cooling down until %d ms (now %d ms)", st.CooldownUntilMS, nowMS)), d
	}
	d.Reason = "offerable"
	return Verdictf(VerdictOfferable, "offerable", "%s may be picked up", name), d
}

// PickStateKeys lists the keys --state reads, for the error naming them.
func PickStateKeys() []string {
	keys := make([]string, 0, len(pickRules)+1)
	for _, r := range pickRules {
		keys = append(keys, r.key)
	}
	return append(keys, "cooldown_until_ms")
}
