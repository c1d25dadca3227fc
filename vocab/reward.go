package vocab

import (
	"strings"
)

// RewardEvidence is what a witness the agent did not write said.
type RewardEvidence struct {
	Claim     bool // the trajectory claims success
	Confirm   bool // a witness confirms it
	Refute    bool // a witness refutes it
	Forgeable bool // the agent could have written the witness
}

// ClassifyReward decides whether a trajectory may be trained on, by the
// reference's rules: a witness the agent could have written is left out
// of the decision entirely; then no claim → NO_CLAIM; a refutation →
// REJECT_POISON (also when another witness confirms: a positive is never
// minted over a refutation); a confirmation → ACCEPT; anything else →
// ABSTAIN.
func ClassifyReward(e RewardEvidence) Verdict {
	forged := e.Forgeable && (e.Confirm || e.Refute)
	if e.Forgeable {
		e.Confirm, e.Refute = false, false
	}
	switch {
	case !e.Claim:
		return Verdictf(VerdictNoClaim, ReasonNoClaim, "the trajectory claims nothing")
	case e.Refute && e.Confirm:
		return Verdictf(VerdictRejectPoison, ReasonContested, "a witness refutes the claim (another confirms it): poison")
	case e.Refute:
		return Verdictf(VerdictRejectPoison, ReasonRefuted, "a witness refutes the claim: poison")
	case e.Confirm:
		return Verdictf(VerdictAccept, ReasonWitnessed, "a witness the agent cannot forge confirms the claim")
	case forged:
		return Verdictf(VerdictAbstain, ReasonForgeable, "present claim but the only witness is one the agent could forge, left out: abstain (never mint a positive unverified)")
	}
	return Verdictf(VerdictAbstain, ReasonNoWitness, "present claim but no accountable witness: abstain (never mint a positive unverified)")
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
