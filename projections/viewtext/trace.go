package viewtext

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/vocab"
)

// statusColor colours a step status by its class.
func statusColor(s string) string { return VerdictColor(s) }

// Trace writes one run: who it is, its lineage, its steps (claim beside
// git), its leases, its records and the commits since it started.
func Trace(o ui.Out, t *projections.TraceDoc) {
	r := t.Run
	state := "open"
	if r.Status != "" {
		state = "ended " + r.Status
	}
	o.Printf("%s %s  %s  %s\n", o.Paint(ui.Bold, "run"), ui.Safe(r.RunID), dash(r.Name), ui.Safe(state))
	o.Printf("  host %s pid %d · started %s · last seen %s", dash(r.Host), r.PID, ts(r.Started), ts(r.LastSeen))
	if !r.Ended.IsZero() {
		o.Printf(" · ended %s", ts(r.Ended))
	}
	o.Printf(" · %d %s\n", r.Records, plural(r.Records, "record", "records"))
	if t.Parent != nil {
		o.Printf("  parent    %s %s\n", ui.Safe(t.Parent.RunID), dash(t.Parent.Name))
	} else {
		o.Printf("  parent    -\n")
	}
	if len(t.Children) == 0 {
		o.Printf("  children  -\n")
	}
	for i, c := range t.Children {
		label := "          "
		if i == 0 {
			label = "children  "
		}
		o.Printf("  %s%s %s (started %s)\n", label, ui.Safe(c.RunID), dash(c.Name), ts(c.Started))
	}

	head := "not checked"
	if t.GitChecked {
		head = "HEAD " + dash(git.Short(t.Head))
	}
	o.Printf("\n%s (claims beside git now, %s)\n", o.Paint(ui.Bold, "STEPS"), head)
	if len(t.Steps) == 0 {
		o.Printf("  none declared or claimed\n")
	} else {
		var g ui.Grid
		g.Row("STEP", "DECLARED", "CLAIMED", "JOURNAL SAYS", "GIT SAYS NOW", "STATUS")
		for _, s := range t.Steps {
			g.Row(ui.Safe(s.Step), yes(s.Declared), seqOr(s.Claimed, s.ClaimSeq), journalSays(s), gitSays(s), o.Paint(statusColor(s.Status), ui.Safe(s.Status)))
		}
		g.Write(o.W, 0)
	}

	o.Printf("\n%s\n", o.Paint(ui.Bold, "LEASES"))
	if len(t.Leases) == 0 {
		o.Printf("  none\n")
	} else {
		var g ui.Grid // pads by display width: the painted verdicts stay aligned
		g.Row("SEQ", "TS", "SYSCALL", "VERDICT", "LANE", "PATHS", "EXPIRES", "REASON")
		for _, l := range t.Leases {
			g.Row(fmt.Sprint(l.Seq), ts(l.TS), ui.Safe(l.Syscall), verdict(o, l.Verdict), dash(l.Lane), leasePaths(l.Syscall, l.Paths), ts(l.ExpiresAt), dash(l.Reason))
		}
		g.Write(o.W, 0)
	}
	for _, l := range t.LiveLeases {
		held := "paths " + ui.Safe(strings.Join(l.Paths, ","))
		if len(l.Paths) == 0 {
			held = "no paths"
		}
		o.Printf("  live now: lane %s (%s) until %s\n", ui.Safe(l.Lane), held, ts(l.ExpiresAt))
	}

	o.Printf("\n%s (%d)\n", o.Paint(ui.Bold, "RECORDS"), len(t.Records))
	if len(t.Records) > 0 {
		Header(o.W)
		for _, rec := range t.Records {
			Line(o, rec)
		}
	}

	if t.GitChecked {
		o.Printf("\n%s (%d)\n", o.Paint(ui.Bold, "COMMITS SINCE THE RUN STARTED"), t.CommitsTotal)
		for _, c := range t.Commits {
			o.Printf("  %s  %s  %s\n", ui.Safe(c.Short()), ts(c.Time), ui.Safe(ui.Trunc(ui.OneLine(c.Subject), 72)))
		}
		if n := t.CommitsTotal - len(t.Commits); n > 0 {
			o.Printf("  … and %d older\n", n)
		}
	}
	for _, n := range t.Notes {
		o.Printf("\nnote: %s\n", ui.Safe(n))
	}
	Scanned(o, t.Scanned)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func seqOr(ok bool, seq uint64) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("seq %d", seq)
}

func journalSays(s projections.Step) string {
	switch {
	case s.JournalVerdict == "":
		return "-"
	case s.JournalSHA != "":
		return ui.Safe(s.JournalVerdict + " " + git.Short(s.JournalSHA))
	}
	return ui.Safe(s.JournalVerdict)
}

func gitSays(s projections.Step) string {
	switch {
	case s.Git == "":
		return "not checked"
	case s.SHA != "":
		return ui.Safe(s.Git + " " + git.Short(s.SHA))
	}
	return ui.Safe(s.Git) + " (" + dash(s.GitReason) + ")"
}

// Resume writes a resume or complete verdict: the token and why, then
// the steps and, when resumable, how to continue.
func Resume(o ui.Out, d *projections.ResumeDoc) {
	o.Printf("%s %s\n", o.Paint(VerdictColor(d.Verdict), d.Verdict), ui.Safe(d.Reason))
	o.Printf("  run %s · HEAD %s · declared %d · verified %d\n", ui.Safe(d.RunID), dash(git.Short(d.Head)), len(d.Declared), len(d.Verified))
	if len(d.Residual) > 0 {
		o.Printf("  residual  %s\n", ui.Safe(strings.Join(d.Residual, " ")))
	}
	if d.NextStep != "" {
		o.Printf("  next      %s", ui.Safe(d.NextStep))
		if d.ResumeFromSHA != "" {
			o.Printf(" from %s", git.Short(d.ResumeFromSHA))
		}
		o.Printf("\n  continue  %s\n", ui.Safe(d.Command))
	}
	if len(d.Steps) > 0 {
		o.Printf("\n")
		var g ui.Grid
		g.Row("STEP", "DECLARED", "CLAIMED", "GIT SAYS NOW", "STATUS")
		for _, s := range d.Steps {
			g.Row(ui.Safe(s.Step), yes(s.Declared), seqOr(s.Claimed, s.ClaimSeq), gitSays(s), o.Paint(statusColor(s.Status), s.Status))
		}
		g.Write(o.W, 0)
	}
	Scanned(o, d.Scanned)
}

// leasePaths is a lease record's paths: "-" where the record carries none
// (a release), the lane alone where an acquire named none.
func leasePaths(syscall string, ps []string) string {
	if len(ps) == 0 && syscall != vocab.SysLeaseAcquire {
		return "-"
	}
	return paths(ps)
}
