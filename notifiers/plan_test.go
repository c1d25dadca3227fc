package notifiers

import (
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
)

func TestPlanDecisions(t *testing.T) {
	human := decision("d-00000000000a", projections.ResolverHuman, "lane api refused", "held")
	judge := decision("d-00000000000b", projections.ResolverJudge, "run is SPINNING", "heard 3")
	told := func(d projections.Decision, at time.Time) Sent {
		return Sent{Revision: d.Revision, Fingerprint: Fingerprint(d), Kind: d.Kind, RunID: d.RunID, Created: d.Created, At: at}
	}
	gone := Sent{Kind: "halt-proposed", RunID: runD, Created: t0.Add(-time.Hour), At: t0.Add(-time.Hour)}
	aged := Sent{Kind: "run-stalled", RunID: runC, Created: t0.Add(-8 * 24 * time.Hour), At: t0.Add(-time.Hour)}
	escalated := judge
	escalated.Resolver = projections.ResolverHuman
	for _, c := range []struct {
		name  string
		sent  map[string]Sent
		queue []projections.Decision
		o     PlanOptions
		want  string // id:change … resolved:id …
		quiet int
	}{
		{"untold is new", nil, []projections.Decision{human, judge}, PlanOptions{Now: t0}, "d-00000000000a:new d-00000000000b:new", 0},
		{"told and unchanged is quiet", map[string]Sent{human.ID: told(human, t0.Add(-time.Hour))},
			[]projections.Decision{human}, PlanOptions{Now: t0}, "", 1},
		{"told exactly one interval ago is due", map[string]Sent{human.ID: told(human, t0.Add(-4*time.Hour))},
			[]projections.Decision{human}, PlanOptions{Now: t0}, "d-00000000000a:reminder", 0},
		{"a shorter repeat interval", map[string]Sent{human.ID: told(human, t0.Add(-time.Hour))},
			[]projections.Decision{human}, PlanOptions{Now: t0, Repeat: 30 * time.Minute}, "d-00000000000a:reminder", 0},
		{"escalated is changed", map[string]Sent{judge.ID: told(judge, t0.Add(-time.Minute))},
			[]projections.Decision{escalated}, PlanOptions{Now: t0}, "d-00000000000b:changed", 0},
		{"gone from the queue is resolved", map[string]Sent{"d-00000000000c": gone},
			nil, PlanOptions{Now: t0, WindowStart: t0.Add(-7 * 24 * time.Hour)}, "resolved:d-00000000000c", 0},
		{"aged out of the window is not resolved", map[string]Sent{"d-00000000000d": aged},
			nil, PlanOptions{Now: t0, WindowStart: t0.Add(-7 * 24 * time.Hour)}, "", 0},
		{"with --all nothing ages out", map[string]Sent{"d-00000000000d": aged},
			nil, PlanOptions{Now: t0}, "resolved:d-00000000000d", 0},
		{"resolver filter: others are neither sent nor resolved", map[string]Sent{judge.ID: told(judge, t0.Add(-5*time.Hour))},
			[]projections.Decision{human, judge}, PlanOptions{Now: t0, Resolver: projections.ResolverHuman}, "d-00000000000a:new", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewMemory("null:default")
			for id, s := range c.sent {
				m.Sent[id] = s
			}
			p := PlanDecisions(m, &projections.DecisionQueue{Decisions: c.queue}, c.o)
			var got []string
			for _, it := range p.Pending {
				got = append(got, it.ID+":"+it.Change)
			}
			for _, r := range p.Resolved {
				got = append(got, "resolved:"+r.ID)
			}
			if strings.Join(got, " ") != c.want || p.Quiet != c.quiet {
				t.Fatalf("plan %q quiet %d, want %q quiet %d", strings.Join(got, " "), p.Quiet, c.want, c.quiet)
			}
		})
	}
}

func TestMemory_FoldsOnlyItsChannelAndSkipsUnreadableDetail(t *testing.T) {
	rec := func(channel, syscall string, d any) *journal.Record {
		return &journal.Record{Kind: journal.KindNotify, Syscall: syscall, Subject: channel, TS: t0, Detail: journal.MustDetail(d)}
	}
	m := NewMemory("slack:#ops")
	m.Add(rec("slack:#ops", SysNotifyDecisions, Detail{Channel: "slack:#ops", Delivered: []DeliveredRef{{ID: "d-1"}, {ID: "d-2"}}}))
	m.Add(rec("slack:#other", SysNotifyDecisions, Detail{Channel: "slack:#other", Delivered: []DeliveredRef{{ID: "d-3"}}}))
	m.Add(rec("slack:#ops", SysNotifyDecisions, Detail{Channel: "slack:#ops", Resolved: []string{"d-1"}}))
	m.Add(rec("slack:#ops", SysNotifyTop, Detail{Channel: "slack:#ops", Fingerprint: "ff", TS: "1.1", SlackChannel: "C1"}))
	m.Add(&journal.Record{Kind: journal.KindNotify, Syscall: SysNotifyDecisions, Subject: "slack:#ops", Detail: `{"delivered":"nope"}`})
	m.Add(&journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Subject: "slack:#ops"})
	if len(m.Sent) != 1 || m.Sent["d-2"].At != t0 || m.Top.TS != "1.1" || m.Records != 3 || m.Unreadable != 1 {
		t.Fatalf("memory: %+v", m)
	}
}
