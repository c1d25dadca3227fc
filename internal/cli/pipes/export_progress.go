package pipes

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dos-go/dos/exporters"
)

// progressBar draws a drain's progress on a terminal's stderr, once the
// drain has run for a second, at most ten times a second.
type progressBar struct {
	w     io.Writer
	now   func() time.Time
	start time.Time
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer, now func() time.Time) *progressBar {
	return &progressBar{w: w, now: now, start: now()}
}

func (p *progressBar) update(pr exporters.Progress) {
	t := p.now()
	if t.Sub(p.start) < time.Second || t.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.drawn = t, true
	fmt.Fprint(p.w, "\r"+progressLine(pr, t.Sub(p.start), 30)+"\x1b[K")
}

// clear erases the bar so the result line starts on a clean line.
func (p *progressBar) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// progressLine renders "[=====>    ]  45% seq 450000/1000000  120000 rec/s".
func progressLine(pr exporters.Progress, elapsed time.Duration, width int) string {
	total := max(pr.Last+1, pr.From) - pr.From
	done := min(pr.Seq+1-min(pr.From, pr.Seq+1), total)
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	fill := int(frac * float64(width))
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(" ", width-fill-1)
	}
	rate := float64(pr.Exported) / max(elapsed.Seconds(), 1e-9)
	return fmt.Sprintf("[%s] %3.0f%% seq %d/%d  %.0f rec/s", bar, frac*100, pr.Seq, pr.Last, rate)
}
