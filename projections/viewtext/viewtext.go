// Package viewtext renders the projections as aligned text for people.
// Colour comes from ui.Out, which turns it on only for a terminal without
// NO_COLOR; the --json documents are the projections' own values.
package viewtext

import (
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// Every string a view shows that came from outside dos (a record's fields,
// a commit subject, a path) goes through ui.Safe where it enters the
// renderer; dash and none do it for the values they show.

// dash shows an empty value as "-", any other terminal-safe.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return ui.Safe(s)
}

// none shows an empty dimension value as "(none)", any other terminal-safe.
func none(s string) string {
	if s == "" {
		return "(none)"
	}
	return ui.Safe(s)
}

// ts formats a time to the second, UTC; "-" when zero.
func ts(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// Age renders a duration as the largest one or two units: 45s, 12m, 3h,
// 3h05m, 7d, 2d4h.
func Age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm", s/60)
	case s < 86400 && s%3600 < 60:
		return fmt.Sprintf("%dh", s/3600)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	case s%86400 < 3600:
		return fmt.Sprintf("%dd", s/86400)
	}
	return fmt.Sprintf("%dd%dh", s/86400, s%86400/3600)
}

// verdict paints a verdict token by its class.
func verdict(o ui.Out, v string) string {
	return o.Paint(VerdictColor(v), dash(v))
}

// pct renders n/of as a percentage with one decimal.
func pct(n, of int64) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// plural picks a noun form for n.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Scanned writes the footer every view shares: bad lines, if any, named.
func Scanned(o ui.Out, st projections.ScanStats) {
	if st.Bad() == 0 {
		return
	}
	o.Printf("\n%s %d bad %s in the journal (%d corrupt, %d from a newer dos):\n",
		o.Paint(ui.Red, "!"), st.Bad(), plural(int64(st.Bad()), "line", "lines"), st.Corrupt, st.Unsupported)
	for _, b := range st.BadLines {
		where := fmt.Sprintf("%s byte %d", ui.Safe(b.Segment), b.Offset)
		if b.AfterSeq > 0 {
			where += fmt.Sprintf(" (after seq %d)", b.AfterSeq)
		}
		o.Printf("  %s: %s\n", where, ui.Safe(ui.Trunc(ui.OneLine(b.Reason), 100)))
	}
	if n := st.Bad() - len(st.BadLines); n > 0 {
		o.Printf("  … and %d more; run `dos journal verify`\n", n)
	}
}

// joinCounts renders up to max key counts as "A 3 · B 1", then "+N more".
func joinCounts(kc []projections.KeyCount, max int) string {
	parts := make([]string, 0, min(len(kc), max)+1)
	for i, c := range kc {
		if i == max {
			parts = append(parts, fmt.Sprintf("+%d more", len(kc)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", none(c.Key), c.Count))
	}
	return strings.Join(parts, " · ")
}

// short abbreviates a run id for narrow columns.
func short(id string) string {
	if len(id) == 26 {
		return "…" + id[18:]
	}
	return dash(id)
}
