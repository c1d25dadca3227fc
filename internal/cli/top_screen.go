package cli

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
)

// The interactive screen of `dos top` (screen.go has the loop).

// topTerminal runs top's refresh loop on the terminal.
func (a *App) topTerminal(ctx context.Context, stdin *os.File, r projections.Reader, fold *projections.TopFold, o projections.TopOptions, interval time.Duration) error {
	return a.onTerminal("top", stdin, func(sio screenIO) error { return a.topLoop(ctx, sio, r, fold, o, interval) })
}

// topLoop redraws a frame every interval (and on a resize), reading only
// what was appended since the last one.
func (a *App) topLoop(ctx context.Context, sio screenIO, r projections.Reader, fold *projections.TopFold, o projections.TopOptions, interval time.Duration) error {
	g := a.ViewGit()
	color := a.Out().Color
	return a.redrawLoop(ctx, sio, interval, func(s viewtext.Screen) (string, error) {
		if r == nil { // the journal may have been created since
			if j, err := journal.Open(o.Journal); err == nil {
				r = j
			}
		}
		return a.topFrame(ctx, r, fold, g, o, s, color, interval)
	})
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
