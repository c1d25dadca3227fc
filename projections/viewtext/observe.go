package viewtext

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
)

// Observe writes an observation: a rollup table, or records one per line.
func Observe(o ui.Out, obs *projections.Observation) {
	o.Printf("%s\n", observeTitle(obs))
	if obs.Mode != projections.ModeRollup {
		if len(obs.Records) == 0 {
			o.Printf("no records match\n")
		} else {
			Header(o.W)
			for _, r := range obs.Records {
				Line(o, r)
			}
			if obs.Mode == projections.ModeTail && obs.Matched > int64(len(obs.Records)) {
				o.Printf("(the last %d of %d matching records)\n", len(obs.Records), obs.Matched)
			}
		}
		Scanned(o, obs.Scanned)
		return
	}
	if len(obs.Rows) == 0 {
		o.Printf("no records match\n")
		Scanned(o, obs.Scanned)
		return
	}
	var g ui.Grid // pads by display width: painted verdicts stay aligned
	g.Row(strings.ToUpper(obs.By), "COUNT", "SHARE", "SEQ", "LAST SEEN", strings.ToUpper(obs.BreakdownBy)+"S")
	for _, r := range obs.Rows {
		key := none(r.Key)
		if obs.By == "verdict" {
			key = o.Paint(VerdictColor(r.Key), key)
		}
		g.Row(key, fmt.Sprint(r.Count), pct(r.Count, obs.Matched), fmt.Sprintf("%d..%d", r.FirstSeq, r.LastSeq), ts(r.LastTS), joinCounts(r.Breakdown, 4))
	}
	g.Write(o.W, 0)
	Scanned(o, obs.Scanned)
}

func observeTitle(obs *projections.Observation) string {
	var b strings.Builder
	switch obs.Mode {
	case projections.ModeRollup:
		fmt.Fprintf(&b, "%d %s by %s", obs.Matched, plural(obs.Matched, "record", "records"), obs.By)
	case projections.ModeHistory:
		fmt.Fprintf(&b, "run %s: %d %s", ui.Safe(obs.Filters.RunID), obs.Matched, plural(obs.Matched, "record", "records"))
	case projections.ModeTail:
		fmt.Fprintf(&b, "last %d of %d matching %s", len(obs.Records), obs.Matched, plural(obs.Matched, "record", "records"))
	}
	f := obs.Filters
	for _, kv := range [][2]string{{"syscall", f.Syscall}, {"verdict", f.Verdict}, {"lane", f.Lane}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " · %s=%s", kv[0], ui.Safe(kv[1]))
		}
	}
	if obs.Mode != projections.ModeHistory && f.RunID != "" {
		fmt.Fprintf(&b, " · run=%s", ui.Safe(f.RunID))
	}
	if !obs.Window.Since.IsZero() || !obs.Window.Until.IsZero() {
		fmt.Fprintf(&b, " · window %s → %s", obs.Window.Since, obs.Window.Until)
	}
	if obs.Scanned.Records > 0 {
		fmt.Fprintf(&b, " · read seq %d..%d", obs.Scanned.FirstSeq, obs.Scanned.LastSeq)
	}
	return b.String()
}
