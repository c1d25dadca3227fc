package notifiers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/vocab"
)

// threeOpen writes a lane refusal (HUMAN), a SPINNING run (JUDGE) and a
// halt proposal (HUMAN) at t0.
func threeOpen(t *testing.T) *story {
	s := newStory(t)
	s.refuse(runB, "api", runA, []string{"api/"}, vocab.ReasonPathOverlap)
	s.at(t0.Add(10*time.Second)).liveness(runC, vocab.VerdictSpinning, 2400)
	s.at(t0.Add(20*time.Second)).halt(runD, "spinning")
	return s
}

func changes(p []struct{ kind, change string }) string {
	var out []string
	for _, x := range p {
		out = append(out, x.kind+":"+x.change)
	}
	return strings.Join(out, " ")
}

func TestRun_DedupAcrossConsecutiveRuns(t *testing.T) {
	s := threeOpen(t)
	rc := newReceiver(t, hookSecret, s.clock)
	n := webhookTo(t, rc, s.clock, &sleeps{})
	delivered := func() int { _, ok, _ := rc.counts(); return ok }
	last := func() []struct{ kind, change string } {
		ps := rc.payloads(t)
		var out []struct{ kind, change string }
		for _, d := range ps[len(ps)-1].Decisions {
			out = append(out, struct{ kind, change string }{d.Kind, d.Change})
		}
		return out
	}

	steps := []struct {
		name      string
		at        time.Duration
		before    func()
		delivered int    // payloads accepted so far
		want      string // kinds and changes in the newest payload
		resolved  int
	}{
		{"first run announces everything", time.Minute, nil, 1,
			"halt-proposed:new lane-refused:new run-spinning:new", 0},
		{"nothing new: nothing sent", 2 * time.Minute, nil, 1, "", 0},
		{"one changed, one only re-flagged: one sent", 4 * time.Minute, func() {
			s.at(t0.Add(3*time.Minute)).liveness(runC, vocab.VerdictSpinning, 2600)         // same page, new counters
			s.at(t0.Add(3*time.Minute)).refuse(runB, "api", runE, []string{"api/"}, "held") // a new holder
		}, 2, "lane-refused:changed", 0},
		{"repeat interval passed: the two told first are re-sent", 4*time.Hour + 2*time.Minute, nil, 3,
			"halt-proposed:reminder run-spinning:reminder", 0},
		{"resolved: one resolved message", 4*time.Hour + 3*time.Minute + 30*time.Second, func() {
			s.at(t0.Add(4*time.Hour + 3*time.Minute)).end(runD)
		}, 4, "", 1},
		{"and nothing after that", 4*time.Hour + 3*time.Minute + 45*time.Second, nil, 4, "", 0},
	}
	for i, st := range steps {
		if st.before != nil {
			st.before()
		}
		res, err := s.at(t0.Add(st.at)).run(n, 4*time.Hour)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := delivered(); got != st.delivered {
			t.Fatalf("%s: %d payloads delivered, want %d", st.name, got, st.delivered)
		}
		sent := i == 0 || steps[i-1].delivered != st.delivered
		if res.Sent != sent {
			t.Fatalf("%s: Sent = %v", st.name, res.Sent)
		}
		if !sent {
			continue
		}
		if got := changes(last()); got != st.want && !(st.want == "" && got == "") {
			t.Fatalf("%s: payload has %q, want %q", st.name, got, st.want)
		}
		if p := rc.payloads(t); len(p[len(p)-1].Resolved) != st.resolved {
			t.Fatalf("%s: %d resolved, want %d", st.name, len(p[len(p)-1].Resolved), st.resolved)
		}
	}
	recs := s.notifyRecords()
	if len(recs) != 4 {
		t.Fatalf("%d notify records, want one per delivery (4)", len(recs))
	}
	if len(recs[3].Resolved) != 1 || len(recs[3].Delivered) != 0 || recs[0].Channel != "webhook:default" || recs[0].Attempts != 1 {
		t.Fatalf("records: %+v", recs)
	}
}

func TestRun_PayloadsAreInQueueOrder(t *testing.T) {
	s := threeOpen(t)
	rc := newReceiver(t, hookSecret, s.clock)
	if _, err := s.at(t0.Add(time.Minute)).run(webhookTo(t, rc, s.clock, &sleeps{}), 0); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range rc.payloads(t)[0].Decisions {
		ids = append(ids, d.ID)
	}
	var want []string
	for _, d := range s.queue().Decisions {
		want = append(want, d.ID)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("payload order %v, queue order %v", ids, want)
	}
}

