package cli

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func planCmd(a *App) *cobra.Command {
	var once bool
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "plan [--once]",
		Short: "The plan board: each plan doc's phases, what was claimed, what git says, and the gap",
		Long: `plan reads the plan docs [paths].plans_glob matches (default docs/**/*-plan.md):
each "## PLAN PHASE — title" heading (and "- **PHASE** …" bullet under it) is a
phase. Beside it: what the doc says (shipped, blocked, open), the runs that
claimed it (intent claim records), what git says (verify: a stamped commit
that changed files on HEAD) and the gap (over-claim, under-claim). On a
terminal it refreshes every --interval until q; --once or --json print one
board. plan writes nothing and always exits 0.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if interval < 100*time.Millisecond {
				return UsageErrorf("--interval %s: must be at least 100ms", interval)
			}
			ctx := CtxOr(cmd)
			board, err := a.planBoard(ctx)
			if err != nil {
				return err
			}
			stdin, isFile := a.stdin.(*os.File)
			if once || a.jsonOut || !ui.ANSI(a.stdout) || !isFile || !term.IsTerminal(int(stdin.Fd())) {
				return a.render(board, board.Scanned, func() { viewtext.Plan(a.Out(), board) })
			}
			return a.planTerminal(ctx, stdin, interval)
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "print one board and exit")
	cmd.Flags().DurationVar(&interval, "interval", 5*time.Second, "how often the screen refreshes")
	return cmd
}

func (a *App) planBoard(ctx context.Context) (*projections.PlanBoard, error) {
	cfg, err := a.WorkspaceConfig()
	if err != nil {
		return nil, err
	}
	root := a.Paths().Workspace
	files, err := projections.PlanFiles(root, cfg.Paths.PlansGlob)
	if err != nil {
		return nil, UsageErrorf("[paths].plans_glob: %v", err)
	}
	r, err := a.ViewReader()
	if err != nil {
		return nil, err
	}
	return projections.Plan(ctx, r, a.ViewGit(), projections.PlanOptions{Now: a.now(), Workspace: root, PlansGlob: cfg.Paths.PlansGlob, Docs: projections.ReadPlanDocs(root, files)})
}

// planTerminal redraws the board every interval until q or Ctrl-C.
func (a *App) planTerminal(ctx context.Context, stdin *os.File, interval time.Duration) error {
	return a.onTerminal("plan", stdin, func(sio screenIO) error {
		return a.redrawLoop(ctx, sio, interval, func(viewtext.Screen) (string, error) {
			board, err := a.planBoard(ctx)
			if err != nil {
				return "", err
			}
			var buf strings.Builder
			viewtext.Plan(ui.Out{W: &buf, Color: a.Out().Color}, board)
			return buf.String() + "\nread-only · q quits · refreshes every " + interval.String(), nil
		})
	})
}
