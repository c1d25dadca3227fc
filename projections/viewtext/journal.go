// Journal views: these render the journal's own commands (tail, cat, stats,
// verify, prune) as text for people; --json output is the records and
// reports themselves.
package viewtext

import (
	"fmt"
	"io"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Header is the column line above record lines.
func Header(w io.Writer) {
	fmt.Fprintf(w, "%-8s %-24s %-8s %-16s %-14s %-10s %-12s %s\n", "SEQ", "TS", "KIND", "SYSCALL", "VERDICT", "RUN", "LANE", "SUBJECT")
}

// Line writes one record as a fixed-width line, so any number of records
// stream without buffering.
func Line(o ui.Out, r *journal.Record) {
	v := fmt.Sprintf("%-14s", dash(r.Verdict))
	fmt.Fprintf(o.W, "%-8d %-24s %-8s %-16s %s %-10s %-12s %s\n", r.Seq, r.TS.Format("2006-01-02T15:04:05.000Z"), ui.Safe(r.Kind),
		ui.Safe(r.Syscall), o.Paint(VerdictColor(r.Verdict), v), dash(short(r.RunID)), dash(r.Lane), dash(ui.Trunc(ui.OneLine(r.Subject), 40)))
}

// VerdictColor is the terminal colour of a verdict token: its class's
// colour (vocab.ClassOf), so screens, OTLP and the notifiers agree.
func VerdictColor(v string) string { return ui.ClassColor(vocab.ClassOf(v)) }

// Stats writes a journal summary.
func Stats(o ui.Out, dir string, st journal.Stats) {
	o.Printf("journal   %s\n", dir)
	o.Printf("segments  %d\n", st.Segments)
	o.Printf("records   %d\n", st.Records)
	o.Printf("bytes     %d (%s)\n", st.Bytes, human(st.Bytes))
	if st.Records > 0 {
		o.Printf("first     seq %d at %s\n", st.FirstSeq, st.FirstTS.Format(time.RFC3339))
		o.Printf("last      seq %d at %s\n", st.LastSeq, st.LastTS.Format(time.RFC3339))
	}
	if st.AnchorSeq > 0 {
		o.Printf("pruned    through seq %d\n", st.AnchorSeq)
	}
	if len(st.SegmentList) > 0 {
		o.Printf("\n")
		tw := ui.Table(o.W)
		fmt.Fprintln(tw, "SEGMENT\tFIRST\tLAST\tBYTES\tSTATE")
		for _, s := range st.SegmentList {
			state := "active"
			if s.Sealed {
				state = "sealed"
				if !s.Indexed {
					state = "sealed, no index"
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", s.Name, s.FirstSeq, s.LastSeq, human(s.Bytes), state)
		}
		tw.Flush()
	}
}

// Verify writes the outcome of a chain walk, then what VerifyAll checked
// beside it: cursors, caches, checkpoints, an exported copy.
func Verify(o ui.Out, rep *journal.VerifyReport) {
	chain(o, rep)
	for _, c := range rep.Cursors {
		o.Printf("%s cursor %s at seq %d: %s\n", o.Paint(ui.Red, "REWRITTEN"), ui.Safe(c.Cursor), c.Seq, ui.Safe(c.Message))
	}
	for _, d := range rep.Derived {
		o.Printf("%s %s claims seq %d: %s\n", o.Paint(ui.Red, "FORGED"), ui.Safe(d.File), d.Seq, ui.Safe(d.Message))
	}
	if c := rep.Checkpoints; c != nil {
		switch {
		case c.Problem != "":
			o.Printf("%s %s\n", o.Paint(ui.Red, "CHECKPOINT"), c.Problem)
		case c.Checkpoints == 0:
			o.Printf("keyed: no checkpoints (nothing appended under the key yet)\n")
		default:
			o.Printf("%s %d checkpoints under the key vouch for seq %d..%d", o.Paint(ui.Green, "SIGNED"), c.Checkpoints, c.KeyedFrom, c.SignedSeq)
			if c.KeyedFrom > 1 {
				o.Printf(" (records before seq %d predate keyed mode)", c.KeyedFrom)
			}
			if c.Superseded > 0 {
				o.Printf("; %d batch(es) lost to a crash before acknowledgement", c.Superseded)
			}
			o.Printf("\n")
		}
	}
	if c := rep.Against; c != nil {
		if c.Difference != nil {
			o.Printf("%s at seq %d: %s\n", o.Paint(ui.Red, "DIFFERS"), c.Difference.Seq, c.Difference.Message)
		} else {
			o.Printf("%s %d records of the copy match the journal", o.Paint(ui.Green, "MATCHES"), c.Compared)
			if c.Pruned > 0 {
				o.Printf(" (%d more were pruned from the journal)", c.Pruned)
			}
			o.Printf("\n")
		}
	}
}

func chain(o ui.Out, rep *journal.VerifyReport) {
	switch {
	case rep.Breach != nil:
		o.Printf("%s %s at seq %d: %s\n", o.Paint(ui.Red, "BREACH"), rep.Breach.Kind, rep.Breach.Seq, rep.Breach.Message)
		if rep.Records > 0 {
			o.Printf("the chain holds for %d records (seq %d..%d) before it\n", rep.Records, rep.FirstSeq, rep.LastSeq)
		}
	case rep.Unsupported != nil:
		o.Printf("%s %v\n", o.Paint(ui.Yellow, "UNVERIFIABLE"), rep.Unsupported)
	default:
		o.Printf("%s %d records in %d segments (seq %d..%d)", o.Paint(ui.Green, "INTACT"), rep.Records, rep.Segments, rep.FirstSeq, rep.LastSeq)
		if rep.AnchorSeq > 0 {
			o.Printf(", chained to the prune anchor at seq %d", rep.AnchorSeq)
		}
		o.Printf("\n")
		if rep.TornBytes > 0 {
			o.Printf("(%d bytes of an unacknowledged torn write at the tail are ignored)\n", rep.TornBytes)
		}
	}
}

// Prune writes what a prune deleted.
func Prune(o ui.Out, res journal.PruneResult) {
	verb := "deleted"
	if res.DryRun {
		verb = "would delete"
	}
	if len(res.Deleted) == 0 {
		o.Printf("nothing to prune")
	} else {
		o.Printf("%s %d segments (%d records, %s), seq %d..%d", verb, len(res.Deleted), res.Records, human(res.Bytes),
			res.Deleted[0].FirstSeq, res.Anchor.Seq)
	}
	if res.HeldBy != "" {
		o.Printf("; stopped at cursor %s, which has delivered only through seq %d (use --force to prune past it)", res.HeldBy, res.HeldAtSeq)
	}
	o.Printf("\n")
}

func human(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Repair writes what a repair moved aside.
func Repair(o ui.Out, res journal.RepairResult) {
	if !res.Cut() {
		o.Printf("nothing to repair: the journal ends with a record (seq %d)\n", res.LastSeq)
		return
	}
	verb := "moved aside"
	if res.DryRun {
		verb = "would move aside"
	}
	lines := "lines"
	if res.Lines == 1 {
		lines = "line"
	}
	o.Printf("%s %d corrupt %s", verb, res.Lines, lines)
	if res.TornBytes > 0 {
		o.Printf(" and a %d-byte torn write", res.TornBytes)
	}
	o.Printf(" (%s) from %s byte %d; appends resume after seq %d\n", human(res.Bytes), res.Segment, res.Offset, res.LastSeq)
	if res.Quarantine != "" {
		o.Printf("the bytes are kept in %s\n", res.Quarantine)
	}
	if res.Record != nil {
		o.Printf("recorded as seq %d (%s %s)\n", res.Record.Seq, res.Record.Syscall, res.Record.Verdict)
	}
}
