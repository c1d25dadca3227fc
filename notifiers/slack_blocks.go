package notifiers

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
	"github.com/slack-go/slack"
)

// SlackMaxItems is the largest cap a Slack message takes: with a header,
// one section per item, the lanes, the "more" line and the footer it stays
// under Block Kit's 50 blocks.
const SlackMaxItems = 20

// EscapeSlack escapes s for any Slack text field (mrkdwn or plain_text):
// the three characters Slack parses become entities, so "<!channel>",
// "<@U123>" and "<https://evil|click>" arrive as text, and an "&amp;" an
// agent wrote stays the five characters it wrote.
func EscapeSlack(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// esc makes one line of an untrusted string, escaped, at most n
// characters long counting the entities: an agent cannot grow a section
// past Slack's limits by writing "&&&&", and a cut never splits an entity.
func esc(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	used := 0
	for i, r := range s {
		piece := string(r)
		switch r {
		case '&':
			piece = "&amp;"
		case '<':
			piece = "&lt;"
		case '>':
			piece = "&gt;"
		}
		w := len([]rune(piece))
		// keep room for the ellipsis unless this is the last rune
		if used+w > n || used+w == n && i+len(string(r)) < len(s) {
			b.WriteString("…")
			break
		}
		b.WriteString(piece)
		used += w
	}
	return b.String()
}

// code puts an untrusted string in a mrkdwn code span: escaped, bounded,
// and with backticks swapped for a look-alike so it cannot close the span.
func code(s string, n int) string {
	return "`" + esc(strings.ReplaceAll(s, "`", "ˋ"), n) + "`"
}

// mrkdwn is a verbatim mrkdwn text object: Slack does not auto-link or
// auto-mention anything in it.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

// SlackMessage maps a message to Block Kit blocks and the plain-text
// fallback Slack shows in notifications. Every string that came from the
// journal is escaped; nothing is left for Slack to parse as a mention or a
// link.
func SlackMessage(m Message) (blocks []slack.Block, fallback string) {
	title := "dos: " + m.Header()
	if m.Kind == KindTop {
		title = "dos top: " + m.Header()
	}
	blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, esc(title, 150), false, false)))
	if m.Kind == KindTop && m.Top != nil {
		blocks = append(blocks, topBlocks(m)...)
	}
	for _, it := range m.Items {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(itemMrkdwn(it)), nil, nil))
	}
	if l := m.MoreLine(); l != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(EscapeSlack(l))))
	}
	if len(m.Resolved) > 0 {
		var b strings.Builder
		b.WriteString("*Resolved* (left the queue)")
		for _, r := range m.Resolved {
			fmt.Fprintf(&b, "\n• %s %s run %s", esc(r.Kind, maxToken), code(r.ID, maxToken), code(cmp.Or(r.RunID, "none"), maxToken))
		}
		if l := m.ResolvedMoreLine(); l != "" {
			b.WriteString("\n" + EscapeSlack(l))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(b.String()), nil, nil))
	}
	footer := "as of " + m.SentAt.UTC().Format("2006-01-02 15:04 UTC")
	if m.Kind == KindDecisions {
		footer = m.OpenLine()
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(EscapeSlack(footer))))
	return blocks, slackFallback(m)
}

// slackFallbackMax bounds the plain-text fallback (what notifications and
// screen readers show); Slack cuts text at 40,000 characters.
const slackFallbackMax = 3000

// slackFallback is the message as escaped plain text, whole lines up to
// slackFallbackMax characters.
func slackFallback(m Message) string {
	var b strings.Builder
	used := 0
	lines := strings.SplitAfter(m.Text(), "\n")
	for i, l := range lines {
		e := EscapeSlack(l)
		if n := len([]rune(e)); used+n > slackFallbackMax {
			rest := 0
			for _, x := range lines[i:] {
				if x != "" {
					rest++
				}
			}
			fmt.Fprintf(&b, "… (%d more lines)\n", rest)
			break
		} else {
			used += n
		}
		b.WriteString(e)
	}
	return b.String()
}

// itemMrkdwn is one decision's section: what, who and how urgent, why,
// run and lane, age, and the command that resolves it.
func itemMrkdwn(it Item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\n", esc(it.Title, maxTitle))
	fmt.Fprintf(&b, "%s · %s · %s · open %s\n", code(string(it.Resolver), maxToken), esc(string(it.Urgency), maxToken), it.Change,
		viewtext.Age(time.Duration(it.AgeSeconds)*time.Second))
	fmt.Fprintf(&b, "*why* %s\n", esc(it.Reason, maxReason))
	fmt.Fprintf(&b, "*run* %s", code(cmp.Or(it.RunID, "none"), maxToken))
	if it.Lane != "" {
		fmt.Fprintf(&b, " · *lane* %s", code(it.Lane, maxToken))
	}
	fmt.Fprintf(&b, "\n*resolve* %s", code(it.Command, maxCmd))
	return b.String()
}

// classMark is the Slack emoji of a verdict token's class (vocab.ClassOf),
// the same class that colours the terminal and sets OTLP severity.
func classMark(token string) string {
	switch vocab.ClassOf(token) {
	case vocab.ClassOK:
		return ":large_green_circle:"
	case vocab.ClassWarn:
		return ":large_yellow_circle:"
	case vocab.ClassFail:
		return ":red_circle:"
	}
	return ":white_circle:"
}

// topBlocks are the sections of a top digest: one per run, one per lane.
func topBlocks(m Message) []slack.Block {
	var out []slack.Block
	for _, r := range m.Top.Runs {
		s := fmt.Sprintf("%s %s *%s*", classMark(r.Liveness), code(r.RunID, maxToken), esc(r.Liveness, maxToken))
		if r.Name != "" {
			s += " " + esc(r.Name, maxToken)
		}
		if r.Host != "" {
			s += " on " + esc(r.Host, maxToken)
		}
		s += fmt.Sprintf(" · %s · last heard %s ago", plural(int(r.Records), "record", "records"), viewtext.Age(m.SentAt.Sub(r.LastSeen)))
		if len(r.Lanes) > 0 {
			s += " · lanes " + esc(strings.Join(r.Lanes, ", "), maxReason)
		}
		out = append(out, slack.NewSectionBlock(mrkdwn(s), nil, nil))
	}
	for _, l := range m.Top.Lanes {
		s := fmt.Sprintf("%s lane %s held by %s (%s) · %s · expires in %s", classMark(l.Liveness), code(l.Lane, maxToken), code(l.RunID, maxToken),
			esc(strings.Join(l.Paths, ", "), maxReason), esc(l.Liveness, maxToken), viewtext.Age(time.Duration(l.ExpiresInSeconds)*time.Second))
		out = append(out, slack.NewSectionBlock(mrkdwn(s), nil, nil))
	}
	return out
}
