package vocab

import (
	"strconv"
	"strings"
)

// ProductivityPolicy tunes productivity.
type ProductivityPolicy struct {
	MinSteps int   // fewer deltas than this is too early to judge
	Floor    int64 // a delta under this is small
}

// DefaultProductivity returns the reference's policy.
func DefaultProductivity() ProductivityPolicy { return ProductivityPolicy{MinSteps: 3, Floor: 500} }

// Check rejects a policy no trend could be judged by.
func (p ProductivityPolicy) Check() error {
	if p.MinSteps < 0 {
		return Usagef("--min-steps %d: must not be negative (0 judges from the first step)", p.MinSteps)
	}
	if p.Floor < 0 {
		return Usagef("--floor %d: must not be negative", p.Floor)
	}
	return nil
}

// ClassifyProductivity judges per-step work deltas, oldest first, by the
// reference's rules in order: no steps, or fewer than MinSteps →
// PRODUCTIVE; last delta 0 → STALLED; the last delta and the one before it
// (the floor itself when there is only one, so a single step never
// diminishes) both under the floor → DIMINISHING; else PRODUCTIVE.
func ClassifyProductivity(deltas []int64, p ProductivityPolicy) Verdict {
	n := len(deltas)
	if n == 0 || n < p.MinSteps {
		return Verdictf(VerdictProductive, ReasonTooFewSteps, "%d work step(s) so far (< min %d): too early to judge", n, p.MinSteps)
	}
	last, prior := deltas[n-1], p.Floor
	if n >= 2 {
		prior = deltas[n-2]
	}
	switch {
	case last == 0:
		return Verdictf(VerdictStalled, ReasonLastZero, "the last step did no work (deltas %s)", JoinInts(deltas))
	case last < p.Floor && prior < p.Floor:
		return Verdictf(VerdictDiminishing, ReasonBelowFloor, "the last two deltas %d, %d are both under the floor %d", prior, last, p.Floor)
	}
	return Verdictf(VerdictProductive, ReasonWorking, "the last delta %d keeps the trend working (floor %d)", last, p.Floor)
}

// ParseDeltas reads --deltas as the reference does: one comma list, empty
// items dropped (so "" is an empty history), each a non-negative integer.
func ParseDeltas(s string) ([]int64, error) {
	var out []int64
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		d, err := strconv.ParseInt(item, 10, 64)
		if err != nil {
			return nil, Usagef("--deltas must be a comma list of integers, oldest first (e.g. 800,300,120); %q is not one", item)
		}
		if d < 0 {
			return nil, Usagef("--deltas %s: work deltas must be non-negative (a delta counts work done)", s)
		}
		out = append(out, d)
	}
	return out, nil
}
