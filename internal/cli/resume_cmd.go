package cli

import (
	"errors"

	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

// resumeCmd builds `dos resume` and `dos complete`: the same fold, two
// questions.
func resumeCmd(a *App, verb string) *cobra.Command {
	var runFlag string
	cmd := &cobra.Command{
		Use:               verb + " [RUN_ID]",
		GroupID:           GroupViews,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.completeRunArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			run, err := a.RunArg(args, runFlag, true)
			if err != nil {
				return err
			}
			if run == "" {
				return UsageErrorf("%s needs a run: dos %s RUN_ID (or --run-id, or $DOS_RUN_ID)", verb, verb)
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			d, err := projections.Resume(CtxOr(cmd), r, a.ViewGit(), run, verb, a.now())
			if errors.Is(err, projections.ErrNoGit) {
				return UsageErrorf("%v", err)
			}
			if err != nil {
				return err
			}
			if n := d.Scanned.Bad(); n > 0 {
				a.Warnf("%d bad lines in the journal were skipped; run `dos journal verify`", n)
			}
			if a.jsonOut {
				if err := a.PrintJSON(d); err != nil {
					return err
				}
			} else {
				viewtext.Resume(a.Out(), d)
			}
			return ExitWith(d.ExitCode)
		},
	}
	a.AddRunIDFlag(cmd, &runFlag, "the run (instead of RUN_ID; default $DOS_RUN_ID)")
	if verb == "resume" {
		cmd.Short = "Can this run be resumed, per git now? RESUMABLE 0 / COMPLETE 3 / DIVERGED 4 / UNRESUMABLE 5"
		cmd.Long = `resume folds the run's declared and claimed steps and re-verifies every one
against git now — never the run's own report — then answers:

  RESUMABLE    0  declared steps verified in order on HEAD, some left: the first
                  unverified step, the commit to re-enter from and the command
                  that starts the continuation run (a child of this one)
  COMPLETE     3  every declared step is verified on HEAD: nothing to resume
  DIVERGED     4  a commit the run verified is no longer reachable from HEAD, or
                  steps were verified out of declared order: a person must look
  UNRESUMABLE  5  the run declared nothing (or the journal holds no record of it)

Exit 2: malformed run id, or no git evidence (not a repository).`
	} else {
		cmd.Short = "Is the whole declared job done, per git now? COMPLETE 0 / INCOMPLETE 3 (with the residual)"
		cmd.Long = `complete re-verifies every step the run declared against git now and answers:

  COMPLETE    0  every declared step is verified on HEAD
  INCOMPLETE  3  residual = declared − verified is not empty (or nothing was declared)

Exit 2: malformed run id, or no git evidence (not a repository).`
	}
	return cmd
}
