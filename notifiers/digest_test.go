package notifiers

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/projections"
)

// decision is a queue row built from values, for the pure builder's tests.
func decision(id string, resolver projections.Resolver, title, reason string) projections.Decision {
	return projections.Decision{ID: id, Revision: "00000000000000" + id[len(id)-2:], Kind: projections.DecisionLaneRefused,
		Resolver: resolver, Urgency: projections.UrgencyMedium, Title: title, Reason: reason, RunID: runB, Lane: "api",
		Created: t0.Add(-2 * time.Hour), AgeSeconds: 7200, Command: "dos trace " + runA}
}

func items(n int) []Item {
	var out []Item
	for i := range n {
		r := projections.Resolvers()[i%3]
		out = append(out, Item{Decision: decision(fmt.Sprintf("d-0000000000%02d", i), r, fmt.Sprintf("decision %d", i), "why"), Change: ChangeNew})
	}
	return out
}

func TestBuildDecisions_CapsAndCountsTheRest(t *testing.T) {
	for _, c := range []struct {
		name            string
		pending, max    int
		shown, more     int
		header, moreLin string
	}{
		{"under the cap shows all", 3, 10, 3, 0, "3 decisions need someone: 1 ORACLE, 1 JUDGE, 1 HUMAN", ""},
		{"one decision reads singular", 1, 10, 1, 0, "1 decision needs someone: 1 ORACLE", ""},
		{"exactly the cap has no more line", 10, 10, 10, 0, "10 decisions need someone: 4 ORACLE, 3 JUDGE, 3 HUMAN", ""},
		{"over the cap counts the rest", 25, 10, 10, 15, "25 decisions need someone: 9 ORACLE, 8 JUDGE, 8 HUMAN",
			"and 15 more: run `dos decisions` to see them all"},
		{"zero max means the default", 12, 0, DefaultMax, 2, "12 decisions need someone: 4 ORACLE, 4 JUDGE, 4 HUMAN",
			"and 2 more: run `dos decisions` to see them all"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := BuildDecisions(items(c.pending), nil, nil, DigestOptions{Max: c.max, SentAt: t0})
			if len(m.Items) != c.shown || m.More != c.more || m.Header() != c.header || m.MoreLine() != c.moreLin {
				t.Fatalf("shown %d more %d header %q more line %q", len(m.Items), m.More, m.Header(), m.MoreLine())
			}
			if m.Items[0].ID != "d-000000000000" {
				t.Fatalf("first item %s: queue order not kept", m.Items[0].ID)
			}
		})
	}
}

func TestBuildDecisions_ResolvedOnlyHeader(t *testing.T) {
	m := BuildDecisions(nil, []Resolved{{ID: "d-aaaaaaaaaaaa", Kind: "halt-proposed", RunID: runD}}, nil, DigestOptions{SentAt: t0})
	if m.Header() != "1 decision resolved" {
		t.Fatalf("header %q", m.Header())
	}
	m = BuildDecisions(items(2), []Resolved{{ID: "d-a"}, {ID: "d-b"}}, nil, DigestOptions{SentAt: t0})
	if m.Header() != "2 decisions need someone: 1 ORACLE, 1 JUDGE; 2 decisions resolved" {
		t.Fatalf("header %q", m.Header())
	}
}

func TestBuildDecisions_EventIDIsStableAndContentBound(t *testing.T) {
	o := DigestOptions{GroupKey: "decisions/0123456789ab", SentAt: t0}
	a, b := BuildDecisions(items(3), nil, nil, o), BuildDecisions(items(3), nil, nil, o)
	if a.EventID != b.EventID || !strings.HasPrefix(a.EventID, "ev-") || len(a.EventID) != 23 {
		t.Fatalf("event ids %q %q", a.EventID, b.EventID)
	}
	if c := BuildDecisions(items(2), nil, nil, o); c.EventID == a.EventID {
		t.Fatal("different content, same event id")
	}
}

