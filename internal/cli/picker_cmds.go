package cli

import (
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// nowMS is --now-ms when given, else the clock.
func (a *App) nowMS(cmd *cobra.Command, flag int64) int64 {
	if cmd.Flags().Changed("now-ms") {
		return flag
	}
	return a.now().UnixMilli()
}

func pickableCmd(a *App) *cobra.Command {
	var k kflags
	var state string
	var now int64
	cmd := &cobra.Command{
		Use:   "pickable [UNIT] [--state JSON] [--now-ms MS]",
		Short: "May this unit be picked up? OFFERABLE 0, else the reason it is held (10–25)",
		Long: `Judges the host's bookkeeping for a unit (--state, a JSON object), first
match wins: shipped 25, unparseable 24, in_flight 20, soft_claimed_elsewhere
21, stale_claim 22, plan_class DRAFT 10, operator_gated 11, soak_open 12,
dependency_unmet 13, cooldown_until_ms in the future 23; otherwise OFFERABLE 0.
10–13 are re-dispatch-invariant: asking again cannot change them.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			unit := ""
			if len(args) == 1 {
				unit = args[0]
			}
			st, err := kernel.ParsePickState(state)
			if err != nil {
				return err
			}
			ms := a.nowMS(cmd, now)
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Pickable(cmd.Context(), env, unit, st, ms)
			})
		},
	}
	cmd.Flags().StringVar(&state, "state", "", "the unit's state, a JSON object (keys: shipped, in_flight, plan_class, cooldown_until_ms, …)")
	cmd.Flags().Int64Var(&now, "now-ms", 0, "the clock as epoch milliseconds (default now)")
	k.add(cmd)
	return cmd
}

// attemptsFlag reads --attempts, else the attempts the journal holds.
func (a *App) attempts(cmd *cobra.Command, flag string) ([]vocab.Attempt, error) {
	if cmd.Flags().Changed("attempts") {
		return kernel.ParseAttempts(flag)
	}
	return kernel.JournalAttempts(cmd.Context(), a.Paths().Journal)
}

func cooldownCmd(a *App) *cobra.Command {
	var k kflags
	var attempts, window, errWindow string
	var now int64
	cmd := &cobra.Command{
		Use:   "cooldown UNIT [--attempts JSON] [--now-ms MS]",
		Short: "Was this unit attempted too recently? CLEAR 0 / RECENTLY_ATTEMPTED 3",
		Long: `Folds the unit's pick attempts (--attempts, a JSON list of {unit_id, outcome,
attempted_at_ms}; else the attempt records the journal holds, as imported
from the reference): the latest wins (on a tie, the longer window). Shipped,
or none → CLEAR; now before its time + the window (--window, 6h; --error-window,
30m, after an error) → RECENTLY_ATTEMPTED.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			as, err := a.attempts(cmd, attempts)
			if err != nil {
				return err
			}
			p, err := cooldownPolicy(window, errWindow)
			if err != nil {
				return err
			}
			ms := a.nowMS(cmd, now)
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Cooldown(cmd.Context(), env, args[0], as, ms, p)
			})
		},
	}
	def := vocab.DefaultCooldown()
	cmd.Flags().StringVar(&attempts, "attempts", "", "the attempts, a JSON list (default: the journal's)")
	cmd.Flags().Int64Var(&now, "now-ms", 0, "the clock as epoch milliseconds (default now)")
	cmd.Flags().StringVar(&window, "window", def.Window.String(), "how long a drained, blocked or unknown attempt holds the unit")
	cmd.Flags().StringVar(&errWindow, "error-window", def.ErrorWindow.String(), "how long an attempt that ended in error holds it")
	k.add(cmd)
	return cmd
}

func cooldownPolicy(window, errWindow string) (vocab.CooldownPolicy, error) {
	var p vocab.CooldownPolicy
	var err error
	if p.Window, err = parseDuration("--window", window); err != nil {
		return p, err
	}
	p.ErrorWindow, err = parseDuration("--error-window", errWindow)
	return p, err
}

