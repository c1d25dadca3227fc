package vocab

import "strings"

// rewind: where may a stopped run's conversation rewind to? Advice only:
// dos never truncates a transcript. A rewind needs a ground-truth stop
// signal and a checkpoint minted at SUSPEND whose digest matches the
// transcript's line at that turn.

// Fire signals rewind accepts.
var fireSignals = []string{"DIVERGED", "THRASHING", "STARVED"}

// FireSignals returns the signals --fire takes.
func FireSignals() []string { return append([]string(nil), fireSignals...) }

// Checkpoint is a conversation checkpoint: the turn index and the sha256
// hex of that turn's transcript line.
type Checkpoint struct {
	Turn   int    `json:"checkpoint_turn"`
	Digest string `json:"transcript_digest"`
}

// RewindDetail is rewind's detail.
type RewindDetail struct {
	Fire         string `json:"fire,omitempty"`
	Checkpoint   *int   `json:"checkpoint_turn,omitempty"`
	Digest       string `json:"transcript_digest,omitempty"`
	Turns        int    `json:"turns"`
	RewindToTurn int    `json:"rewind_to_turn"` // -1 unless REWIND
	DroppedTurns []int  `json:"dropped_turns"`
	Reason       string `json:"reason"` // no-signal | no-checkpoint | turn-missing | digest-mismatch | anchored
}

func fireLabel(fire string) string {
	if fire == "DIVERGED" {
		return "resume=DIVERGED"
	}
	return "convergence=" + fire
}

// ClassifyRewind advises: no fire signal → NO_REWIND; no checkpoint, a
// missing turn or a digest that differs → UNANCHORED; else REWIND to the
// checkpoint, dropping every later turn. digests holds the sha256 hex of
// each non-blank transcript line, in order (the turn index is the line's).
func ClassifyRewind(fire string, cp *Checkpoint, digests []string) (Verdict, RewindDetail) {
	d := RewindDetail{Fire: fire, Turns: len(digests), RewindToTurn: -1, DroppedTurns: []int{}}
	if cp != nil {
		t := cp.Turn
		d.Checkpoint, d.Digest = &t, cp.Digest
	}
	var v Verdict
	switch {
	case fire == "":
		v = Verdictf(VerdictNoRewind, "no-signal", "no rewind — the fire verdict ((no signal)) is not a ground-truth stop signal (pass --fire DIVERGED|THRASHING|STARVED when one fired)")
	case cp == nil:
		v = Verdictf(VerdictUnanchored, "no-checkpoint", "unanchored — %s fired, but no conversation checkpoint was minted at SUSPEND; there is no turn to rewind to", fireLabel(fire))
	case cp.Turn < 0 || cp.Turn >= len(digests):
		v = Verdictf(VerdictUnanchored, "turn-missing", "unanchored — %s fired, but the checkpoint's turn %d is not in the transcript (%d turns)", fireLabel(fire), cp.Turn, len(digests))
	case !strings.EqualFold(digests[cp.Turn], cp.Digest):
		v = Verdictf(VerdictUnanchored, "digest-mismatch", "unanchored — %s fired, but turn %d's digest differs from the checkpoint's: the transcript changed since SUSPEND", fireLabel(fire), cp.Turn)
	default:
		d.RewindToTurn = cp.Turn
		for i := cp.Turn + 1; i < len(digests); i++ {
			d.DroppedTurns = append(d.DroppedTurns, i)
		}
		v = Verdictf(VerdictRewind, "anchored", "rewind to turn %d (%s fired); propose dropping %d later turn(s) — the host owns the transcript", cp.Turn, fireLabel(fire), len(d.DroppedTurns))
	}
	d.Reason = v.Reason
	return v, d
}
