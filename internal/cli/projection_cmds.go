package cli

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/dos-go/dos/projections"
	"github.com/spf13/cobra"
)

// view makes a view command: --now, and the collector tuned for a fold.
func view(build func(*App) *cobra.Command) func(*App) *cobra.Command {
	return func(a *App) *cobra.Command {
		c := build(a)
		AddNowFlag(c, a)
		run := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			defer foldGC()()
			return run(cmd, args)
		}
		return c
	}
}

// foldGC tunes the collector for a fold and returns the restore. A fold
// allocates one short-lived record per journal line and keeps little, so
// collecting at 3× the live heap instead of 2× saves CPU; the 48 MiB soft
// limit bounds the heap of the folds that keep more (decisions keeps what
// is open) without collecting continuously, as a limit near the live heap
// would. Measured over 1,000,000 records (docs/BENCHMARKS-views.md):
// observe peaks near 30 MiB RSS, decisions --all near 60 MiB.
func foldGC() (restore func()) {
	pct := debug.SetGCPercent(200)
	lim := debug.SetMemoryLimit(48 << 20)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	}
}

// viewReader opens the journal for a view; a missing journal is a nil
// Reader, which every view folds as empty.
func (a *App) ViewReader() (projections.Reader, error) {
	j, ok, err := a.OpenJournal()
	if err != nil || !ok {
		return nil, err
	}
	return j, nil
}

// render prints a view as its JSON document or as text, then turns bad
// journal lines into exit 1 (the text already listed them).
func (a *App) render(doc any, st projections.ScanStats, text func()) error {
	if a.jsonOut {
		if err := a.PrintJSON(doc); err != nil {
			return err
		}
	} else {
		text()
	}
	if n := st.Bad(); n > 0 {
		what := "lines"
		if n == 1 {
			what = "line"
		}
		return WithCode(1, fmt.Errorf("%d bad %s in the journal; run `dos journal verify`", n, what))
	}
	return nil
}

// AddNowFlag gives a view a hidden --now (RFC 3339) so tests and
// reproductions pin the clock that ages and relative windows are read from.
func AddNowFlag(cmd *cobra.Command, a *App) {
	var now string
	cmd.Flags().StringVar(&now, "now", "", "pretend the time is this (RFC 3339), for tests and reproductions")
	_ = cmd.Flags().MarkHidden("now")
	prev := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if now != "" {
			t, err := time.Parse(time.RFC3339Nano, now)
			if err != nil {
				return UsageErrorf("--now %q: use RFC 3339, like 2026-11-20T10:00:00Z", now)
			}
			a.now = func() time.Time { return t }
		}
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}
