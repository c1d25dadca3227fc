package vocab

// The loop-economics verdicts: productivity, efficiency and breaker. Pure.

// ProductivityPolicy tunes productivity.
type ProductivityPolicy struct {
	MinSteps int   // fewer deltas than this is too early to judge
	Floor    int64 // a delta under this is small
}

// DefaultProductivity returns the reference's policy.
func DefaultProductivity() ProductivityPolicy { return ProductivityPolicy{MinSteps: 3, Floor: 500} }

// Check rejects a policy no trend could be judged by.
func (p ProductivityPolicy) Check() error {
	if p.MinSteps < 1 {
		return Usagef("--min-steps %d: must be at least 1", p.MinSteps)
	}
	if p.Floor < 0 {
		return Usagef("--floor %d: must not be negative", p.Floor)
	}
	return nil
}

// ClassifyProductivity judges per-step work deltas, oldest first: fewer
// than MinSteps → PRODUCTIVE; last delta 0 → STALLED; last two both under
// the floor → DIMINISHING; else PRODUCTIVE.
func ClassifyProductivity(deltas []int64, p ProductivityPolicy) Verdict {
	n := len(deltas)
	switch {
	case n < p.MinSteps:
		return Verdictf(VerdictProductive, ReasonTooFewSteps, "%d of %d steps: too early to judge", n, p.MinSteps)
	case deltas[n-1] == 0:
		return Verdictf(VerdictStalled, ReasonLastZero, "the last step did no work (deltas %s)", JoinInts(deltas))
	case n >= 2 && deltas[n-1] < p.Floor && deltas[n-2] < p.Floor:
		return Verdictf(VerdictDiminishing, ReasonBelowFloor, "the last two deltas %d, %d are both under the floor %d", deltas[n-2], deltas[n-1], p.Floor)
	}
	return Verdictf(VerdictProductive, ReasonWorking, "the last delta %d keeps the trend working (floor %d)", deltas[n-1], p.Floor)
}

// EfficiencyPolicy tunes efficiency.
type EfficiencyPolicy struct {
	MinTokens int64   // under this many tokens is too little spend to judge
	Floor     float64 // work per token under this is costly
}

// DefaultEfficiency returns one unit of work per thousand tokens, judged from
// 1,000 tokens on.
func DefaultEfficiency() EfficiencyPolicy { return EfficiencyPolicy{MinTokens: 1000, Floor: 0.001} }

// Check rejects negative thresholds.
func (p EfficiencyPolicy) Check() error {
	if p.MinTokens < 0 {
		return Usagef("--min-tokens %d: must not be negative", p.MinTokens)
	}
	if p.Floor < 0 {
		return Usagef("--floor %g: must not be negative", p.Floor)
	}
	return nil
}

// Ratio is work per token, 0 when no token was spent.
func Ratio(work, tokens int64) float64 {
	if tokens <= 0 {
		return 0
	}
	return float64(work) / float64(tokens)
}

// ClassifyEfficiency judges work bought by tokens: tokens under MinTokens →
// EFFICIENT; no work → WASTEFUL; work/tokens under the floor → COSTLY; else
// EFFICIENT.
func ClassifyEfficiency(work, tokens int64, p EfficiencyPolicy) Verdict {
	switch {
	case tokens < p.MinTokens:
		return Verdictf(VerdictEfficient, ReasonUnderMinTokens, "%d tokens is under the %d needed to judge spend", tokens, p.MinTokens)
	case work == 0:
		return Verdictf(VerdictWasteful, ReasonNoWork, "%d tokens bought no work", tokens)
	case Ratio(work, tokens) < p.Floor:
		return Verdictf(VerdictCostly, ReasonBelowFloor, "%d work for %d tokens is %.6g per token, under the floor %g", work, tokens, Ratio(work, tokens), p.Floor)
	}
	return Verdictf(VerdictEfficient, ReasonEfficient, "%d work for %d tokens is %.6g per token (floor %g)", work, tokens, Ratio(work, tokens), p.Floor)
}

// BreakerPolicy tunes breaker. A maximum of 0 disables that trip.
type BreakerPolicy struct {
	MaxConsecutive int
	MaxTotal       int
	OnTrip         string // none | judge | human: who an OPEN escalates to
}

// DefaultBreaker returns the reference's policy.
func DefaultBreaker() BreakerPolicy {
	return BreakerPolicy{MaxConsecutive: 3, MaxTotal: 20, OnTrip: "none"}
}

// Check rejects a breaker that could never trip, negatives and unknown rungs.
func (p BreakerPolicy) Check(consecutive, total int) error {
	switch {
	case consecutive < 0 || total < 0:
		return Usagef("--consecutive and --total must not be negative")
	case p.MaxConsecutive < 0 || p.MaxTotal < 0:
		return Usagef("--max-consecutive and --max-total must not be negative")
	case p.MaxConsecutive == 0 && p.MaxTotal == 0:
		return Usagef("--max-consecutive and --max-total are both 0: the breaker could never trip; set one of them")
	}
	switch p.OnTrip {
	case "none", "judge", "human":
		return nil
	}
	return Usagef("--on-trip %q: must be one of none, judge, human", p.OnTrip)
}

// ClassifyBreaker trips on consecutive failures at or over their maximum
// (which wins a tie), then on total failures at or over theirs.
func ClassifyBreaker(consecutive, total int, p BreakerPolicy) Verdict {
	esc := ""
	if p.OnTrip != "" && p.OnTrip != "none" {
		esc = "; escalate to " + p.OnTrip
	}
	switch {
	case p.MaxConsecutive > 0 && consecutive >= p.MaxConsecutive:
		return Verdictf(VerdictOpen, ReasonConsecutive, "%d consecutive failures reached the maximum %d%s", consecutive, p.MaxConsecutive, esc)
	case p.MaxTotal > 0 && total >= p.MaxTotal:
		return Verdictf(VerdictOpen, ReasonTotal, "%d failures in total reached the maximum %d%s", total, p.MaxTotal, esc)
	}
	return Verdictf(VerdictClosed, ReasonUnderLimits, "%d consecutive, %d total: under the maxima %d and %d", consecutive, total, p.MaxConsecutive, p.MaxTotal)
}
