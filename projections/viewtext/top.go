package viewtext

import (
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// chipColor colours a liveness chip (ADVANCING, SPINNING, STALLED) by its
// class; any other chip (ENDED, …) is dim.
func chipColor(c string) string { return VerdictColor(c) }

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return Age(now.Sub(t)) + " ago"
}

// Top writes one frame of `dos top`.
func Top(o ui.Out, f *projections.Frame) {
	now := f.GeneratedAt
	o.Printf("%s · %s · %s · seq %d\n", o.Paint(ui.Bold, "dos top"), dash(f.Workspace), ts(now), f.LastSeq)

	c := f.Counts
	o.Printf("\n%s  %d open · %d advancing · %d spinning · %d stalled\n", o.Paint(ui.Bold, "RUNS"), c.RunsOpen, c.Advancing, c.Spinning, c.Stalled)
	if len(f.Runs) == 0 {
		o.Printf("  no run is open\n")
	} else {
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "  CHIP\tRUN\tNAME\tHOST\tSTARTED\tLAST SEEN\tRECORDS\tLANES\n")
		for _, r := range f.Runs {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", o.Paint(chipColor(r.Liveness), fmt.Sprintf("%-9s", r.Liveness)), ui.Safe(r.RunID),
				dash(r.Name), dash(r.Host), ago(now, r.Started), ago(now, r.LastSeen), r.Records, dash(strings.Join(r.Lanes, ",")))
		}
		tw.Flush()
		if c.RunsHidden > 0 {
			o.Printf("  … and %d more open runs heard from less recently\n", c.RunsHidden)
		}
	}

	o.Printf("\n%s  %d held\n", o.Paint(ui.Bold, "LANES"), c.LanesHeld)
	if len(f.Lanes) == 0 {
		o.Printf("  every lane is free\n")
	} else {
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "  LANE\tCHIP\tHELD BY\tPATHS\tEXPIRES IN\n")
		for _, l := range f.Lanes {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", ui.Safe(l.Lane), o.Paint(chipColor(l.Liveness), fmt.Sprintf("%-9s", l.Liveness)), dash(l.Holder),
				dash(strings.Join(l.Paths, ",")), Age(time.Duration(l.ExpiresInSeconds)*time.Second))
		}
		tw.Flush()
	}

	LaneBoard(o, f.LaneBoard)

	o.Printf("\n%s\n", o.Paint(ui.Bold, "LAST VERDICTS"))
	if len(f.Verdicts) == 0 {
		o.Printf("  no verdicts yet\n")
	} else {
		tw := ui.Table(o.W)
		for _, v := range f.Verdicts {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", v.Seq, ago(now, v.TS), ui.Safe(v.Syscall), verdict(o, v.Verdict), short(v.RunID), dash(v.Subject))
		}
		tw.Flush()
	}

	o.Printf("\n%s\n", o.Paint(ui.Bold, "RECENT COMMITS"))
	if len(f.Commits) == 0 {
		o.Printf("  none in the commit window\n")
	}
	for _, cm := range f.Commits {
		o.Printf("  %s  %-9s  %s\n", ui.Safe(cm.Short()), ago(now, cm.Time), ui.Safe(ui.Trunc(ui.OneLine(cm.Subject), 72)))
	}
	for _, n := range f.Notes {
		o.Printf("\nnote: %s\n", ui.Safe(n))
	}
	Scanned(o, f.Scanned)
}
