package viewtext

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// LaneBoard writes every declared lane with FREE or HELD, its kind, its
// tree and who holds it (decisions, helped); nothing without a dos.toml.
func LaneBoard(o ui.Out, board []lease.LaneState) {
	sec, ok := laneBoardSection(o, board, 0)
	if !ok {
		return
	}
	o.Printf("\n")
	for _, l := range append(sec.head, sec.rows...) {
		o.Printf("%s\n", l)
	}
}

// laneBoardSection is the lane board as a section of a screen (top keeps
// it after the held lanes and the verdicts when the height is short).
func laneBoardSection(o ui.Out, board []lease.LaneState, width int) (section, bool) {
	if len(board) == 0 {
		return section{}, false
	}
	declared, free := 0, 0
	for _, l := range board {
		if l.Declared {
			declared++
		}
		if l.State == vocab.LaneFree {
			free++
		}
	}
	sec := section{name: "LANE BOARD", prio: 6,
		head: []string{fmt.Sprintf("%s  %d declared · %d free", o.Paint(ui.Bold, "LANE BOARD"), declared, free)},
		more: func(n int) string { return fmt.Sprintf("  … and %d more %s", n, plural(int64(n), "lane", "lanes")) }}
	var g ui.Grid
	g.Row("  LANE", "STATE", "KIND", "TREE", "HELD BY")
	for _, l := range board {
		state, holder := o.Paint(ui.Green, "FREE"), "-"
		if l.State == vocab.LaneHeld {
			state = o.Paint(ui.Yellow, "HELD")
			if l.Holder != nil {
				holder = ui.Safe(l.Holder.String())
			}
		}
		g.Row("  "+ui.Safe(l.Lane), state, l.Kind, dash(strings.Join(l.Tree, ",")), holder)
	}
	g.Shrink(3, 8, false) // TREE
	sec.table(g.Lines(width))
	return sec, true
}
