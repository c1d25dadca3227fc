package vocab

import "fmt"

// verify: the truth syscall. Did PLAN PHASE ship? Only git answers.

// Evidence sources a verify names (`via`).
const (
	ViaGrepSubject = "grep-subject"
	ViaNone        = "none"
)

// VerifyEvidence is what git says about a phase's stamp.
type VerifyEvidence struct {
	Head    string   // the sha the ref resolved to ("" on an unborn HEAD)
	Stamped []Commit // commits reachable from Head stamped "PHASE:", newest first, FilesChanged filled
}

// ClassifyVerify decides SHIPPED when a stamped commit changed at least one
// file that is not dos's own (the newest such commit is the evidence); a
// stamp on commits that changed only dos's own state (.dos/, the journal:
// an agent committing the verdicts it was given) is NOT_SHIPPED
// (dos-files-only), so is a stamp on commits that changed nothing (git
// commit --allow-empty), and so is no stamp at all.
func ClassifyVerify(plan, phase string, ev VerifyEvidence) (Verdict, VerifyDetail) {
	d := VerifyDetail{Plan: plan, Phase: phase, Head: ev.Head, Via: ViaNone, Stamped: len(ev.Stamped)}
	dosOnly := 0
	for _, c := range ev.Stamped {
		switch {
		case c.FilesChanged == 0:
			d.EmptyStamped++
		case !c.Work():
			dosOnly++
		}
	}
	d.DosOnlyStamped = dosOnly
	for _, c := range ev.Stamped {
		if c.Work() {
			d.Via, d.SHA, d.FilesChanged, d.Reason = ViaGrepSubject, c.SHA, c.FilesChanged, ReasonShipped
			return Verdictf(VerdictShipped, ReasonShipped, "%s %s %s (via %s)", plan, phase, c.Short(), ViaGrepSubject), d
		}
	}
	if dosOnly > 0 {
		d.Reason = ReasonDosOnly
		return Verdictf(VerdictNotShipped, ReasonDosOnly, "%s %s (via none): the commits stamped %s changed only dos's own state (.dos/, the journal), which is never work", plan, phase, phase), d
	}
	if d.EmptyStamped > 0 {
		d.Reason = ReasonEmptyCommit
		what := "the only commit stamped " + phase + ": changed no files"
		if d.EmptyStamped > 1 {
			what = fmt.Sprintf("all %d commits stamped %s: changed no files", d.EmptyStamped, phase)
		}
		return Verdictf(VerdictNotShipped, ReasonEmptyCommit, "%s %s (via none): %s (%s); an empty commit is not shipped work", plan, phase, what, ev.Stamped[0].Short()), d
	}
	d.Reason = ReasonNoStamp
	return Verdictf(VerdictNotShipped, ReasonNoStamp, "%s %s (via none)", plan, phase), d
}
