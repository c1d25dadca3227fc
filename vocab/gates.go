package vocab

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The gate verdicts: reward, hook-exit and improve. Pure.

// RewardEvidence is what a witness the agent did not write said.
type RewardEvidence struct {
	Claim     bool // the trajectory claims success
	Confirm   bool // a witness confirms it
	Refute    bool // a witness refutes it
	Forgeable bool // the agent could have written the witness
}

// ClassifyReward decides whether a trajectory may be trained on: no claim →
// NO_CLAIM; any refutation → REJECT_POISON; a confirmation by a witness the
// agent cannot forge → ACCEPT; anything else → ABSTAIN.
func ClassifyReward(e RewardEvidence) Verdict {
	switch {
	case !e.Claim:
		return Verdictf(VerdictNoClaim, ReasonNoClaim, "the trajectory claims nothing")
	case e.Refute && e.Confirm:
		return Verdictf(VerdictRejectPoison, ReasonContested, "a witness refutes the claim (another confirms it): poison")
	case e.Refute:
		return Verdictf(VerdictRejectPoison, ReasonRefuted, "a witness refutes the claim: poison")
	case e.Confirm && e.Forgeable:
		return Verdictf(VerdictAbstain, ReasonForgeable, "the only confirmation comes from a witness the agent could forge")
	case e.Confirm:
		return Verdictf(VerdictAccept, ReasonWitnessed, "a witness the agent cannot forge confirms the claim")
	}
	return Verdictf(VerdictAbstain, ReasonNoWitness, "no witness confirms or refutes the claim")
}

// ParseWitness reads --witness values (repeatable, comma-separated):
// confirm, refute, none.
func ParseWitness(vals []string) (confirm, refute bool, err error) {
	none := false
	for _, v := range vals {
		for _, w := range strings.Split(v, ",") {
			switch strings.TrimSpace(strings.ToLower(w)) {
			case "confirm":
				confirm = true
			case "refute":
				refute = true
			case "none", "":
				none = true
			default:
				return false, false, Usagef("--witness %q: must be confirm, refute or none", w)
			}
		}
	}
	if none && (confirm || refute) {
		return false, false, Usagef("--witness none cannot be combined with confirm or refute")
	}
	return confirm, refute, nil
}

var hookVerbs = []string{VerdictPass, VerdictBlock, VerdictWarn, VerdictDefer, VerdictObserve}

// ParseHookMap reads --map entries C=VERB (comma-separated, repeatable).
func ParseHookMap(vals []string) (map[int]string, error) {
	m := map[int]string{}
	for _, v := range vals {
		for _, e := range strings.Split(v, ",") {
			if strings.TrimSpace(e) == "" {
				continue
			}
			c, verb, ok := strings.Cut(e, "=")
			code, err := strconv.Atoi(strings.TrimSpace(c))
			verb = strings.ToUpper(strings.TrimSpace(verb))
			if !ok || err != nil {
				return nil, Usagef("--map %q: write CODE=VERB, e.g. 3=DEFER", e)
			}
			if !contains(hookVerbs, verb) {
				return nil, Usagef("--map %q: VERB must be one of %s", e, strings.Join(hookVerbs, ", "))
			}
			if prev, dup := m[code]; dup && prev != verb {
				return nil, Usagef("--map maps code %d twice (%s and %s)", code, prev, verb)
			}
			m[code] = verb
		}
	}
	return m, nil
}

// HookMapDetail renders a hook map for a record's detail.
func HookMapDetail(m map[int]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strconv.Itoa(k)] = v
	}
	return out
}

// ClassifyHookExit maps a shell hook's exit code to an intervention: a
// mapped code → its verb (an explicit 0=BLOCK is honoured); 0 → PASS;
// 2 → BLOCK; anything else → WARN.
func ClassifyHookExit(code int, m map[int]string) Verdict {
	if v, ok := m[code]; ok {
		return Verdictf(v, ReasonMapped, "exit %d is mapped to %s", code, v)
	}
	switch code {
	case 0:
		return Verdictf(VerdictPass, ReasonExitZero, "exit 0: the hook passed")
	case 2:
		return Verdictf(VerdictBlock, ReasonExitTwo, "exit 2: the hook blocks")
	}
	return Verdictf(VerdictWarn, ReasonUnmapped, "exit %d is neither 0 nor 2 nor mapped: warn", code)
}

// ImproveEvidence is one self-improvement step's evidence.
type ImproveEvidence struct {
	SuitePassed        bool
	TruthClean         bool
	Work, BaselineWork int64
	Tokens             int64 // 0 when spend is unknown
	ConsecutiveReverts int   // reverts in a row before this step
}

// ImprovePolicy tunes improve.
type ImprovePolicy struct {
	MaxReverts int              // a revert bringing the streak to this escalates
	Spend      EfficiencyPolicy // the improvement's spend must be EFFICIENT
}

// DefaultImprove returns the reference's policy.
func DefaultImprove() ImprovePolicy { return ImprovePolicy{MaxReverts: 3, Spend: DefaultEfficiency()} }

// Check rejects a policy that escalates before any revert, and negatives.
func (p ImprovePolicy) Check(e ImproveEvidence) error {
	switch {
	case p.MaxReverts < 1:
		return Usagef("--max-reverts %d: must be at least 1", p.MaxReverts)
	case e.ConsecutiveReverts < 0 || e.Tokens < 0 || e.Work < 0 || e.BaselineWork < 0:
		return Usagef("--work, --baseline-work, --tokens and --consecutive-reverts must not be negative")
	}
	return p.Spend.Check()
}

// ClassifyImprove keeps a step only when the suite is green, the truth is
// clean, the metric went up and the improvement's spend is efficient;
// otherwise it reverts, escalating when this revert brings the streak to
// MaxReverts. It returns the verdict and the revert streak after the step.
func ClassifyImprove(e ImproveEvidence, p ImprovePolicy) (Verdict, int) {
	var reason, why string
	switch {
	case !e.SuitePassed:
		reason, why = ReasonSuiteRed, "the suite is red"
	case !e.TruthClean:
		reason, why = ReasonTruthDirty, "the truth check is dirty"
	case e.Work <= e.BaselineWork:
		reason, why = ReasonNotImproved, fmt.Sprintf("the metric went from %d to %d, not up", e.BaselineWork, e.Work)
	case e.Tokens > 0 && ClassifyEfficiency(e.Work-e.BaselineWork, e.Tokens, p.Spend).Token != VerdictEfficient:
		reason, why = ReasonSpendCostly, fmt.Sprintf("a gain of %d cost %d tokens, under the spend floor %g", e.Work-e.BaselineWork, e.Tokens, p.Spend.Floor)
	default:
		return Verdictf(VerdictKeep, ReasonImproved, "the metric went from %d to %d with the suite green and the truth clean", e.BaselineWork, e.Work), 0
	}
	streak := e.ConsecutiveReverts + 1
	if streak >= p.MaxReverts {
		return Verdictf(VerdictEscalate, reason, "%s; revert %d in a row reaches the maximum %d", why, streak, p.MaxReverts), streak
	}
	return Verdictf(VerdictRevert, reason, "%s; revert (%d in a row)", why, streak), streak
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
