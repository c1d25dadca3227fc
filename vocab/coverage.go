package vocab

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// coverage: of N fan-out workers declared, how many returned a real
// result? A fold of verify-result states.

// CoverageInput is the fold's input: the declared count, each worker's
// transcript state (and death class), and whether the states were
// witnessed from transcripts (grounded) or asserted by the caller.
type CoverageInput struct {
	Declared  int
	States    []string // HEALTHY | SYNTHETIC | EMPTY | UNREADABLE
	Classes   []string // the death class of each SYNTHETIC state, in order ("" elsewhere)
	Grounded  bool
	MinQuorum *float64 // optional
}

// CoverageDetail is coverage's detail.
type CoverageDetail struct {
	Declared     int            `json:"declared"`
	Healthy      int            `json:"healthy"`
	Dead         int            `json:"dead"`
	Unreadable   int            `json:"unreadable"`
	Unaccounted  int            `json:"unaccounted"`
	Fraction     *float64       `json:"fraction"` // healthy/declared, 4 dp; null when declared ≤ 0
	Foldable     bool           `json:"foldable"`
	ShouldCaveat bool           `json:"should_caveat"`
	DeadClasses  map[string]int `json:"dead_classes,omitempty"`
	QuorumMet    *bool          `json:"quorum_met"`
	Grounded     bool           `json:"grounded"`
	Reason       string         `json:"reason"` // the state, lower-cased
}

// ParseCoverageStates reads --states: comma-separated, trimmed, upper-cased
// transcript states; empty items and unknown tokens are usage errors.
func ParseCoverageStates(s string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		switch p {
		case StateHealthy, StateSynthetic, StateEmpty, StateUnreadable:
			out = append(out, p)
		default:
			return nil, Usagef("coverage: un-coercible state token %q in --states (use HEALTHY, SYNTHETIC, EMPTY or UNREADABLE)", p)
		}
	}
	return out, nil
}

// ClassifyCoverage folds the states: declared ≤ 0 → EMPTY; more healthy
// than declared → OVERFILLED; equal → FULL; none healthy → STARVED; else
// UNDERFILLED. UNREADABLE counts as live, not dead. The Why is the
// reference's prompt line, a sentence a host can paste above the findings.
func ClassifyCoverage(in CoverageInput) (Verdict, CoverageDetail) {
	d := CoverageDetail{Declared: in.Declared, Grounded: in.Grounded}
	for i, s := range in.States {
		switch s {
		case StateHealthy:
			d.Healthy++
		case StateUnreadable:
			d.Unreadable++
		default:
			d.Dead++
			if s == StateSynthetic && i < len(in.Classes) && in.Classes[i] != "" {
				if d.DeadClasses == nil {
					d.DeadClasses = map[string]int{}
				}
				d.DeadClasses[in.Classes[i]]++
			}
		}
	}
	d.Unaccounted = max(0, in.Declared-d.Healthy-d.Dead-d.Unreadable)
	if in.Declared > 0 {
		f := math.Round(float64(d.Healthy)/float64(in.Declared)*1e4) / 1e4
		d.Fraction = &f
		if in.MinQuorum != nil {
			met := float64(d.Healthy)/float64(in.Declared) >= *in.MinQuorum
			d.QuorumMet = &met
		}
	}
	H, D := d.Healthy, in.Declared
	head := fmt.Sprintf("%d/%d healthy (%d dead, %d unaccounted)", H, D, d.Dead, d.Unaccounted)
	if !in.Grounded {
		head += " [caller-asserted]"
	}
	var v Verdict
	switch {
	case D <= 0:
		v = Verdictf(VerdictEmpty, "empty", "%s — No workers were fanned out (declared == 0); there is nothing to fold.", head)
	case H > D:
		v = Verdictf(VerdictOverfilled, "overfilled", "%s — COVERAGE ANOMALY: %d healthy results for %d declared workers; the declared count is wrong or results were double-counted — reconcile before folding.", head, H, D)
	case H == D:
		v = Verdictf(VerdictFull, "full", "%s — All %d of %d fan-out workers returned a real result; this is full coverage.", head, H, D)
	case H == 0:
		v = Verdictf(VerdictStarved, "starved", "%s — COVERAGE FAILURE: 0 of %d fan-out workers returned a real result (%s). There is nothing to fold; do not synthesize findings.", head, D, d.gap())
	default:
		v = Verdictf(VerdictUnderfilled, "underfilled", "%s — COVERAGE CAVEAT: only %d of %d fan-out workers returned a real result (%s). Treat the findings below as a SUB-QUORUM SAMPLE (%d/%d), not the whole picture.", head, H, D, d.gap(), H, D)
	}
	d.Reason = v.Reason
	d.Foldable = v.Token != VerdictStarved
	d.ShouldCaveat = v.Token == VerdictUnderfilled || v.Token == VerdictStarved || v.Token == VerdictOverfilled
	return v, d
}

// gap says where the missing results went, in the reference's order.
func (d CoverageDetail) gap() string {
	var parts []string
	if d.Dead > 0 {
		p := fmt.Sprintf("%d died on a harness-authored terminal", d.Dead)
		if len(d.DeadClasses) > 0 {
			cls := make([]string, 0, len(d.DeadClasses))
			for c := range d.DeadClasses {
				cls = append(cls, strings.ToLower(strings.ReplaceAll(c, "_", "-")))
			}
			sort.Strings(cls)
			p += " (" + strings.Join(cls, "/") + ")"
		}
		parts = append(parts, p)
	}
	if d.Unreadable > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be read (NOT a witnessed death)", d.Unreadable))
	}
	if d.Unaccounted > 0 {
		parts = append(parts, fmt.Sprintf("%d did not return a transcript", d.Unaccounted))
	}
	return strings.Join(parts, "; ")
}