func TestRun_FailedSendLeavesNoRecordAndTheNextRunRetries(t *testing.T) {
	s := threeOpen(t)
	rc := newReceiver(t, hookSecret, s.clock)
	rc.fail = []int{503, 503, 503, 503}
	n := webhookTo(t, rc, s.clock, &sleeps{})
	res, err := s.at(t0.Add(time.Minute)).run(n, 0)
	var se *SendError
	if !errors.As(err, &se) || res.Sent || res.Seq != 0 {
		t.Fatalf("Run = %+v, %v; want a send error", res, err)
	}
	if recs := s.notifyRecords(); len(recs) != 0 {
		t.Fatalf("a failed send left %d notify records", len(recs))
	}
	res, err = s.at(t0.Add(2*time.Minute)).run(n, 0)
	if err != nil || !res.Sent || res.New != 3 {
		t.Fatalf("retry run = %+v, %v; want the 3 decisions sent as new", res, err)
	}
	if recs := s.notifyRecords(); len(recs) != 1 || len(recs[0].Delivered) != 3 {
		t.Fatalf("notify records after the retry: %+v", recs)
	}
}

// failingAppender is a journal that refuses every append.
type failingAppender struct{}

func (failingAppender) Append(context.Context, journal.Record) (journal.Record, error) {
	return journal.Record{}, errors.New("disk full")
}

func TestRun_DeliveredButUnrecordedIsARecordError(t *testing.T) {
	s := threeOpen(t)
	n, _ := newNull(Settings{})
	res, err := Run(context.Background(), Job{Kind: KindDecisions, Notifier: n, Journal: s.journal(), Writer: failingAppender{},
		Now: t0.Add(time.Minute), Queue: s.queue()})
	var re *RecordError
	if !errors.As(err, &re) || !res.Sent || !strings.Contains(err.Error(), "the next run will send it again") {
		t.Fatalf("Run = %+v, %v", res, err)
	}
}

func TestRun_DryRunSendsAndRecordsNothing(t *testing.T) {
	s := threeOpen(t)
	rc := newReceiver(t, hookSecret, s.clock)
	var out strings.Builder
	res, err := Run(context.Background(), Job{Kind: KindDecisions, Notifier: webhookTo(t, rc, s.clock, &sleeps{}), Journal: s.journal(),
		JournalDir: s.dir, Writer: s.w, Now: t0.Add(time.Minute), DryRun: true, DryRunOut: &out, Queue: s.queue()})
	if err != nil || res.Sent || res.Shown != 3 {
		t.Fatalf("dry run = %+v, %v", res, err)
	}
	if req, _, _ := rc.counts(); req != 0 || len(s.notifyRecords()) != 0 {
		t.Fatalf("dry run sent %d requests and left %d records", req, len(s.notifyRecords()))
	}
	if !strings.Contains(out.String(), `"kind": "halt-proposed"`) || strings.Contains(out.String(), hookSecret) {
		t.Fatalf("rendering:\n%s", out.String())
	}
}

func TestRun_ResolverFilterDoesNotResolveOthers(t *testing.T) {
	s := threeOpen(t)
	n, _ := newNull(Settings{Channel: "humans"})
	job := func(now time.Time) Job {
		return Job{Kind: KindDecisions, Notifier: n, Journal: s.journal(), JournalDir: s.dir, Writer: s.w, Now: now,
			Queue: s.queue(), Resolver: projections.ResolverHuman}
	}
	res, err := Run(context.Background(), job(t0.Add(time.Minute)))
	if err != nil || res.New != 2 {
		t.Fatalf("first run = %+v, %v; want the 2 HUMAN decisions", res, err)
	}
	res, err = Run(context.Background(), job(t0.Add(2*time.Minute)))
	if err != nil || !res.Nothing() || res.Quiet != 2 {
		t.Fatalf("second run = %+v, %v; want nothing (the JUDGE row is neither new nor resolved)", res, err)
	}
	if recs := s.notifyRecords(); len(recs) != 1 || recs[0].Channel != "null:humans" {
		t.Fatalf("records: %+v", recs)
	}
}

func TestRun_OverlappingRunsDoNotBothPost(t *testing.T) {
	s := threeOpen(t)
	rc := newReceiver(t, hookSecret, s.clock)
	n := webhookTo(t, rc, s.clock, &sleeps{})
	held, err := lockChannel(s.dir, KindDecisions, n.Channel())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.at(t0.Add(time.Minute)).run(n, 0); !errors.Is(err, ErrBusy) {
		t.Fatalf("run while another holds the channel = %v, want ErrBusy", err)
	}
	if req, _, _ := rc.counts(); req != 0 || len(s.notifyRecords()) != 0 {
		t.Fatalf("a busy run sent %d requests", req)
	}
	held.release()
	if res, err := s.run(n, 0); err != nil || !res.Sent {
		t.Fatalf("run after release = %+v, %v", res, err)
	}
	other, _ := newNull(Settings{})
	if _, err := lockChannel(s.dir, KindDecisions, other.Channel()); err != nil {
		t.Fatalf("another channel's lock is independent: %v", err)
	}
}
