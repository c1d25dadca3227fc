package vocab

import "math"

// EfficiencyPolicy tunes efficiency.
type EfficiencyPolicy struct {
	MinTokens int64   // under this many tokens is too little spend to judge
	Floor     float64 // work per token under this is costly
}

// DefaultEfficiency returns the reference's policy: judged from 1,000
// tokens on, with the floor off (0), so only spend that bought no work is
// flagged.
func DefaultEfficiency() EfficiencyPolicy { return EfficiencyPolicy{MinTokens: 1000, Floor: 0} }

// Check rejects negative thresholds and a floor that is not a number: a
// NaN or infinite floor would print a verdict no record could hold.
func (p EfficiencyPolicy) Check() error {
	if p.MinTokens < 0 {
		return Usagef("--min-tokens %d: must not be negative", p.MinTokens)
	}
	if math.IsNaN(p.Floor) || math.IsInf(p.Floor, 0) {
		return Usagef("--floor %g: must be a finite number of work units per token (0 turns the floor off)", p.Floor)
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

// ClassifyEfficiency judges work bought by tokens by the reference's rules
// in order: no tokens spent, or fewer than MinTokens → EFFICIENT; no work
// → WASTEFUL; work/tokens strictly under the floor → COSTLY; else
// EFFICIENT.
func ClassifyEfficiency(work, tokens int64, p EfficiencyPolicy) Verdict {
	switch {
	case tokens == 0:
		return Verdictf(VerdictEfficient, ReasonNoTokens, "no tokens spent: nothing to judge")
	case tokens < p.MinTokens:
		return Verdictf(VerdictEfficient, ReasonUnderMinTokens, "%d tokens is under the %d needed to judge spend", tokens, p.MinTokens)
	case work == 0:
		return Verdictf(VerdictWasteful, ReasonNoWork, "%d tokens bought no work", tokens)
	case Ratio(work, tokens) < p.Floor:
		return Verdictf(VerdictCostly, ReasonBelowFloor, "%d work for %d tokens is %.6g per token, under the floor %g", work, tokens, Ratio(work, tokens), p.Floor)
	}
	return Verdictf(VerdictEfficient, ReasonEfficient, "%d work for %d tokens is %.6g per token (floor %g)", work, tokens, Ratio(work, tokens), p.Floor)
}
