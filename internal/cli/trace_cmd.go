package cli

import (
	"context"
	"errors"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

func traceCmd(a *App) *cobra.Command {
	var runFlag string
	cmd := &cobra.Command{
		Use:   "trace [RUN_ID]",
		Short: "One run end to end: lineage, every record, its claims beside git's verdict now, its leases and commits",
		Long: `trace shows one run: its parent and children, every record it wrote in
order, each declared or claimed step with the journal's verify beside what
git says now (a claim is never shown VERIFIED unless a stamped commit that
changed files is reachable from HEAD), its leases, and the commits reachable
from HEAD since it started.

The run is RUN_ID, --run-id or $DOS_RUN_ID: its ULID, or the 32 hex
digits of its trace id as Grafana or Tempo show it.

Outside a git repository the steps are shown UNCHECKED. Exit 0; 1 when the
journal holds no record of the run or holds bad lines; 2 for a malformed
run id.`,
		GroupID:           GroupViews,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.completeRunArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			run, err := a.RunArg(args, runFlag, true)
			if err != nil {
				return err
			}
			if run == "" {
				return UsageErrorf("trace needs a run: dos trace RUN_ID (or --run-id, or $DOS_RUN_ID)")
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			t, err := projections.Trace(CtxOr(cmd), r, a.ViewGit(), run, a.now())
			if errors.Is(err, projections.ErrUnknownRun) {
				return WithCode(1, err)
			}
			if err != nil {
				return err
			}
			return a.render(t, t.Scanned, func() { viewtext.Trace(a.Out(), t) })
		},
	}
	a.AddRunIDFlag(cmd, &runFlag, "the run (instead of RUN_ID; default $DOS_RUN_ID)")
	return cmd
}

// viewGit is the workspace repository as view evidence, or nil when the
// workspace does not exist (views then show claims unchecked).
func (a *App) ViewGit() projections.Git {
	p := a.Paths()
	repo, err := git.Open(p.Workspace)
	if err != nil {
		return nil
	}
	if top, ok := git.WorkTreeTop(context.Background(), p.Workspace, a.getenv); ok {
		repo.Own = git.DosDirs(top, p.Workspace, p.Journal) // dos's own state is never work
	}
	return projections.FromRepo(repo)
}
