package cli

import (
	"strings"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

func decisionsCmd(a *App) *cobra.Command {
	var o projections.DecisionOptions
	var resolver, window string
	cmd := &cobra.Command{
		Use:   "decisions",
		Short: "What waits on someone: each open decision with its resolver, age and the one command that settles it",
		Long: `decisions is the operator queue, folded from the journal:

  over-claim        a claimed step the next verify found NOT_SHIPPED (ORACLE, high)
  halt-proposed     a halt proposal for a run that has not ended (HUMAN, high)
  improve-escalate  the keep-gate ran out of reverts (HUMAN, high)
  breaker-open      a breaker OPEN escalated to a judge (JUDGE, medium) or a human (HUMAN, high)
  lane-refused      a lease refusal no later grant (or the run's end) superseded (HUMAN, medium)
  run-spinning      SPINNING and not since advanced or ended (JUDGE, medium)
  run-stalled       STALLED and not since advanced or ended (ORACLE, medium)
  reward-poison     a reward label a witness refuted (HUMAN, medium)

ORACLE rows are settled by a deterministic re-check (the command shown), JUDGE
rows by a model-backed judge before a person, HUMAN rows by you. Rows are
sorted by urgency, then oldest first; each id is stable for the life of the
decision. Rows opened before --window (default 7d) drop out unless --all.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Now = a.now()
			var err error
			if o.Resolver, o.Window, err = DecisionFlags(resolver, window); err != nil {
				return err
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			q, err := projections.Decisions(CtxOr(cmd), r, o)
			if err != nil {
				return err
			}
			q.LaneBoard = a.laneBoard(CtxOr(cmd))
			return a.render(q, q.Scanned, func() { viewtext.Decisions(a.Out(), q); viewtext.LaneBoard(a.Out(), q.LaneBoard) })
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.All, "all", false, "every open decision, however old")
	f.StringVar(&resolver, "resolver", "", "only ORACLE, JUDGE or HUMAN rows")
	f.StringVar(&window, "window", "", "how far back to look (default 7d)")
	return cmd
}

// DecisionFlags checks --resolver and --window, shared by `dos decisions`
// and `dos notify decisions`: "" leaves each unset.
func DecisionFlags(resolver, window string) (projections.Resolver, time.Duration, error) {
	r := projections.Resolver(strings.ToUpper(resolver))
	if resolver != "" {
		if err := OneOf("resolver", string(r), "ORACLE", "JUDGE", "HUMAN"); err != nil {
			return "", 0, err
		}
	}
	var d time.Duration
	if window != "" {
		var err error
		if d, err = config.ParseDuration(window); err != nil || d <= 0 {
			return "", 0, UsageErrorf("--window %q: use a positive age like 36h or 7d", window)
		}
	}
	return r, d, nil
}
