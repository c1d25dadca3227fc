package viewtext

import (
	"cmp"
	"slices"
)

// Screen is the room a frame must fit in, in terminal columns and lines;
// 0 is unbounded (--once to a pipe, --json).
type Screen struct{ Width, Height int }

// section is one block of a screen: a blank line, its heading (and the
// column header of its table), then rows that may be cut short.
type section struct {
	name string // what the status line calls it when it is left out
	prio int    // 1 is kept first
	head []string
	rows []string
	// extra is how many rows were left out before layout (a bounded fold).
	extra int
	// more says that n rows are not shown.
	more func(n int) string
}

// table takes a laid-out grid: its first line joins the heading.
func (s *section) table(lines []string) {
	s.head = append(s.head, lines[0])
	s.rows = lines[1:]
}

// minLines is the fewest lines the section can show: its heading and one
// row, and the "… N more" line when there are others.
func (s *section) minLines() int {
	n := 1 + len(s.head) + min(len(s.rows), 1)
	if len(s.rows) > 1 || s.extra > 0 {
		n++
	}
	return n
}

// layout places the title and the sections in height lines (0: all of
// them), keeping sections in priority order and cutting their rows; it
// returns the lines and the names of the sections left out.
func layout(title string, secs []section, height int) ([]string, []string) {
	shown := make([]int, len(secs)) // rows shown per section; -1 left out
	var hidden []string
	if height <= 0 {
		for i := range secs {
			shown[i] = len(secs[i].rows)
		}
	} else {
		order := byPrio(secs)
		avail := height - 1
		for _, i := range order {
			if m := secs[i].minLines(); m <= avail {
				avail -= m
				shown[i] = min(len(secs[i].rows), 1)
			} else {
				shown[i] = -1
			}
		}
		for _, i := range order { // then grow each, most important first
			s := &secs[i]
			for shown[i] >= 0 && shown[i] < len(s.rows) {
				if shown[i]+1 == len(s.rows) && s.extra == 0 {
					shown[i]++ // the last row takes the "… 1 more" line's place
					continue
				}
				if avail == 0 {
					break
				}
				shown[i]++
				avail--
			}
		}
	}
	lines := []string{title}
	for i, s := range secs {
		if shown[i] < 0 {
			hidden = append(hidden, s.name)
			continue
		}
		lines = append(lines, "")
		lines = append(lines, s.head...)
		lines = append(lines, s.rows[:shown[i]]...)
		if n := len(s.rows) - shown[i] + s.extra; n > 0 {
			lines = append(lines, s.more(n))
		}
	}
	return lines, hidden
}

// byPrio lists section indexes by priority, stable.
func byPrio(secs []section) []int {
	order := make([]int, len(secs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(secs[a].prio, secs[b].prio) })
	return order
}
