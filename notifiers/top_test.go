package notifiers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/projections"
)

func TestRun_TopEditsItsSlackMessageInPlace(t *testing.T) {
	s := newStory(t)
	s.halt(runD, "operator") // the journal exists
	a := newSlackAPI(t)
	n := a.bot(t, &sleeps{})
	f := frame()
	top := func(at time.Duration) Result {
		t.Helper()
		res, err := Run(context.Background(), Job{Kind: KindTop, Notifier: n, Journal: s.journal(), JournalDir: s.dir,
			Writer: s.w, Now: s.at(t0.Add(at)).clock(), Frame: f})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	if r := top(time.Minute); !r.Sent || r.Edited || r.Why != ChangeNew {
		t.Fatalf("first top = %+v; want a new post", r)
	}
	if r := top(2 * time.Minute); r.Sent || r.NextDue == nil || !r.NextDue.Equal(t0.Add(4*time.Hour+time.Minute)) {
		t.Fatalf("unchanged top = %+v; want nothing, next due in 4h", r)
	}
	f.Runs[1].Liveness = projections.LiveStalled
	if r := top(3 * time.Minute); !r.Sent || !r.Edited || r.Why != ChangeChanged {
		t.Fatalf("changed top = %+v; want the message edited", r)
	}
	f.Runs = f.Runs[:1]
	a.then("/chat.update", notOK("message_not_found"))
	if r := top(4 * time.Minute); !r.Sent || r.Edited {
		t.Fatalf("top after the message was deleted = %+v; want a new post", r)
	}
	f.Counts.LanesHeld = 0
	if r := top(5 * time.Minute); !r.Sent || !r.Edited {
		t.Fatalf("top after the re-post = %+v; want the new message edited", r)
	}

	paths, forms := a.calls()
	if got := strings.Join(paths, " "); got != "/chat.postMessage /chat.update /chat.update /chat.postMessage /chat.update" {
		t.Fatalf("calls: %s", got)
	}
	first, second := forms[0], forms[3]
	if forms[1].Get("ts") != "1700000000.000001" || forms[1].Get("channel") != "C0DOS" {
		t.Fatalf("chat.update did not name the first message: %v", forms[1])
	}
	if forms[4].Get("ts") != "1700000000.000002" {
		t.Fatalf("chat.update after the re-post names %q, want the new message", forms[4].Get("ts"))
	}
	if first.Get("channel") != "#ops" || second.Get("channel") != "#ops" {
		t.Fatalf("posts went to %q and %q", first.Get("channel"), second.Get("channel"))
	}
	recs := s.notifyRecords()
	if len(recs) != 4 || recs[0].TS != "1700000000.000001" || !recs[1].Edited || recs[2].TS != "1700000000.000002" || recs[2].Edited {
		t.Fatalf("records: %+v", recs)
	}
	for _, r := range recs {
		if r.SlackChannel != "C0DOS" || r.Fingerprint == "" || r.Channel != "slack:#ops" {
			t.Fatalf("record: %+v", r)
		}
	}
}

func TestPlanTop(t *testing.T) {
	m := NewMemory("slack:#ops")
	o := PlanOptions{Now: t0, Repeat: time.Hour}
	if p := PlanTop(m, "aaaa", o); !p.Send || p.Why != ChangeNew || p.Edit != nil {
		t.Fatalf("empty memory: %+v", p)
	}
	m.Top = TopSent{Fingerprint: "aaaa", TS: "1.2", SlackChannel: "C1", At: t0.Add(-30 * time.Minute)}
	if p := PlanTop(m, "aaaa", o); p.Send || !p.NextDue.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("unchanged: %+v", p)
	}
	if p := PlanTop(m, "bbbb", o); !p.Send || p.Why != ChangeChanged || p.Edit == nil || p.Edit.TS != "1.2" {
		t.Fatalf("changed: %+v", p)
	}
	o.Now = t0.Add(30 * time.Minute)
	if p := PlanTop(m, "aaaa", o); !p.Send || p.Why != ChangeReminder {
		t.Fatalf("interval passed: %+v", p)
	}
}
