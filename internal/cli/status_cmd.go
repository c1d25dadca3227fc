package cli

import (
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func statusCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.StatusRequest
	var spin, stall, loopTS string
	var nowMS, ageMS int64
	cmd := &cobra.Command{
		Use:   "status [RUN_ID] [--start-sha S] [--last-heartbeat-age-ms MS] [--stopped | --live]",
		Short: "The one folded fact about a run: ADVANCING 0 / SPINNING 3 / STALLED 4, with verified progress and region",
		Long: `Folds one run (RUN_ID, or --run-id / $DOS_RUN_ID; a ULID or RID-…): its
liveness as dos liveness judges it (a run never heard from — no record, no
beat, no commit — is STALLED), the declared steps git backs now (progress
counts only verified steps, never claims), the paths of the lease it holds,
and, when it is stopped (ended, halted, STALLED or --stopped; --live wins),
where it would resume. The start is the run's first record, else the time
in its run id; --start-sha counts commits since that commit instead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if !journal.ValidRunID(args[0]) {
					return UsageErrorf("%q is not a valid run-id token (a 26-character ULID, or RID- and 15 base32 characters)", args[0])
				}
				if k.runID != "" && k.runID != args[0] {
					return UsageErrorf("RUN_ID %s and --run-id %s differ; pass one", args[0], k.runID)
				}
				k.runID = args[0]
			}
			var err error
			if req.Policy.SpinAfter, err = parseDuration("--spin-after", spin); err != nil {
				return err
			}
			if req.Policy.StallAfter, err = parseDuration("--stall-after", stall); err != nil {
				return err
			}
			if cmd.Flags().Changed("last-heartbeat-age-ms") {
				if ageMS < 0 {
					return UsageErrorf("--last-heartbeat-age-ms %d: must not be negative", ageMS)
				}
				req.HeartbeatAgeMS = &ageMS
			}
			if cmd.Flags().Changed("now-ms") {
				t := time.UnixMilli(nowMS).UTC()
				a.now = func() time.Time { return t }
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Status(cmd.Context(), env, req)
			})
		},
	}
	def := vocab.DefaultLiveness()
	cmd.Flags().StringVar(&req.StartSHA, "start-sha", "", "count commits since this one (default: since the run started)")
	cmd.Flags().Int64Var(&ageMS, "last-heartbeat-age-ms", 0, "the run's last heartbeat was this many ms ago (overrides the journal's)")
	cmd.Flags().Int64Var(&nowMS, "now-ms", 0, "judge at this time, epoch milliseconds")
	cmd.Flags().BoolVar(&req.Override.Stopped, "stopped", false, "treat the run as stopped (show its resume plan)")
	cmd.Flags().BoolVar(&req.Override.Live, "live", false, "treat the run as live (wins over --stopped)")
	cmd.Flags().StringVar(&spin, "spin-after", def.SpinAfter.String(), "SPINNING when nothing landed for this long")
	cmd.Flags().StringVar(&stall, "stall-after", def.StallAfter.String(), "STALLED when nothing was heard for this long")
	cmd.Flags().StringVar(&loopTS, "loop-ts", "", "the reference's lease key; accepted, and ignored (leases here are keyed by run)")
	k.add(cmd)
	return cmd
}
