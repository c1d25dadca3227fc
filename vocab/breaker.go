package vocab

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
