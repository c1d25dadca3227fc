package viewtext

import (
	"fmt"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// gapColor paints a plan row's divergence.
func gapColor(g string) string {
	switch g {
	case projections.GapShipped:
		return ui.Green
	case projections.GapOverClaim:
		return ui.Red
	case projections.GapUnderClaim:
		return ui.Yellow
	}
	return ui.Dim
}

// Plan writes the plan board.
func Plan(o ui.Out, b *projections.PlanBoard) {
	o.Printf("%s · %s · %s · plans %s\n", o.Paint(ui.Bold, "dos plan"), dash(b.Workspace), ts(b.GeneratedAt), b.PlansGlob)
	s := b.Summary
	o.Printf("\n%s  %d phase(s) · %d shipped · %d divergent · %d over-claimed · %d in flight · %d gated\n", o.Paint(ui.Bold, "PHASES"),
		s.Phases, s.Shipped, s.Divergent, s.OverClaims, s.InFlight, s.Gated)
	if len(b.Phases) == 0 {
		o.Printf("  no phases found (set [paths].plans_glob in dos.toml; headings read \"## PLAN PHASE — title\")\n")
	} else {
		tw := ui.Table(o.W)
		fmt.Fprintf(tw, "  PLAN\tPHASE\tDOC SAYS\tCLAIMS\tGIT\tGAP\tDOC\n")
		for _, r := range b.Phases {
			g := "not shipped"
			if r.OracleShipped {
				g = "shipped " + short(r.OracleSHA)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Plan, r.Phase, r.DocStatus, r.Claims, g, o.Paint(gapColor(r.Divergence), r.Divergence), r.DocPath)
		}
		tw.Flush()
	}
	o.Printf("\n%s\n", o.Paint(ui.Bold, "RECENT COMMITS"))
	if len(b.Activity) == 0 {
		o.Printf("  none\n")
	}
	for _, c := range b.Activity {
		o.Printf("  %s  %s\n", c.Short(), ui.Trunc(ui.OneLine(c.Subject), 72))
	}
	if s.Divergent > 0 {
		o.Printf("\n%s %d phase(s) where the claim disagrees with git: over-claims are claimed but not backed by a stamped commit; under-claims shipped unclaimed\n", o.Paint(ui.Yellow, "⚠"), s.Divergent)
	}
	for _, n := range b.Notes {
		o.Printf("\nnote: %s\n", n)
	}
	Scanned(o, b.Scanned)
}
