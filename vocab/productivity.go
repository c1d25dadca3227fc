package vocab

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
