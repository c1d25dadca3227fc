package ui

import (
	"io"
	"strings"
)

// Grid aligns cells in columns by display width, so coloured cells line
// up like plain ones (text/tabwriter counts the bytes of escape codes).
// Columns are separated by two spaces and the last is never padded, as
// Table lays them out. Given a width, the shrinkable columns give up
// columns (their cells cut with "…") before any line is cut at the edge.
type Grid struct {
	rows   [][]string
	shrink []shrinkCol
}

type shrinkCol struct {
	col, min int
	left     bool
}

// gap is the space between columns.
const gap = 2

// Row adds one row of cells.
func (g *Grid) Row(cells ...string) { g.rows = append(g.rows, cells) }

// Len is the number of rows added.
func (g *Grid) Len() int { return len(g.rows) }

// Shrink lets column col narrow to min columns when the grid is wider
// than its width, cutting its cells at the right (or, with left, at the
// left: the end of a run id or a path is what tells it apart). Columns
// shrink in the order Shrink was called.
func (g *Grid) Shrink(col, min int, left bool) {
	g.shrink = append(g.shrink, shrinkCol{col, min, left})
}

// widths are each column's natural width: its widest cell.
func (g *Grid) widths() []int {
	var ws []int
	for _, r := range g.rows {
		for i, c := range r {
			if i >= len(ws) {
				ws = append(ws, 0)
			}
			ws[i] = max(ws[i], Width(c))
		}
	}
	return ws
}

// Lines lays the rows out to fit width columns (0: any width).
func (g *Grid) Lines(width int) []string {
	ws := g.widths()
	total := func() int {
		t := 0
		for i, w := range ws {
			t += w
			if i < len(ws)-1 {
				t += gap
			}
		}
		return t
	}
	cut := map[int]bool{}
	if width > 0 {
		for _, s := range g.shrink {
			over := total() - width
			if over <= 0 {
				break
			}
			if s.col < len(ws) && ws[s.col] > s.min {
				ws[s.col] = max(s.min, ws[s.col]-over)
				cut[s.col] = s.left
			}
		}
	}
	out := make([]string, 0, len(g.rows))
	for _, r := range g.rows {
		var b strings.Builder
		for i, c := range r {
			if left, ok := cut[i]; ok {
				if left {
					c = FitLeft(c, ws[i])
				} else {
					c = Fit(c, ws[i])
				}
			}
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(PadRight(c, ws[i]+gap))
		}
		line := strings.TrimRight(b.String(), " ")
		if width > 0 {
			line = Fit(line, width)
		}
		out = append(out, line)
	}
	return out
}

// Write writes the lines laid out for width, each ending in '\n'.
func (g *Grid) Write(w io.Writer, width int) error {
	for _, l := range g.Lines(width) {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}
