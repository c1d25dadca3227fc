package vocab

import (
	"fmt"
)

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