func TestFingerprint_IgnoresCountersButNotMeaning(t *testing.T) {
	base := decision("d-000000000001", projections.ResolverJudge, "run …C01 is SPINNING", "heard 9 records (7 heartbeats) but nothing landed for 40m0s")
	fp := Fingerprint(base)
	same := func(f func(*projections.Decision)) bool { d := base; f(&d); return Fingerprint(d) == fp }
	for _, c := range []struct {
		name string
		edit func(*projections.Decision)
		same bool
	}{
		{"new revision alone", func(d *projections.Decision) { d.Revision = "ffffffffffffffff"; d.Records = 9 }, true},
		{"counters in the reason", func(d *projections.Decision) {
			d.Reason = "heard 19 records (17 heartbeats) but nothing landed for 55m0s"
		}, true},
		{"a counted suffix appears", func(d *projections.Decision) { d.Reason = base.Reason + " (refused 3 times)" }, true},
		{"resolver escalates", func(d *projections.Decision) { d.Resolver = projections.ResolverHuman }, false},
		{"urgency rises", func(d *projections.Decision) { d.Urgency = projections.UrgencyHigh }, false},
		{"command names another holder", func(d *projections.Decision) { d.Command = "dos trace " + runE }, false},
		{"wording of the reason", func(d *projections.Decision) { d.Reason = "nothing heard for 40m0s" }, false},
		{"parenthesis without numbers is meaning", func(d *projections.Decision) { d.Reason = base.Reason + " (paths api/)" }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := same(c.edit); got != c.same {
				t.Fatalf("same fingerprint = %v, want %v", got, c.same)
			}
		})
	}
}

func TestShape(t *testing.T) {
	for in, want := range map[string]string{
		"path-overlap: run …00000A01 holds lane api (paths api/) until 2026-11-20T09:50:03Z (refused 3 times)": "path-overlap: run …#A# holds lane api (paths api/) until #-#-#T#:#:#Z",
		"reason spinning (proposed 2 times)": "reason spinning",
		"(1) (2)":                            "",
		"no digits (here)":                   "no digits (here)",
	} {
		if got := shape(in); got != want {
			t.Errorf("shape(%q) = %q, want %q", in, got, want)
		}
	}
}

// frame is a top frame built from values (the top fold is not ours).
func frame() *projections.Frame {
	return &projections.Frame{V: 1, GeneratedAt: t0,
		Runs: []projections.TopRun{
			{RunID: runA, Name: "auth-refactor", Host: "build-7", Liveness: projections.LiveAdvancing, Started: t0.Add(-time.Hour), LastSeen: t0.Add(-time.Minute), Records: 12, Lanes: []string{"api"}},
			{RunID: runB, Name: "<!here>", Host: "build-7", Liveness: projections.LiveSpinning, Started: t0.Add(-2 * time.Hour), LastSeen: t0.Add(-40 * time.Minute), Records: 9},
		},
		Lanes:  []projections.TopLane{{Lane: "api", RunID: runA, Paths: []string{"api/"}, ExpiresInSeconds: 1800, Liveness: projections.LiveAdvancing}},
		Counts: projections.TopCounts{RunsOpen: 2, Advancing: 1, Spinning: 1, LanesHeld: 1}}
}

func TestBuildTop_FingerprintIgnoresAgesOnly(t *testing.T) {
	f := frame()
	m := BuildTop(f, DigestOptions{SentAt: t0})
	if m.Header() != "2 runs open (1 advancing, 1 spinning), 1 lane held" {
		t.Fatalf("header %q", m.Header())
	}
	older := frame()
	older.Runs[0].LastSeen, older.Runs[0].Records, older.Lanes[0].ExpiresInSeconds = t0, 40, 60
	if TopFingerprint(older) != m.Top.Fingerprint {
		t.Fatal("a frame that only aged has a new fingerprint")
	}
	changed := frame()
	changed.Runs[1].Liveness = projections.LiveStalled
	if TopFingerprint(changed) == m.Top.Fingerprint {
		t.Fatal("a liveness change kept the fingerprint")
	}
	capped := BuildTop(f, DigestOptions{Max: 1, SentAt: t0})
	if len(capped.Top.Runs) != 1 || capped.Top.RunsMore != 1 || capped.MoreLine() != "and 1 run more: run `dos top` to see them all" {
		t.Fatalf("capped: %+v %q", capped.Top, capped.MoreLine())
	}
}

// injection is a decision whose every agent-influenced string tries to
// ping, link or smuggle an entity.
func injection() Message {
	d := projections.Decision{ID: "d-1a2b3c4d5e6f", Revision: "0123456789abcdef", Kind: projections.DecisionLaneRefused,
		Resolver: projections.ResolverHuman, Urgency: projections.UrgencyMedium,
		Title:  "lane <!channel> refused to run …B01",
		Reason: "path-overlap: run …A01 holds lane <!channel> (paths <@U123>,<https://evil|click>,&amp;) until 2026-11-20T10:00:00Z",
		RunID:  runB, Lane: "<!channel>", Created: t0.Add(-5 * time.Minute), AgeSeconds: 300, Command: "dos trace `<!everyone>`"}
	return BuildDecisions([]Item{{Decision: d, Change: ChangeNew}}, []Resolved{{ID: "d-aaaaaaaaaaaa", Kind: "halt-proposed", RunID: runD}},
		map[projections.Resolver]int{projections.ResolverHuman: 3}, DigestOptions{GroupKey: "decisions/0123456789ab", SentAt: t0})
}

