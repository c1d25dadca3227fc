package cli

import (
	"os"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func topCmd(a *App) *cobra.Command {
	var once bool
	var interval time.Duration
	o := projections.TopOptions{}
	cmd := &cobra.Command{
		Use:   "top",
		Short: "What is running now: open runs with their liveness chip, held lanes, last verdicts, recent commits",
		Long: `top shows the runs open now (started, not ended), each with its liveness chip
(ADVANCING, SPINNING, STALLED: the kernel's liveness rules at this moment, from
the run's records and the repository's commits), the lanes held by live leases
and when they expire, the last verdicts and the recent commits.

On a terminal it redraws every --interval (and at once on a resize) until q
or Ctrl-C, reading only the records appended since the last frame, fitted to
the window: long fields are cut with "…", a section cut short ends with
"… and N more", and sections that do not fit at all (least important first:
notes, the lane board, commits, verdicts, lanes) are named in the status line. --once (or
--json, or output that is not a terminal) prints one frame, fitted to the
terminal's width when there is one. top never writes anything.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if interval < 100*time.Millisecond {
				return UsageErrorf("--interval %s: must be at least 100ms", interval)
			}
			if o.Policy.SpinAfter <= 0 || o.Policy.StallAfter <= 0 {
				return UsageErrorf("--spin-after and --stall-after must be positive durations")
			}
			if err := a.topWorkspace(&o); err != nil {
				return err
			}
			r, err := a.ViewReader()
			if err != nil {
				return err
			}
			ctx := CtxOr(cmd)
			o.Now = a.now()
			frame, fold, err := projections.Top(ctx, r, a.ViewGit(), o)
			if err != nil {
				return err
			}
			stdin, isFile := a.stdin.(*os.File)
			if once || a.jsonOut || !ui.IsTerminal(a.stdout) || !isFile || !term.IsTerminal(int(stdin.Fd())) {
				// One frame; on a terminal it fits the width (never the height: it scrolls).
				s := viewtext.Screen{Width: terminalSize(a.stdout).Width}
				return a.render(frame, frame.Scanned, func() { viewtext.TopFit(a.Out(), frame, s) })
			}
			return a.topTerminal(ctx, stdin, r, fold, o, interval)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&once, "once", false, "print one frame and exit")
	DurationVar(f, &interval, "interval", 2*time.Second, "how often the screen refreshes")
	DurationVar(f, &o.Policy.SpinAfter, "spin-after", 30*time.Minute, "a run heard from but with nothing landed this long is SPINNING (90m, 1d, …)")
	DurationVar(f, &o.Policy.StallAfter, "stall-after", 15*time.Minute, "a run not heard from this long is STALLED (90m, 1d, …)")
	return cmd
}

// topWorkspace fills in where top looks: the workspace, the journal and
// the lanes dos.toml declares (the same for --once and every redraw).
func (a *App) topWorkspace(o *projections.TopOptions) error {
	p := a.Paths()
	o.Workspace, o.Journal = p.Workspace, p.Journal
	cfg, err := a.WorkspaceConfig()
	if err != nil {
		return err
	}
	o.Lanes = &cfg.Lanes
	return nil
}
