package viewtext

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// chipColor colours a liveness chip (ADVANCING, SPINNING, STALLED) by its
// class; any other chip (ENDED, …) is dim.
func chipColor(c string) string { return VerdictColor(c) }

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return Age(now.Sub(t)) + " ago"
}

// Top writes one frame of `dos top` at its full size (--once to a pipe).
func Top(o ui.Out, f *projections.Frame) { TopFit(o, f, Screen{}) }

// TopFit writes one frame of `dos top` fitted to s and returns the names
// of the sections left out for want of height (the screen says so in its
// status line). Every line is cut to the width with "…" after the wide
// columns (names, hosts, run ids, paths) have narrowed; when the height is
// short, the sections keep a row each in priority order (runs, bad journal
// lines, lanes, verdicts, commits, notes), then grow in that order, and a
// section cut short ends with "… and N more".
func TopFit(o ui.Out, f *projections.Frame, s Screen) (hidden []string) {
	secs := topSections(o, f, s.Width)
	lines, hidden := layout(topTitle(o, f, s.Width), secs, s.Height)
	for _, l := range lines {
		if s.Width > 0 {
			l = ui.Fit(l, s.Width)
		}
		o.Printf("%s\n", l)
	}
	return hidden
}

// topTitle is the first line; the workspace path gives way first.
func topTitle(o ui.Out, f *projections.Frame, width int) string {
	rest := fmt.Sprintf(" · %s · seq %d", ts(f.GeneratedAt), f.LastSeq)
	ws := dash(f.Workspace)
	if width > 0 {
		ws = ui.FitLeft(ws, max(12, width-ui.Width("dos top · ")-ui.Width(rest)))
	}
	return o.Paint(ui.Bold, "dos top") + " · " + ws + rest
}

func topSections(o ui.Out, f *projections.Frame, width int) []section {
	now, c := f.GeneratedAt, f.Counts
	runs := section{name: "RUNS", prio: 1, extra: c.RunsHidden,
		head: []string{fmt.Sprintf("%s  %d open · %d advancing · %d spinning · %d stalled", o.Paint(ui.Bold, "RUNS"), c.RunsOpen, c.Advancing, c.Spinning, c.Stalled)},
		more: func(n int) string {
			return fmt.Sprintf("  … and %d more open %s heard from less recently", n, plural(int64(n), "run", "runs"))
		}}
	if len(f.Runs) == 0 {
		runs.rows = []string{"  no run is open"}
	} else {
		var g ui.Grid
		g.Row("  CHIP", "RUN", "NAME", "HOST", "STARTED", "LAST SEEN", "RECORDS", "LANES")
		for _, r := range f.Runs {
			g.Row("  "+o.Paint(chipColor(r.Liveness), r.Liveness), ui.Safe(r.RunID), dash(ui.OneLine(r.Name)), dash(r.Host),
				ago(now, r.Started), ago(now, r.LastSeen), fmt.Sprint(r.Records), dash(strings.Join(r.Lanes, ",")))
		}
		g.Shrink(2, 6, false) // NAME
		g.Shrink(3, 6, false) // HOST
		g.Shrink(7, 6, false) // LANES
		g.Shrink(1, 10, true) // RUN: its end tells runs apart
		runs.table(g.Lines(width))
	}

	lanes := section{name: "LANES", prio: 3,
		head: []string{fmt.Sprintf("%s  %d held", o.Paint(ui.Bold, "LANES"), c.LanesHeld)},
		more: func(n int) string {
			return fmt.Sprintf("  … and %d more held %s", n, plural(int64(n), "lane", "lanes"))
		}}
	if len(f.Lanes) == 0 {
		lanes.rows = []string{"  every lane is free"}
	} else {
		var g ui.Grid
		g.Row("  LANE", "CHIP", "HELD BY", "PATHS", "EXPIRES IN")
		for _, l := range f.Lanes {
			g.Row("  "+ui.Safe(l.Lane), o.Paint(chipColor(l.Liveness), l.Liveness), dash(l.Holder),
				paths(l.Paths), Age(time.Duration(l.ExpiresInSeconds)*time.Second))
		}
		g.Shrink(3, 8, false) // PATHS
		g.Shrink(2, 14, true) // HELD BY: run …end@host:pid
		lanes.table(g.Lines(width))
	}

	verdicts := section{name: "LAST VERDICTS", prio: 4, head: []string{o.Paint(ui.Bold, "LAST VERDICTS")},
		more: func(n int) string { return fmt.Sprintf("  … and %d earlier", n) }}
	if len(f.Verdicts) == 0 {
		verdicts.rows = []string{"  no verdicts yet"}
	} else {
		var g ui.Grid
		g.Row("  SEQ", "AGE", "SYSCALL", "VERDICT", "RUN", "LANE", "SUBJECT")
		for _, v := range f.Verdicts {
			g.Row(fmt.Sprintf("  %d", v.Seq), ago(now, v.TS), ui.Safe(v.Syscall), verdict(o, v.Verdict), short(v.RunID), dash(v.Lane), dash(ui.OneLine(v.Subject)))
		}
		g.Shrink(5, 6, false) // LANE
		verdicts.table(g.Lines(width))
	}

	commits := section{name: "RECENT COMMITS", prio: 5, head: []string{o.Paint(ui.Bold, "RECENT COMMITS")},
		more: func(n int) string { return fmt.Sprintf("  … and %d more", n) }}
	if len(f.Commits) == 0 {
		commits.rows = []string{"  none in the commit window"}
	}
	for _, cm := range f.Commits {
		commits.rows = append(commits.rows, fmt.Sprintf("  %s  %-9s  %s", ui.Safe(cm.Short()), ago(now, cm.Time), ui.Safe(ui.Trunc(ui.OneLine(cm.Subject), 72))))
	}

	secs := []section{runs, lanes}
	if board, ok := laneBoardSection(o, f.LaneBoard, width); ok {
		secs = append(secs, board) // shown beside the held lanes, kept after the commits
	}
	secs = append(secs, verdicts, commits)
	if len(f.Notes) > 0 {
		notes := section{name: "notes", prio: 7, more: func(n int) string { return fmt.Sprintf("… and %d more %s", n, plural(int64(n), "note", "notes")) }}
		for _, n := range f.Notes {
			notes.rows = append(notes.rows, "note: "+ui.Safe(ui.OneLine(n)))
		}
		secs = append(secs, notes)
	}
	if f.Scanned.Bad() > 0 {
		var b bytes.Buffer
		Scanned(ui.Out{W: &b, Color: o.Color}, f.Scanned)
		ls := strings.Split(strings.Trim(b.String(), "\n"), "\n")
		secs = append(secs, section{name: "bad journal lines", prio: 2, head: ls[:1], rows: ls[1:],
			more: func(n int) string { return fmt.Sprintf("  … and %d more; run `dos journal verify`", n) }})
	}
	return secs
}

// paths renders a lease's paths; a lease without paths holds its lane
// alone, which an empty "()" would hide.
func paths(ps []string) string {
	if len(ps) == 0 {
		return "(no paths)"
	}
	return ui.Safe(strings.Join(ps, ","))
}