func TestSlackMessage_InjectionIsInert(t *testing.T) {
	blocks, fallback := SlackMessage(injection())
	raw, err := indentJSON(map[string]any{"text": fallback, "blocks": blocks})
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal writes < > & as \u003c \u003e \u0026; what Slack
	// decodes is what matters, so check the decoded strings.
	var all []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			all = append(all, x)
		}
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc)
	text := strings.Join(all, "\n")
	for _, bad := range []string{"<!channel>", "<@U123>", "<https://evil|click>", "<!everyone>", "<!here>", "&amp;)"} {
		if strings.Contains(text, bad) {
			t.Errorf("posted text contains %q raw", bad)
		}
	}
	for _, inert := range []string{"&lt;!channel&gt;", "&lt;@U123&gt;", "&lt;https://evil|click&gt;", "&amp;amp;"} {
		if !strings.Contains(text, inert) {
			t.Errorf("posted text lacks the escaped %q", inert)
		}
	}
	if strings.Contains(text, "`<") || strings.Count(itemMrkdwn(injection().Items[0]), "`")%2 != 0 {
		t.Error("a backtick in agent text closed a code span")
	}
	golden(t, "slack-injection.json", string(raw)+"\n")
}

func TestEscapeSlack(t *testing.T) {
	for in, want := range map[string]string{
		"<!channel>":           "&lt;!channel&gt;",
		"<@U123>":              "&lt;@U123&gt;",
		"<https://evil|click>": "&lt;https://evil|click&gt;",
		"&amp;":                "&amp;amp;",
		"a & b":                "a &amp; b",
		"plain":                "plain",
	} {
		if got := EscapeSlack(in); got != want {
			t.Errorf("EscapeSlack(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText_IsOneLinePerFieldWhateverTheAgentWrote(t *testing.T) {
	m := injection()
	m.Items[0].Title = "two\nlines\r\nand\ttabs"
	txt := m.Text()
	if !strings.Contains(txt, "- [HUMAN · medium · new] two lines and tabs\n") {
		t.Fatalf("title not collapsed to one line:\n%s", txt)
	}
	golden(t, "text-injection.txt", injection().Text())
}

func TestWebhookPayload_Golden(t *testing.T) {
	b, err := indentJSON(WebhookPayload(injection()))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "webhook-payload.json", string(b)+"\n")
	tb, err := indentJSON(WebhookPayload(BuildTop(frame(), DigestOptions{GroupKey: "top/0123456789ab", SentAt: t0})))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "webhook-payload-top.json", string(tb)+"\n")
}

func TestEsc_BoundsTheEscapedLength(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"plain", 10, "plain"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven runes", 10, "eleven ru…"},
		{"a&b", 10, "a&amp;b"},
		{"&&&&", 10, "&amp;…"}, // never half an entity
		{"<!channel>", 12, "&lt;!channe…"},
		{"two\nlines", 20, "two lines"},
	} {
		got := esc(c.in, c.n)
		if got != c.want || len([]rune(got)) > c.n {
			t.Errorf("esc(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	long := strings.Repeat("&", 5000)
	it := Item{Decision: decision("d-000000000001", projections.ResolverHuman, long, long), Change: ChangeNew}
	it.Command, it.Lane, it.RunID = long, long, long
	if n := len([]rune(itemMrkdwn(it))); n > 3000 {
		t.Fatalf("a section of agent-chosen '&' is %d characters, over Slack's 3000", n)
	}
}

func TestSlackMessage_FallbackIsBounded(t *testing.T) {
	var big []Item
	for i := range 20 {
		d := decision(fmt.Sprintf("d-0000000000%02d", i), projections.ResolverHuman, strings.Repeat("<", 200), strings.Repeat("&", 500))
		big = append(big, Item{Decision: d, Change: ChangeNew})
	}
	_, fb := SlackMessage(BuildDecisions(big, nil, nil, DigestOptions{Max: 20, SentAt: t0}))
	if n := len([]rune(fb)); n > slackFallbackMax+40 || !strings.Contains(fb, "more lines)") {
		t.Fatalf("fallback is %d characters:\n%.300s", n, fb)
	}
}
