package cli

import (
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func observeCmd(a *App) *cobra.Command {
	var o projections.ObserveOptions
	var since, until string
	cmd := &cobra.Command{
		Use:   "observe",
		Short: "Count verdicts by syscall, verdict, run, lane, source or kind; or list one run's records",
		Long: `observe folds the journal into counts grouped by --by (default syscall), each
row with its share, seq range, last time seen and a breakdown by a second
dimension. Filters narrow the records first; --syscall and --verdict match
case aside. --run-id R (or --run R; R may be the run's 32-hex trace id)
without --by prints that run's own records in order; --tail N prints the
last N matching records.

--since and --until take a seq (1234), a time (2026-11-20T09:00:00Z, or
2026-11-20 for midnight UTC) or an age before now (90m, 36h, 7d). --since is
inclusive; --until is inclusive for a seq and exclusive for a time.

Exit 0, or 1 when the journal holds bad lines (they are counted and listed),
2 for bad flags. A missing or empty journal is an empty view.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Window, err = a.Window(since, until); err != nil {
				return err
			}
			if err := a.observeFilters(&o); err != nil {
				return err
			}
			if cmd.Flags().Changed("tail") && o.Tail < 1 {
				return UsageErrorf("--tail %d: must be 1 or more", o.Tail)
			}
			if err := o.Check(); err != nil {
				return UsageErrorf("%v", err)
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			obs, err := projections.Observe(CtxOr(cmd), r, o)
			if err != nil {
				return err
			}
			return a.render(obs, obs.Scanned, func() { viewtext.Observe(a.Out(), obs) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.By, "by", "", "group by syscall, verdict, run, lane, source or kind (default syscall)")
	f.StringVar(&o.Syscall, "syscall", "", "only records of this syscall (verify, liveness, lease.acquire, …)")
	f.StringVar(&o.Verdict, "verdict", "", "only records with this verdict token")
	a.AddRunIDFlag(cmd, &o.RunID, "only this run's records; without --by, list them in order", "run")
	f.StringVar(&o.Lane, "lane", "", "only records on this lane")
	f.StringVar(&since, "since", "", "first record: a seq, a time or an age (7d)")
	f.StringVar(&until, "until", "", "last record: a seq (inclusive) or a time (exclusive)")
	f.IntVar(&o.Tail, "tail", 0, "list the last N matching records instead of counting")
	CompleteValues(cmd, "by", projections.Dimensions()...)
	CompleteValues(cmd, "syscall", vocab.Syscalls()...)
	CompleteValues(cmd, "verdict", vocab.Tokens()...)
	return cmd
}

// observeFilters spells --by, --syscall and --verdict as the vocabulary
// does (case aside), refusing typos with what was meant, and reads --run-id.
func (a *App) observeFilters(o *projections.ObserveOptions) error {
	var err error
	if o.By != "" {
		if o.By, err = MatchToken("by", o.By, projections.Dimensions()); err != nil {
			return err
		}
	}
	if o.Syscall != "" {
		if o.Syscall, err = MatchToken("syscall", o.Syscall, vocab.Syscalls()); err != nil {
			return err
		}
	}
	if o.Verdict != "" {
		if o.Verdict, err = MatchToken("verdict", o.Verdict, vocab.Tokens()); err != nil {
			return err
		}
	}
	if o.RunID != "" {
		o.RunID, err = ParseRun("--run-id", o.RunID)
	}
	return err
}
