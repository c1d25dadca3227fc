package cli

import (
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func hookExitCmd(a *App) *cobra.Command {
	var k kflags
	var code int
	var maps []string
	cmd := &cobra.Command{
		Use:   "hook-exit --code N [--map C=VERB,…]",
		Short: "What does a hook's exit code mean? PASS 0 / BLOCK 3 / WARN 4 / DEFER 5 / OBSERVE 6",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := vocab.ParseHookMap(maps)
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.HookExit(cmd.Context(), env, code, m)
			})
		},
	}
	cmd.Flags().IntVar(&code, "code", 0, "the hook's exit code")
	cmd.Flags().StringSliceVar(&maps, "map", nil, "map exit codes to verdicts, e.g. 3=DEFER,4=OBSERVE (an explicit 0=BLOCK is honoured)")
	cmd.MarkFlagRequired("code")
	k.add(cmd)
	return cmd
}

func execCapabilityCmd(a *App) *cobra.Command {
	var k kflags
	var command string
	var extra []string
	cmd := &cobra.Command{
		Use:   "exec-capability --command CMD [--extra P,…]",
		Short: "Does a command grant arbitrary exec? BOUNDED 0 / EMPTY 0 / GRANTS_ARBITRARY_EXEC 3",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.ExecCapability(cmd.Context(), env, command, extra)
			})
		},
	}
	cmd.Flags().StringVar(&command, "command", "", "the command line (only its hash is recorded)")
	cmd.Flags().StringSliceVar(&extra, "extra", nil, "more program names that grant arbitrary exec")
	cmd.MarkFlagRequired("command")
	k.add(cmd)
	return cmd
}

func improveCmd(a *App) *cobra.Command {
	var k kflags
	var e vocab.ImproveEvidence
	p := vocab.DefaultImprove()
	cmd := &cobra.Command{
		Use:   "improve --work W --baseline-work B [--suite-passed] [--truth-clean]",
		Short: "Keep or revert a self-improvement step? KEEP 0 / REVERT 3 / ESCALATE 4",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Improve(cmd.Context(), env, e, p)
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&e.SuitePassed, "suite-passed", false, "the test suite is green")
	f.BoolVar(&e.TruthClean, "truth-clean", false, "the truth check (e.g. dos verify) is clean")
	f.Int64Var(&e.Work, "work", 0, "the metric after the step")
	f.Int64Var(&e.BaselineWork, "baseline-work", 0, "the metric before the step")
	f.Int64Var(&e.Tokens, "tokens", 0, "tokens the step spent (0: unknown)")
	f.IntVar(&e.ConsecutiveReverts, "consecutive-reverts", 0, "reverts in a row before this step")
	f.IntVar(&p.MaxReverts, "max-reverts", p.MaxReverts, "ESCALATE when a revert brings the streak to this")
	f.Float64Var(&p.Spend.Floor, "efficiency-floor", p.Spend.Floor, "REVERT a gain whose work per token is under this (0: off)")
	f.Int64Var(&p.Spend.MinTokens, "min-tokens", p.Spend.MinTokens, "a gain that spent fewer tokens than this is not judged on spend")
	cmd.MarkFlagRequired("work")
	cmd.MarkFlagRequired("baseline-work")
	k.add(cmd)
	return cmd
}
