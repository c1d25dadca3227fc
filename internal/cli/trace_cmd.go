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
	return &cobra.Command{
		Use:   "trace RUN_ID",
		Short: "One run end to end: lineage, every record, its claims beside git's verdict now, its leases and commits",
		Long: `trace shows one run: its parent and children, every record it wrote in
order, each declared or claimed step with the journal's verify beside what
git says now (a claim is never shown VERIFIED unless a stamped commit that
changed files is reachable from HEAD), its leases, and the commits reachable
from HEAD since it started.

Outside a git repository the steps are shown UNCHECKED. Exit 0; 1 when the
journal holds no record of the run or holds bad lines; 2 for a malformed
run id.`,
		GroupID: GroupViews,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !validRun(args[0]) {
				return UsageErrorf("%q is not a run id (a 26-character ULID, as `dos run start` prints)", args[0])
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			t, err := projections.Trace(CtxOr(cmd), r, a.ViewGit(), args[0], a.now())
			if errors.Is(err, projections.ErrUnknownRun) {
				return WithCode(1, err)
			}
			if err != nil {
				return err
			}
			return a.render(t, t.Scanned, func() { viewtext.Trace(a.Out(), t) })
		},
	}
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
