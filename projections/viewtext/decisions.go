package viewtext

import (
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// urgencyColor classes an urgency for colour.
func urgencyColor(u projections.Urgency) string {
	switch u {
	case projections.UrgencyHigh:
		return ui.Red
	case projections.UrgencyMedium:
		return ui.Yellow
	}
	return ui.Dim
}

// Decisions writes the operator queue: a header, then each decision as a
// title line and its why, run and command.
func Decisions(o ui.Out, q *projections.DecisionQueue) {
	scope := "ever"
	if !q.All {
		scope = "in the last " + Age(time.Duration(q.WindowSeconds)*time.Second)
	}
	var by []string
	total := 0
	for _, r := range projections.Resolvers() {
		if n := q.Open[r]; n > 0 {
			by = append(by, fmt.Sprintf("%d %s", n, r))
			total += n
		}
	}
	switch {
	case total == 0:
		o.Printf("Nothing waits on you: no open decisions %s.\n", scope)
	case q.Resolver != "" && len(q.Decisions) == 0:
		o.Printf("No open %s decisions %s (%s open for others).\n", q.Resolver, scope, strings.Join(by, ", "))
	default:
		o.Printf("%d open %s %s (%s)", total, plural(int64(total), "decision", "decisions"), scope, strings.Join(by, ", "))
		if q.Resolver != "" {
			o.Printf("; showing %s", q.Resolver)
		}
		o.Printf("\n")
	}
	for _, d := range q.Decisions {
		o.Printf("\n%s  %s  %-6s  %-4s  %s\n", ui.Safe(d.ID), o.Paint(urgencyColor(d.Urgency), fmt.Sprintf("%-6s", d.Urgency)), d.Resolver,
			Age(time.Duration(d.AgeSeconds)*time.Second), ui.Safe(ui.OneLine(d.Title)))
		o.Printf("    why  %s\n", ui.Safe(ui.OneLine(d.Reason)))
		run := dash(d.RunID)
		if d.Lane != "" {
			run += "  lane " + ui.Safe(d.Lane)
		}
		o.Printf("    run  %s\n", run)
		o.Printf("    do   %s\n", ui.Safe(d.Command))
	}
	Scanned(o, q.Scanned)
}
