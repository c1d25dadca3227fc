package viewtext

import (
	"fmt"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// Helped writes what dos caught, each count beside its denominators; with
// explain, the most recent examples under each category.
func Helped(o ui.Out, h *projections.Helped, explain bool) {
	scope := ""
	if h.RunID != "" {
		scope = " · run " + ui.Safe(h.RunID)
	}
	if !h.Window.Since.IsZero() || !h.Window.Until.IsZero() {
		scope += fmt.Sprintf(" · window %s → %s", h.Window.Since, h.Window.Until)
	}
	if h.Caught == 0 {
		o.Printf("%s%s\n", h.Summary, scope)
		Scanned(o, h.Scanned)
		return
	}
	o.Printf("%s%s\n\n", h.Summary, scope)
	var g ui.Grid // pads by display width: the bold counts stay aligned
	g.Row("CAUGHT", "COUNT", "OUT OF", fmt.Sprintf("OF ALL %d VERDICTS", h.Verdicts))
	for _, c := range h.Catches {
		count := fmt.Sprintf("%d", c.Count)
		if c.Count > 0 {
			count = o.Paint(ui.Bold, count)
		}
		g.Row(c.Label, count, fmt.Sprintf("%d %s", c.Of, c.OfWhat), pct(c.Count, h.Verdicts))
	}
	g.Write(o.W, 0)
	if h.ClaimsUnverified > 0 {
		o.Printf("\n%d %s no verify has checked yet (neither caught nor cleared): `dos trace RUN` re-checks them against git.\n",
			h.ClaimsUnverified, plural(h.ClaimsUnverified, "claim", "claims"))
	}
	if explain {
		for _, c := range h.Catches {
			if len(c.Examples) == 0 {
				continue
			}
			o.Printf("\n%s (the last %d):\n", c.Label, len(c.Examples))
			for _, e := range c.Examples {
				o.Printf("  seq %-6d %s  run %s  %s\n", e.Seq, ts(e.TS), short(e.RunID), ui.Safe(ui.OneLine(e.What)))
			}
		}
	}
	Scanned(o, h.Scanned)
}
