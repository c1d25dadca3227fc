package vocab

import (
	"strings"
	"time"
)

// cooldown and pick-priority: the anti-churn folds over a unit's pick
// attempts. Have I tried this recently, and how fresh is it?

// Attempt outcomes; anything else is unknown (and cools like drained).
const (
	OutcomeShipped = "shipped"
	OutcomeDrained = "drained"
	OutcomeBlocked = "blocked"
	OutcomeError   = "error"
	OutcomeUnknown = "unknown"
)

// Attempt is one pick attempt: {unit_id, outcome, attempted_at_ms}.
type Attempt struct {
	UnitID        string `json:"unit_id"`
	Outcome       string `json:"outcome"`
	AttemptedAtMS int64  `json:"attempted_at_ms"`
}

// NormOutcome lower-cases an outcome and maps unknown ones to "unknown".
func NormOutcome(s string) string {
	switch o := strings.ToLower(strings.TrimSpace(s)); o {
	case OutcomeShipped, OutcomeDrained, OutcomeBlocked, OutcomeError:
		return o
	}
	return OutcomeUnknown
}

// CooldownPolicy is how long an attempt holds its unit.
type CooldownPolicy struct {
	Window      time.Duration // after a drained, blocked or unknown attempt
	ErrorWindow time.Duration // after an error
}

// DefaultCooldown returns the reference's windows: 6 h, and 30 min after
// an error (a crash is worth retrying sooner than a drain).
func DefaultCooldown() CooldownPolicy {
	return CooldownPolicy{Window: 6 * time.Hour, ErrorWindow: 30 * time.Minute}
}

func (p CooldownPolicy) window(outcome string) time.Duration {
	if outcome == OutcomeError {
		return p.ErrorWindow
	}
	return p.Window
}

// CooldownDetail is cooldown's detail.
type CooldownDetail struct {
	Unit        string `json:"unit"`
	Count       int    `json:"count"` // attempts of this unit
	LastMS      int64  `json:"last_attempt_ms,omitempty"`
	LastOutcome string `json:"last_outcome,omitempty"`
	UntilMS     int64  `json:"until_ms,omitempty"`
	NowMS       int64  `json:"now_ms"`
	WindowMS    int64  `json:"window_ms,omitempty"`
	Reason      string `json:"reason"` // no-attempt | last-shipped | window-open | window-elapsed
}

// lastAttempt returns unit's attempts and the one that decides: the latest,
// and on a tie the one with the longer window.
func lastAttempt(unit string, attempts []Attempt, p CooldownPolicy) (n int, last Attempt) {
	for _, a := range attempts {
		if a.UnitID != unit {
			continue
		}
		a.Outcome = NormOutcome(a.Outcome)
		n++
		if n == 1 || a.AttemptedAtMS > last.AttemptedAtMS ||
			a.AttemptedAtMS == last.AttemptedAtMS && p.window(a.Outcome) > p.window(last.Outcome) {
			last = a
		}
	}
	return n, last
}

func msStamp(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05Z") }

// ClassifyCooldown decides whether unit's last attempt still holds it at
// nowMS: none, or a shipped one → CLEAR; now before at + window →
// RECENTLY_ATTEMPTED; else CLEAR.
func ClassifyCooldown(unit string, attempts []Attempt, nowMS int64, p CooldownPolicy) (Verdict, CooldownDetail) {
	d := CooldownDetail{Unit: unit, NowMS: nowMS}
	n, last := lastAttempt(unit, attempts, p)
	d.Count = n
	var v Verdict
	switch {
	case n == 0:
		v = Verdictf(VerdictClear, "no-attempt", "no recent attempt holds this unit — offerable")
	case last.Outcome == OutcomeShipped:
		d.LastMS, d.LastOutcome = last.AttemptedAtMS, last.Outcome
		v = Verdictf(VerdictClear, "last-shipped", "most recent attempt SHIPPED (%s) — nothing to cool down", msStamp(last.AttemptedAtMS))
	default:
		w := p.window(last.Outcome)
		d.LastMS, d.LastOutcome, d.WindowMS = last.AttemptedAtMS, last.Outcome, w.Milliseconds()
		d.UntilMS = last.AttemptedAtMS + w.Milliseconds()
		if nowMS < d.UntilMS {
			v = Verdictf(VerdictRecentlyAttempt, "window-open", "attempted %d× (last %s at %s); the %dm cooldown window has not elapsed (until %d ms, now %d ms) — do not re-offer it yet",
				n, last.Outcome, msStamp(last.AttemptedAtMS), int64(w/time.Minute), d.UntilMS, nowMS)
		} else {
			v = Verdictf(VerdictClear, "window-elapsed", "attempted %d× (last %s at %s); the %dm cooldown window elapsed at %d ms — offerable",
				n, last.Outcome, msStamp(last.AttemptedAtMS), int64(w/time.Minute), d.UntilMS)
		}
	}
	d.Reason = v.Reason
	return v, d
}

// PickPriorityDetail is pick-priority's detail.
type PickPriorityDetail struct {
	Unit          string   `json:"unit"`
	Count         int      `json:"count"`
	LastAttemptMS *int64   `json:"last_attempt_ms"`
	SortKey       [2]int64 `json:"sort_key"` // [0,0] never attempted, [1,last ms] attempted: sort ascending
	Reason        string   `json:"reason"`   // never-attempted | attempted
}

// ClassifyPickPriority ranks a unit for picking: never attempted first
// (sort key [0,0]), then the least recently attempted ([1, last ms]).
func ClassifyPickPriority(unit string, attempts []Attempt) (Verdict, PickPriorityDetail) {
	d := PickPriorityDetail{Unit: unit}
	n, last := lastAttempt(unit, attempts, DefaultCooldown())
	d.Count = n
	if n == 0 {
		d.Reason = "never-attempted"
		return Verdictf(VerdictNeverAttempted, d.Reason, "%s was never attempted — sort key [0,0], pick it first", unit), d
	}
	ms := last.AttemptedAtMS
	d.LastAttemptMS, d.SortKey, d.Reason = &ms, [2]int64{1, ms}, "attempted"
	return Verdictf(VerdictAttempted, d.Reason, "%s was attempted %d× (last at %s) — sort key [1,%d]", unit, n, msStamp(ms), ms), d
}

// CheckUnit refuses a blank unit id.
func CheckUnit(unit string) error {
	if strings.TrimSpace(unit) == "" {
		return Usagef("UNIT must not be empty")
	}
	if strings.ContainsAny(unit, "\n\r\x00") {
		return Usagef("UNIT %q must be one line", unit)
	}
	return nil
}
