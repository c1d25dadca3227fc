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
