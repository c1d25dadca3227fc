package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"golang.org/x/term"
)

// The interactive screen of `dos top`: raw mode, keys, resizes and the
// refresh loop around one frame function the tests drive directly.

// topTerminal puts the terminal in raw mode (restored on the way out),
// reads keys from it and runs the refresh loop at the terminal's size,
// redrawing at once when the window is resized.
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
	resize, stop := notifyResize()
	defer stop()
	fmt.Fprint(a.stdout, "\x1b[?25l")       // hide the cursor while frames are drawn
	defer fmt.Fprint(a.stdout, "\x1b[?25h") // and give it back
	return a.topLoop(ctx, topIO{keys: keys, resize: resize, size: func() viewtext.Screen { return terminalSize(a.stdout) }}, r, fold, o, interval)
}

// topIO is what the refresh loop reads besides the journal: keys, resize
// events and the screen size (a terminal, or a test's fixed one).
type topIO struct {
	keys   <-chan byte
	resize <-chan os.Signal // nil: never resized
	size   func() viewtext.Screen
}

// topLoop redraws a frame every interval (and on a resize), reading only
// what was appended since the last one, until q, Ctrl-C (3 in raw mode),
// the keys closing or the context ending.
func (a *App) topLoop(ctx context.Context, tio topIO, r projections.Reader, fold *projections.TopFold, o projections.TopOptions, interval time.Duration) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	g := a.ViewGit()
	color := a.Out().Color
	for {
		frame, err := a.topFrame(ctx, r, fold, g, o, tio.size(), color, interval)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, "\x1b[H\x1b[2J"+crlf(frame))
		select {
		case <-ctx.Done():
			return nil
		case k, ok := <-tio.keys:
			if !ok || k == 'q' || k == 'Q' || k == 3 { // 3 is Ctrl-C in raw mode
				fmt.Fprint(a.stdout, "\r\n")
				return nil
			}
		case <-tio.resize:
		case <-tick.C:
		}
		if r == nil { // the journal may have been created since
			if j, err := journal.Open(o.Journal); err == nil {
				r = j
			}
		}
	}
}

// topFrame is one refresh of the screen: the records appended since the
// last one folded in, the frame at now (projections' Snapshot, as --once
// takes it) fitted to s, and the status line under it.
func (a *App) topFrame(ctx context.Context, r projections.Reader, fold *projections.TopFold, g projections.Git, o projections.TopOptions, s viewtext.Screen, color bool, interval time.Duration) (string, error) {
	o.Now = a.now()
	if err := fold.CatchUp(ctx, r, o.Now); err != nil {
		return "", err
	}
	fs := s
	if s.Height > 0 {
		fs.Height = max(s.Height-1, 2) // the status line's
	}
	var b strings.Builder
	out := ui.Out{W: &b, Color: color}
	hidden := viewtext.TopFit(out, fold.Snapshot(ctx, g, o), fs)
	status := "q quits · read-only · refreshes every " + interval.String()
	if len(hidden) > 0 {
		status = "q quits · no room for " + strings.Join(hidden, ", ") + " · refreshes every " + interval.String()
	}
	if s.Width > 0 {
		status = ui.Fit(status, s.Width)
	}
	return b.String() + out.Paint(ui.Dim, status), nil
}

// terminalSize is w's size when it is a terminal, else unbounded.
func terminalSize(w io.Writer) viewtext.Screen {
	if f, ok := w.(*os.File); ok {
		if cols, rows, err := term.GetSize(int(f.Fd())); err == nil {
			return viewtext.Screen{Width: cols, Height: rows}
		}
	}
	return viewtext.Screen{}
}

// crlf turns a frame's newlines into CR LF, which a raw terminal needs.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
