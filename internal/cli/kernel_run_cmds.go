package cli

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func runCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "run",
		Short:   "Start and end runs: the id every record of a run carries",
		GroupID: GroupVerdicts,
		Args:    cobra.ArbitraryArgs,
		RunE:    ParentRunE,
	}
	cmd.AddCommand(runStartCmd(a), runEndCmd(a))
	return cmd
}

func runStartCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.RunStartRequest
	cmd := &cobra.Command{
		Use:   "start [--parent RUN] [--name N]",
		Short: "Mint a run id, record the start and print `export DOS_RUN_ID=…`",
		Long:  "Mint a run id, record the start and print `export DOS_RUN_ID=…`.\nUse it as: eval \"$(dos run start --name auth-refactor)\"",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.RunStart(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().StringVar(&req.Parent, "parent", "", "the parent run (lineage for dos trace)")
	cmd.Flags().StringVar(&req.Name, "name", "", "a token naming the run")
	cmd.Flags().BoolVar(&k.strict, "strict-journal", false, "exit 2 when the record cannot be journaled (default $DOS_STRICT_JOURNAL)")
	return cmd
}

func runEndCmd(a *App) *cobra.Command {
	var k kflags
	var status string
	cmd := &cobra.Command{
		Use:   "end [--status done|failed|aborted|halted]",
		Short: "Record the end of the run ($DOS_RUN_ID or --run-id)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.RunEnd(cmd.Context(), env, status)
			})
		},
	}
	cmd.Flags().StringVar(&status, "status", "done", "how it ended: "+strings.Join(vocab.RunStatuses(), ", "))
	k.add(cmd)
	cmd.GroupID = ""
	return cmd
}

func runIDCmd(a *App) *cobra.Command {
	var req kernel.MintRequest
	mint := &cobra.Command{
		Use:   "mint [PROCESS] [--format ulid|rid] [--parent RUN] [--root RUN]",
		Short: "Print a fresh run id (records nothing), for hosts that mint their own",
		Long: `Print a fresh run id and record nothing. Bare, it prints a ULID (with --json,
{"run_id": …}). With PROCESS it prints the reference's lineage document
{parent_id, process_id, root_id, run_id, ts_ms}. --format rid mints the
reference's RID-… grammar instead of a ULID; every verb accepts both.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				req.Process = args[0]
				l, err := kernel.MintLineage(a.now(), nil, req)
				if err != nil {
					return err
				}
				return a.PrintJSON(l)
			}
			if req.Parent != "" || req.Root != "" {
				return UsageErrorf("--parent and --root need a PROCESS: dos run-id mint PROCESS --parent RUN")
			}
			id, err := kernel.MintFormat(a.now(), nil, req.Format)
			if err != nil {
				return err
			}
			if a.jsonOut {
				return a.PrintJSON(map[string]string{"run_id": id})
			}
			fmt.Fprintln(a.stdout, id)
			return nil
		},
	}
	mint.Flags().StringVar(&req.Format, "format", kernel.FormatULID, "ulid (dos's own) or rid (the reference's RID-…)")
	mint.Flags().StringVar(&req.Parent, "parent", "", "the parent run, with PROCESS")
	mint.Flags().StringVar(&req.Root, "root", "", "the root of the run tree, with PROCESS (default: the new id)")
	cmd := &cobra.Command{Use: "run-id", Short: "Run ids without records", Args: cobra.ArbitraryArgs, RunE: ParentRunE}
	cmd.AddCommand(mint)
	return cmd
}

func intentCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "intent",
		Short:   "Record the steps a run plans and the ones it claims (claims are never believed)",
		GroupID: GroupVerdicts,
		Args:    cobra.ArbitraryArgs,
		RunE:    ParentRunE,
	}
	var dk, ck kflags
	var dplan, cplan string
	declare := &cobra.Command{
		Use:   "declare [--plan P] STEP…",
		Short: "Record the steps (phase tokens) the run plans",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.syscall(cmd, &dk, func(env kernel.Env) (kernel.Result, error) {
				return kernel.IntentDeclare(cmd.Context(), env, dplan, args)
			})
		},
	}
	claim := &cobra.Command{
		Use:   "claim [--plan P] STEP",
		Short: "Record that the agent says STEP is done; trace and resume re-verify it against git",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.syscall(cmd, &ck, func(env kernel.Env) (kernel.Result, error) {
				return kernel.IntentClaim(cmd.Context(), env, cplan, args[0])
			})
		},
	}
	declare.Flags().StringVar(&dplan, "plan", "", "the plan the steps belong to")
	claim.Flags().StringVar(&cplan, "plan", "", "the plan the step belongs to")
	dk.add(declare)
	ck.add(claim)
	declare.GroupID, claim.GroupID = "", ""
	cmd.AddCommand(declare, claim)
	return cmd
}

func haltCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.HaltRequest
	var turn int
	var pretty bool
	cmd := &cobra.Command{
		Use:   "halt --run-id R --reason CODE",
		Short: "Propose that an operator halts a run: PROPOSED 0",
		Long: `Records a halt proposal for the run (--run-id, $DOS_RUN_ID, or --handle when
it is a run id). --reason is one of ` + strings.Join(vocab.HaltReasons(), ", ") + `; other
text is recorded as operator with the text hashed. --resumable marks it a
suspend (--resume-sha, --checkpoint-turn and --transcript-digest say where
the run and its conversation resume; dos rewind anchors on the checkpoint).
--command is recorded hashed; --loop-ts, --owner and --pretty are the
reference's and are recorded or accepted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("checkpoint-turn") {
				req.CheckpointTurn = &turn
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Halt(cmd.Context(), env, req)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Reason, "reason", "", "why: "+strings.Join(vocab.HaltReasons(), ", ")+" (other text: operator, hashed)")
	f.StringVar(&req.Handle, "handle", "", "the run handle (the reference's; a run id here names the run)")
	f.StringVar(&req.LoopTS, "loop-ts", "", "the reference's lease key, recorded")
	f.StringVar(&req.Owner, "owner", "", "who holds the run, recorded")
	f.StringVar(&req.Command, "command", "", "the stop command an operator would run, recorded hashed")
	f.BoolVar(&req.Resumable, "resumable", false, "a suspend: the run may resume")
	f.StringVar(&req.ResumeSHA, "resume-sha", "", "the commit the run resumes from")
	f.IntVar(&turn, "checkpoint-turn", 0, "the conversation turn a rewind may return to")
	f.StringVar(&req.TranscriptDigest, "transcript-digest", "", "the sha256 hex of that turn's transcript line")
	f.BoolVar(&pretty, "pretty", false, "the reference's; accepted")
	_ = f.MarkHidden("pretty")
	k.add(cmd)
	return cmd
}
