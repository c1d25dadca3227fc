package cli

import (
	"io"
	"os"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func productivityCmd(a *App) *cobra.Command {
	var k kflags
	var list string
	p := vocab.DefaultProductivity()
	cmd := &cobra.Command{
		Use:   "productivity --deltas D1,D2,…",
		Short: "Is the run still doing work? PRODUCTIVE 0 / DIMINISHING 3 / STALLED 4",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			deltas, err := vocab.ParseDeltas(list)
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Productivity(cmd.Context(), env, deltas, p)
			})
		},
	}
	cmd.Flags().StringVar(&list, "deltas", "", "per-step work deltas, oldest first, as one comma list (empty: no steps yet)")
	cmd.Flags().IntVar(&p.MinSteps, "min-steps", p.MinSteps, "fewer deltas than this is PRODUCTIVE (too early to judge); 0 judges from the first")
	cmd.Flags().Int64Var(&p.Floor, "floor", p.Floor, "DIMINISHING when the last two deltas are both under this")
	k.add(cmd)
	return cmd
}

func efficiencyCmd(a *App) *cobra.Command {
	var k kflags
	var work, tokens int64
	var usage string
	p := vocab.DefaultEfficiency()
	cmd := &cobra.Command{
		Use:   "efficiency --work W (--tokens T | --usage-json FILE|-)",
		Short: "Did the tokens buy work? EFFICIENT 0 / COSTLY 3 / WASTEFUL 4",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			shape := ""
			switch {
			case usage != "" && cmd.Flags().Changed("tokens"):
				return UsageErrorf("pass --tokens or --usage-json, not both")
			case usage != "":
				b, err := a.readFileOrStdin(usage)
				if err != nil {
					return UsageErrorf("--usage-json %s: %v", usage, err)
				}
				u, err := vocab.ParseUsage(b)
				if err != nil {
					return err
				}
				tokens, shape = u.Tokens, u.Shape
			case !cmd.Flags().Changed("tokens"):
				return UsageErrorf("pass --tokens T or --usage-json FILE|-")
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Efficiency(cmd.Context(), env, work, tokens, shape, p)
			})
		},
	}
	cmd.Flags().Int64Var(&work, "work", 0, "work done (a count the host measured)")
	cmd.Flags().Int64Var(&tokens, "tokens", 0, "tokens spent")
	cmd.Flags().StringVar(&usage, "usage-json", "", "read tokens from a provider usage object (file, or - for stdin)")
	cmd.Flags().Int64Var(&p.MinTokens, "min-tokens", p.MinTokens, "under this many tokens is EFFICIENT (too little to judge)")
	cmd.Flags().Float64Var(&p.Floor, "floor", p.Floor, "COSTLY when work/tokens is under this (0: off)")
	cmd.MarkFlagRequired("work")
	k.add(cmd)
	return cmd
}

func (a *App) readFileOrStdin(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(io.LimitReader(a.stdin, 1<<20))
	}
	return os.ReadFile(name)
}

func breakerCmd(a *App) *cobra.Command {
	var k kflags
	var consecutive, total int
	p := vocab.DefaultBreaker()
	cmd := &cobra.Command{
		Use:   "breaker --consecutive N --total N",
		Short: "Has this failure class tripped? CLOSED 0 / OPEN 3",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Breaker(cmd.Context(), env, consecutive, total, p)
			})
		},
	}
	cmd.Flags().IntVar(&consecutive, "consecutive", 0, "failures in a row")
	cmd.Flags().IntVar(&total, "total", 0, "failures in total")
	cmd.Flags().IntVar(&p.MaxConsecutive, "max-consecutive", p.MaxConsecutive, "OPEN at this many in a row (0 disables)")
	cmd.Flags().IntVar(&p.MaxTotal, "max-total", p.MaxTotal, "OPEN at this many in total (0 disables)")
	cmd.Flags().StringVar(&p.OnTrip, "on-trip", p.OnTrip, "who an OPEN escalates to: none, judge or human")
	k.add(cmd)
	return cmd
}

func rewardCmd(a *App) *cobra.Command {
	var k kflags
	var claim, noClaim, forgeable bool
	var witness []string
	cmd := &cobra.Command{
		Use:   "reward [--claim|--no-claim] [--witness confirm|refute|none]",
		Short: "May a fine-tune train on this? ACCEPT 0 / REJECT_POISON 3 / ABSTAIN 4 / NO_CLAIM 5",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if claim && noClaim {
				return UsageErrorf("pass at most one of --claim / --no-claim (a claim is the default)")
			}
			claim = !noClaim
			confirm, refute, err := vocab.ParseWitness(witness)
			if err != nil {
				return err
			}
			e := vocab.RewardEvidence{Claim: claim, Confirm: confirm, Refute: refute, Forgeable: forgeable}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Reward(cmd.Context(), env, e)
			})
		},
	}
	cmd.Flags().BoolVar(&claim, "claim", false, "the trajectory claims success (the default)")
	cmd.Flags().BoolVar(&noClaim, "no-claim", false, "the trajectory claims nothing")
	cmd.Flags().StringSliceVar(&witness, "witness", nil, "what a witness the agent did not write says: confirm, refute or none (the default; repeatable)")
	cmd.Flags().BoolVar(&forgeable, "forgeable", false, "the agent could have written the witness: it is left out of the decision")
	k.add(cmd)
	return cmd
}
