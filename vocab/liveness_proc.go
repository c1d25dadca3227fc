package vocab

import "fmt"

// The reference's extra liveness evidence: the process rung (--pid on
// this host) and the tokens a run burned (--usage-json), which is shown
// but never decides.

// ReasonProcessDead: heard from, but the named process is gone.
const ReasonProcessDead = "process-dead"

// ApplyProcRung turns SPINNING into STALLED when the run's process, on
// this host, is dead (alive false); nil alive (no --pid, another host,
// --no-proc) leaves the verdict alone. tokens > 0 is added to a SPINNING
// or STALLED reason as the cost of not moving.
func ApplyProcRung(v Verdict, d LivenessDetail, alive *bool, pid int, tokens int64) (Verdict, LivenessDetail) {
	d.ProcessAlive, d.TokensSpent = alive, tokens
	if alive != nil && !*alive && v.Token == VerdictSpinning {
		v = Verdictf(VerdictStalled, ReasonProcessDead, "heard from, but process %d is gone (proc rung) — the run is dead", pid)
		d.Reason = v.Reason
	}
	if tokens > 0 && (v.Token == VerdictSpinning || v.Token == VerdictStalled) {
		v.Why += fmt.Sprintf(" (burned %d tokens while not moving)", tokens)
	}
	return v, d
}
