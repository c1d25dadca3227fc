package cli

import (
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

func helpedCmd(a *App) *cobra.Command {
	var o projections.HelpedOptions
	var since, until string
	var explain bool
	cmd := &cobra.Command{
		Use:   "helped",
		Short: "What dos caught for you: over-claims, collisions, wedged runs, breakers, poison labels, escalations",
		Long: `helped counts what dos caught, each beside its natural denominator and its
share of every verdict issued:

  over-claims refuted     a claimed step whose next verify found it NOT_SHIPPED
  lanes refused           lease requests refused (a collision prevented)
  runs flagged            runs liveness judged SPINNING or STALLED (each run once)
  breakers opened         breaker verdicts OPEN
  poison labels rejected  reward verdicts REJECT_POISON
  escalations to a human  breakers OPEN with --on-trip human, improve ESCALATE, halt proposals

--explain lists the last few examples of each. --since/--until take a seq, a
time or an age (7d). Exit 0, or 1 when the journal holds bad lines.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Window, err = a.Window(since, until); err != nil {
				return err
			}
			if o.RunID != "" {
				if o.RunID, err = ParseRun("--run-id", o.RunID); err != nil {
					return err
				}
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			h, err := projections.Help(CtxOr(cmd), r, o)
			if err != nil {
				return err
			}
			h.LaneBoard = a.laneBoard(CtxOr(cmd))
			return a.render(h, h.Scanned, func() { viewtext.Helped(a.Out(), h, explain); viewtext.LaneBoard(a.Out(), h.LaneBoard) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", "first record: a seq, a time or an age (7d)")
	f.StringVar(&until, "until", "", "last record: a seq (inclusive) or a time (exclusive)")
	a.AddRunIDFlag(cmd, &o.RunID, "only this run's records", "run")
	f.BoolVar(&explain, "explain", false, "show the last few examples of each catch")
	return cmd
}