func pickPriorityCmd(a *App) *cobra.Command {
	var k kflags
	var attempts string
	cmd := &cobra.Command{
		Use:   "pick-priority UNIT [--attempts JSON]",
		Short: "How fresh is this unit? NEVER_ATTEMPTED 0 (sort key [0,0]) / ATTEMPTED 3 ([1, last ms])",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			as, err := a.attempts(cmd, attempts)
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.PickPriority(cmd.Context(), env, args[0], as)
			})
		},
	}
	cmd.Flags().StringVar(&attempts, "attempts", "", "the attempts, a JSON list (default: the journal's)")
	k.add(cmd)
	return cmd
}

func reconcileCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.ReconcileRequest
	var shipped, notShipped bool
	cmd := &cobra.Command{
		Use:   "reconcile UNIT [--claimed-done] (--oracle-shipped | --no-oracle-shipped | --plan P --phase X)",
		Short: "Did a claimed completion hold? VERIFIED 0 / QUIET_INCOMPLETE 3 / HONEST_OPEN 4",
		Long: `The oracle is --oracle-shipped / --no-oracle-shipped, else git: verify
--plan --phase exactly as dos verify does. Shipped → VERIFIED; claimed
(--claimed-done) but not shipped → QUIET_INCOMPLETE; otherwise HONEST_OPEN.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Unit = args[0]
			switch {
			case shipped && notShipped:
				return UsageErrorf("pass at most one of --oracle-shipped / --no-oracle-shipped")
			case shipped || notShipped:
				req.OracleShipped = &shipped
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Reconcile(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().BoolVar(&req.Claimed, "claimed-done", false, "the unit was claimed done")
	cmd.Flags().BoolVar(&shipped, "oracle-shipped", false, "the oracle says it shipped")
	cmd.Flags().BoolVar(&notShipped, "no-oracle-shipped", false, "the oracle says it did not")
	cmd.Flags().StringVar(&req.Plan, "plan", "", "verify this plan's --phase against git as the oracle")
	cmd.Flags().StringVar(&req.Phase, "phase", "", "the phase to verify")
	k.add(cmd)
	return cmd
}

// parseDuration reads a duration flag (Go durations and whole days).
func parseDuration(flag, v string) (time.Duration, error) {
	d, err := config.ParseDuration(v)
	if err != nil {
		return 0, UsageErrorf("%s: %v", flag, err)
	}
	return d, nil
}

func enumerateCmd(a *App) *cobra.Command {
	var k kflags
	var series, shipped string
	g := vocab.DefaultEnumerate()
	cmd := &cobra.Command{
		Use:   "enumerate PLAN_DOC [--series ID] [--shipped JSON-list]",
		Short: "Which units does a plan document declare, and which shipped? CLEAN 0 / DRIFT 3 / EMPTY 4",
		Long: `Reads the units a plan document declares: ##–#### headings starting with a
--series id (AUTH1, MAS2.5, HS1a, SF1.2-port; "N." headings with no series),
table first cells, and bare "Phase N" headings when nothing else is found.
A unit is shipped when its section says shipped (not "not shipped"), ✅, ✓
or [x], or when --shipped lists it. No unit at all is EMPTY; --shipped ids
the document does not declare are DRIFT.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := kernel.ParseShipped(shipped)
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Enumerate(cmd.Context(), env, args[0], series, list, g)
			})
		},
	}
	cmd.Flags().StringVar(&series, "series", "", "the unit ids' series (AUTH for AUTH1, AUTH2, …)")
	cmd.Flags().StringVar(&shipped, "shipped", "", "ids known shipped, a JSON list")
	cmd.Flags().IntSliceVar(&g.Levels, "levels", g.Levels, "heading levels that open a unit")
	k.add(cmd)
	return cmd
}
