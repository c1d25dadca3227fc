package cli

import (
	"fmt"
	"time"

	dosconfig "github.com/dos-go/dos/config"
	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func verifyCmd(a *App) *cobra.Command {
	var k kflags
	var ref string
	var explain, noCI bool
	cmd := &cobra.Command{
		Use:   "verify PLAN PHASE [--explain]",
		Short: "Did PLAN PHASE ship? SHIPPED 0 / NOT_SHIPPED 1, from git alone",
		Long: `SHIPPED when a commit reachable from --ref (default HEAD) stamps PLAN PHASE
and changed at least one file: "PHASE: …", "PLAN: PHASE …", "PLAN PHASE …",
each after an optional "seg/" ("src/AUTH: AUTH6"), any case, the phase ending
where no letter, digit, '.' or '-' follows (AUTH1 never matches AUTH10).
PHASE may be a number (verify AUTH 1 matches "AUTH1: …" and "AUTH: 1 …") or
"Phase N". An empty stamped commit is NOT_SHIPPED. Before the stamp, a done
row of dos.state.yaml ships — only when the commit it names exists, is
reachable from the ref and changed files (a made-up sha never counts); after
it, the plan document (docs/**/*-plan.md with "id: PLAN") ships the phase
when one commit touched two of the paths its section names (via
grep-artifact). --explain says which rung decided and why each other did
not. Not a git repository, a missing workspace or an unknown ref is exit 2,
never NOT_SHIPPED.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			_ = noCI
			rungs, err := a.verifyRungs()
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Verify(cmd.Context(), env, kernel.VerifyRequest{Plan: args[0], Phase: args[1], Ref: ref, Explain: explain, Rungs: &rungs})
			})
		},
	}
	cmd.Flags().StringVar(&ref, "ref", "HEAD", "look for the stamp among commits reachable from this ref")
	cmd.Flags().BoolVar(&explain, "explain", false, "add what the verdict means and every rung tried (JSON: interpretation, rungs)")
	cmd.Flags().BoolVar(&noCI, "no-ci", false, "skip the exec and CI rungs (the reference's flag; accepted: dos has no such rung)")
	k.add(cmd)
	return cmd
}

func livenessCmd(a *App) *cobra.Command {
	var k kflags
	var startSHA, spin, stall, now string
	var ref livenessCompat
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
			if err := ref.apply(a, cmd, &req); err != nil {
				return err
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
	ref.add(cmd)
	k.add(cmd)
	return cmd
}

// verifyRungs is what verify's rungs read from the workspace's dos.toml:
// the [stamp] grammar and [paths] execution_state and plans_glob. Only
// those tables' warnings are verify's business: a malformed [lanes] never
// touches a verdict that reads no lanes, even under --strict-config.
func (a *App) verifyRungs() (kernel.VerifyRungs, error) {
	r := kernel.DefaultVerifyRungs()
	cfg := dosconfig.Load(a.Paths().Workspace)
	for _, w := range cfg.Warnings {
		if w.Table != "" && w.Table != "stamp" && w.Table != "paths" {
			continue
		}
		if a.strictConfig || config.Truthy(a.getenv("DOS_STRICT_CONFIG")) {
			return r, WithCode(2, fmt.Errorf("dos.toml (strict config): %s", w))
		}
		a.Warnf("%s", w)
	}
	r.Grammar = vocab.GrammarOf(cfg.Stamp)
	if cfg.Paths.ExecutionState != "" {
		r.StatePath = cfg.Paths.ExecutionState
	}
	if cfg.Paths.PlansGlob != "" {
		r.PlansGlob = cfg.Paths.PlansGlob
	}
	return r, nil
}
