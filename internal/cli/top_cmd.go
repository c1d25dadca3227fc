package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
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

On a terminal it redraws every --interval until q or Ctrl-C, reading only the
records appended since the last frame. --once (or --json, or output that is
not a terminal) prints one frame. top never writes anything.`,
		GroupID: GroupViews,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if interval < 100*time.Millisecond {
				return UsageErrorf("--interval %s: must be at least 100ms", interval)
			}
			if o.Policy.SpinAfter <= 0 || o.Policy.StallAfter <= 0 {
				return UsageErrorf("--spin-after and --stall-after must be positive durations")
			}
			p := a.Paths()
			o.Workspace, o.Journal = p.Workspace, p.Journal
			cfg, err := a.WorkspaceConfig()
			if err != nil {
				return err
			}
			o.Lanes = &cfg.Lanes
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
				return a.render(frame, frame.Scanned, func() { viewtext.Top(a.Out(), frame) })
			}
			return a.topTerminal(ctx, stdin, r, fold, o, interval)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&once, "once", false, "print one frame and exit")
	f.DurationVar(&interval, "interval", 2*time.Second, "how often the screen refreshes")
	f.DurationVar(&o.Policy.SpinAfter, "spin-after", 30*time.Minute, "a run heard from but with nothing landed this long is SPINNING")
	f.DurationVar(&o.Policy.StallAfter, "stall-after", 15*time.Minute, "a run not heard from this long is STALLED")
	return cmd
}

// topTerminal puts the terminal in raw mode (restored on the way out),
// reads keys from it and runs the refresh loop.
func (a *App) topTerminal(ctx context.Context, stdin *os.File, r projections.Reader, fold *projections.TopFold, o projections.TopOptions, interval time.Duration) error {
	old, err := term.MakeRaw(int(stdin.Fd()))
	if err != nil {
		return fmt.Errorf("top: %w", err)
	}
	defer term.Restore(int(stdin.Fd()), old)
	keys := make(chan byte, 1)
	go func() { // ends with the process: a read on a terminal cannot be cancelled
		b := make([]byte, 1)
		for {
			if n, err := stdin.Read(b); err != nil || n == 0 {
				close(keys)
				return
			}
			keys <- b[0]
		}
	}()
	return a.topLoop(ctx, keys, r, fold, o, interval)
}

// topLoop redraws a frame every interval, reading only what was appended
// since the last one, until q, Ctrl-C (3 in raw mode), the keys closing or
// the context ending.
func (a *App) topLoop(ctx context.Context, keys <-chan byte, r projections.Reader, fold *projections.TopFold, o projections.TopOptions, interval time.Duration) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	g := a.ViewGit()
	for {
		o.Now = a.now()
		if err := fold.CatchUp(ctx, r, o.Now); err != nil {
			return err
		}
		commits, note := projections.RecentCommits(ctx, g, o.Now, o.CommitWindow)
		var notes []string
		if note != "" {
			notes = append(notes, note)
		}
		var buf frameBuffer
		viewtext.Top(ui.Out{W: &buf, Color: a.Out().Color}, fold.Frame(o, commits, notes...))
		fmt.Fprint(a.stdout, "\x1b[H\x1b[2J"+buf.crlf()+"\r\nread-only · q quits · refreshes every "+interval.String())
		select {
		case <-ctx.Done():
			return nil
		case k, ok := <-keys:
			if !ok || k == 'q' || k == 'Q' || k == 3 { // 3 is Ctrl-C in raw mode
				fmt.Fprint(a.stdout, "\r\n")
				return nil
			}
		case <-tick.C:
		}
		if r == nil { // the journal may have been created since
			if j, err := journal.Open(o.Journal); err == nil {
				r = j
			}
		}
	}
}

// frameBuffer collects one frame so it is drawn in one write.
type frameBuffer struct{ b []byte }

func (f *frameBuffer) Write(p []byte) (int, error) { f.b = append(f.b, p...); return len(p), nil }

// crlf turns the frame's newlines into CR LF, which a raw terminal needs.
func (f *frameBuffer) crlf() string {
	out := make([]byte, 0, len(f.b)+64)
	for _, c := range f.b {
		if c == '\n' {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return string(out)
}
