package notifiers

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
)

// Lengths agent-influenced strings are cut to (in runes) before any
// driver formats them, so no record can blow a message past its limits.
const (
	maxTitle  = 150
	maxReason = 400
	maxToken  = 80
	maxCmd    = 300
)

// clean makes one line of at most n runes of an untrusted string.
func clean(s string, n int) string { return ui.Trunc(ui.OneLine(s), n) }

// Header is the message's one-line summary: how many decisions need
// someone, by resolver, and how many were resolved; or what is running.
func (m Message) Header() string {
	if m.Kind == KindTop && m.Top != nil {
		c := m.Top.Counts
		s := fmt.Sprintf("%s open", plural(c.RunsOpen, "run", "runs"))
		var parts []string
		for _, p := range []struct {
			n    int
			what string
		}{{c.Advancing, "advancing"}, {c.Spinning, "spinning"}, {c.Stalled, "stalled"}, {c.Unknown, "unknown"}} {
			if p.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
			}
		}
		if len(parts) > 0 {
			s += " (" + strings.Join(parts, ", ") + ")"
		}
		return s + fmt.Sprintf(", %s held", plural(c.LanesHeld, "lane", "lanes"))
	}
	n := len(m.Items) + m.More
	var s string
	if n > 0 {
		s = fmt.Sprintf("%s %s someone", plural(n, "decision", "decisions"), pick(n == 1, "needs", "need"))
		var parts []string
		for _, r := range projections.Resolvers() {
			if c := m.Pending[r]; c > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c, r))
			}
		}
		s += ": " + strings.Join(parts, ", ")
	}
	if r := len(m.Resolved) + m.ResolvedMore; r > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s resolved", plural(r, "decision", "decisions"))
	}
	return s
}

// MoreLine is the "and N more" line, or "" when the cap left nothing out.
func (m Message) MoreLine() string {
	if m.Kind == KindTop && m.Top != nil {
		var parts []string
		if m.Top.RunsMore > 0 {
			parts = append(parts, plural(m.Top.RunsMore, "run", "runs"))
		}
		if m.Top.LanesMore > 0 {
			parts = append(parts, plural(m.Top.LanesMore, "lane", "lanes"))
		}
		if len(parts) == 0 {
			return ""
		}
		return "and " + strings.Join(parts, " and ") + " more: run `dos top` to see them all"
	}
	if m.More == 0 {
		return ""
	}
	return fmt.Sprintf("and %d more: run `dos decisions` to see them all", m.More)
}

// ResolvedMoreLine counts resolved decisions the cap left out.
func (m Message) ResolvedMoreLine() string {
	if m.ResolvedMore == 0 {
		return ""
	}
	return fmt.Sprintf("and %d more resolved", m.ResolvedMore)
}

// OpenLine says how big the whole queue is.
func (m Message) OpenLine() string {
	total := 0
	for _, c := range m.Open {
		total += c
	}
	return fmt.Sprintf("%d open in the queue · as of %s", total, m.SentAt.UTC().Format("2006-01-02 15:04 UTC"))
}

// Line helpers shared by the text and Slack renderings. Each returns the
// pieces of one decision with untrusted strings cleaned but not escaped.

// itemTag is "HUMAN · high · new".
func itemTag(it Item) string {
	return fmt.Sprintf("%s · %s · %s", clean(string(it.Resolver), maxToken), clean(string(it.Urgency), maxToken), it.Change)
}

// Text renders the message as plain text: the fallback of Slack messages,
// the null driver's output and dry runs. Nothing in it is escaped.
func (m Message) Text() string {
	var b strings.Builder
	b.WriteString("dos: " + m.Header() + "\n")
	if m.Kind == KindTop && m.Top != nil {
		for _, r := range m.Top.Runs {
			fmt.Fprintf(&b, "- run %s%s: %s, %s, last heard %s ago\n", clean(r.RunID, maxToken), nameOf(r.Name),
				clean(r.Liveness, maxToken), plural(int(r.Records), "record", "records"), viewtext.Age(m.SentAt.Sub(r.LastSeen)))
		}
		for _, l := range m.Top.Lanes {
			fmt.Fprintf(&b, "- lane %s held by %s (%s), expires in %s\n", clean(l.Lane, maxToken), clean(l.RunID, maxToken),
				clean(strings.Join(l.Paths, ","), maxReason), viewtext.Age(time.Duration(l.ExpiresInSeconds)*time.Second))
		}
	}
	for _, it := range m.Items {
		fmt.Fprintf(&b, "- [%s] %s\n", itemTag(it), clean(it.Title, maxTitle))
		fmt.Fprintf(&b, "  why: %s\n", clean(it.Reason, maxReason))
		fmt.Fprintf(&b, "  run %s%s · open %s\n", cmp.Or(clean(it.RunID, maxToken), "(none)"), laneOf(it.Lane), viewtext.Age(time.Duration(it.AgeSeconds)*time.Second))
		fmt.Fprintf(&b, "  resolve: %s\n", clean(it.Command, maxCmd))
	}
	if l := m.MoreLine(); l != "" {
		b.WriteString(l + "\n")
	}
	for _, r := range m.Resolved {
		fmt.Fprintf(&b, "- resolved: %s %s (run %s)\n", clean(r.Kind, maxToken), clean(r.ID, maxToken), cmp.Or(clean(r.RunID, maxToken), "none"))
	}
	if l := m.ResolvedMoreLine(); l != "" {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func nameOf(name string) string {
	if name == "" {
		return ""
	}
	return " (" + clean(name, maxToken) + ")"
}

func laneOf(lane string) string {
	if lane == "" {
		return ""
	}
	return " · lane " + clean(lane, maxToken)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// indentJSON renders v for people: indented, with < > & left readable.
func indentJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
