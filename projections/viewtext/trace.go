package viewtext

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
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
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "STEP\tDECLARED\tCLAIMED\tJOURNAL SAYS\tGIT SAYS NOW\tSTATUS\n")
		for _, s := range t.Steps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ui.Safe(s.Step), yes(s.Declared), seqOr(s.Claimed, s.ClaimSeq),
				journalSays(s), gitSays(s), o.Paint(statusColor(s.Status), ui.Safe(s.Status)))
		}
		tw.Flush()
	}

	o.Printf("\n%s\n", o.Paint(ui.Bold, "LEASES"))
	if len(t.Leases) == 0 {
		o.Printf("  none\n")
	} else {
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "SEQ\tTS\tSYSCALL\tVERDICT\tLANE\tPATHS\tEXPIRES\tREASON\n")
		for _, l := range t.Leases {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Seq, ts(l.TS), ui.Safe(l.Syscall), verdict(o, l.Verdict), dash(l.Lane),
				dash(strings.Join(l.Paths, ",")), ts(l.ExpiresAt), dash(l.Reason))
		}
		tw.Flush()
	}
	for _, l := range t.LiveLeases {
		o.Printf("  live now: lane %s (%s) until %s\n", ui.Safe(l.Lane), dash(strings.Join(l.Paths, ",")), ts(l.ExpiresAt))
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
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "STEP\tDECLARED\tCLAIMED\tGIT SAYS NOW\tSTATUS\n")
		for _, s := range d.Steps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ui.Safe(s.Step), yes(s.Declared), seqOr(s.Claimed, s.ClaimSeq), gitSays(s), o.Paint(statusColor(s.Status), s.Status))
		}
		tw.Flush()
	}
	Scanned(o, d.Scanned)
}
