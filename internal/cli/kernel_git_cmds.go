package cli

import (
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/kernel"
	"github.com/spf13/cobra"
)

func verifyCmd(a *App) *cobra.Command {
	var k kflags
	var ref string
	cmd := &cobra.Command{
		Use:   "verify PLAN PHASE",
		Short: "Did PLAN PHASE ship? SHIPPED 0 / NOT_SHIPPED 1, from git alone",
		Long: `SHIPPED when a commit reachable from --ref (default HEAD) has a subject
starting with "PHASE:" (any case; AUTH1: never matches AUTH10) and changed at
least one file. An empty stamped commit (git commit --allow-empty) is
NOT_SHIPPED. Not a git repository, a missing workspace or an unknown ref is
exit 2, never NOT_SHIPPED.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Verify(cmd.Context(), env, kernel.VerifyRequest{Plan: args[0], Phase: args[1], Ref: ref})
			})
		},
	}
	cmd.Flags().StringVar(&ref, "ref", "HEAD", "look for the stamp among commits reachable from this ref")
	k.add(cmd)
	return cmd
}

func livenessCmd(a *App) *cobra.Command {
	var k kflags
	var startSHA, spin, stall, now string
	cmd := &cobra.Command{
		Use:   "liveness --run-id R [--start-sha S]",
		Short: "Is the run advancing? ADVANCING 0 / SPINNING 3 / STALLED 4",
		Long: `ADVANCING when commits landed since --start-sha (or since the run's first
record) or the run recorded a SHIPPED verify within --spin-after, or the run
is younger than that; SPINNING when it is still heard from (heartbeats or
other records) but nothing landed for --spin-after; STALLED when nothing was
heard for --stall-after. An unknown start sha is exit 2.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var req kernel.LivenessRequest
			var err error
			req.StartSHA = startSHA
			if req.Policy.SpinAfter, err = config.ParseDuration(spin); err != nil {
				return UsageErrorf("--spin-after: %v", err)
			}
			if req.Policy.StallAfter, err = config.ParseDuration(stall); err != nil {
				return UsageErrorf("--stall-after: %v", err)
			}
			if now != "" {
				t, err := time.Parse(time.RFC3339Nano, now)
				if err != nil {
					return UsageErrorf("--now %q: use RFC 3339, e.g. 2026-11-20T09:30:00Z", now)
				}
				a.now = func() time.Time { return t }
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Liveness(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().StringVar(&startSHA, "start-sha", "", "count commits since this one (default: since the run's first record)")
	cmd.Flags().StringVar(&spin, "spin-after", "30m", "SPINNING when nothing landed for this long")
	cmd.Flags().StringVar(&stall, "stall-after", "15m", "STALLED when nothing was heard for this long")
	cmd.Flags().StringVar(&now, "now", "", "judge at this time instead of the clock (RFC 3339; for tests and replays)")
	k.add(cmd)
	return cmd
}
