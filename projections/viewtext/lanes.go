package viewtext

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// LaneBoard writes the lane taxonomy, one lane a line, FREE or HELD (top,
// decisions, helped); nothing when no taxonomy was given.
func LaneBoard(o ui.Out, board []lease.LaneState) {
	if len(board) == 0 {
		return
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
	o.Printf("\n%s  %d declared · %d free\n", o.Paint(ui.Bold, "LANE BOARD"), declared, free)
	tw := ui.Table(o.W)
	for _, l := range board {
		state := o.Paint(ui.Green, "FREE")
		holder := "-"
		if l.State == vocab.LaneHeld {
			state = o.Paint(ui.Yellow, "HELD")
			if l.Holder != nil {
				holder = l.Holder.String()
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", l.Lane, state, l.Kind, dash(strings.Join(l.Tree, ",")), holder)
	}
	tw.Flush()
}
