package notifiers

import (
	"context"
	"flag"
	"path/filepath"
	"sync"
	"testing"
	"time"

	goldenfile "github.com/dos-go/dos/internal/golden"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/vocab"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden/notify")

// golden compares got with testdata/golden/notify/name.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("..", "testdata", "golden", "notify", name), got, *update)
}

// Runs of the test stories.
const (
	runA = "01JD6Z3Y8T0000000000000A01"
	runB = "01JD6Z3Y8T0000000000000B01"
	runC = "01JD6Z3Y8T0000000000000C01"
	runD = "01JD6Z3Y8T0000000000000D01"
	runE = "01JD6Z3Y8T0000000000000E01"
)

// t0 is the start of every story's clock.
var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// story writes kernel-shaped records into a real journal with a clock the
// test moves; notify records appended by Run use the same clock.
type story struct {
	t   *testing.T
	dir string
	w   *journal.Writer
	mu  sync.Mutex
	now time.Time
}

func newStory(t *testing.T) *story {
	s := &story{t: t, dir: filepath.Join(t.TempDir(), "journal"), now: t0}
	s.w = journal.NewWriter(s.dir, journal.Options{Now: s.clock})
	t.Cleanup(func() { s.w.Close() })
	return s
}

func (s *story) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// at moves the clock.
func (s *story) at(t time.Time) *story {
	s.mu.Lock()
	s.now = t
	s.mu.Unlock()
	return s
}

func (s *story) add(r journal.Record, d any) {
	s.t.Helper()
	r.Source, r.Host = vocab.SourceCLI, "build-7"
	if d != nil {
		r.Detail = journal.MustDetail(d)
	}
	if _, err := s.w.Append(context.Background(), r); err != nil {
		s.t.Fatal(err)
	}
}

// refuse records lane refused to run because holder holds paths.
func (s *story) refuse(run, lane, holder string, paths []string, reason string) {
	h := vocab.HeldLease{Lane: lane, Paths: paths, Holder: vocab.Holder{RunID: holder, Host: "build-7", PID: 42},
		AcquiredAt: s.clock(), ExpiresAt: s.clock().Add(time.Hour), TTLSeconds: 3600}
	s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictRefused, RunID: run, Lane: lane},
		vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3600, Holder: vocab.Holder{RunID: run, Host: "build-7", PID: 43}, Reason: reason, Holding: &h})
}

func (s *story) liveness(run, verdict string, idle int64) {
	s.add(journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysLiveness, Verdict: verdict, RunID: run},
		vocab.LivenessDetail{StartedAt: t0, Records: 9, Heartbeats: 7, IdleSeconds: idle, QuietSeconds: 60, Reason: "idle"})
}

func (s *story) halt(run, reason string) {
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysHalt, Verdict: vocab.VerdictProposed, RunID: run},
		vocab.HaltDetail{Reason: reason})
}

func (s *story) end(run string) {
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunEnd, RunID: run}, vocab.RunEndDetail{Status: "done"})
}

// journal opens the journal for reading.
func (s *story) journal() *journal.Journal {
	s.t.Helper()
	j, err := journal.Open(s.dir)
	if err != nil {
		s.t.Fatal(err)
	}
	return j
}

// queue folds the whole open queue at the story's now, as dos notify does.
func (s *story) queue() *projections.DecisionQueue {
	s.t.Helper()
	q, err := projections.Decisions(context.Background(), s.journal(), projections.DecisionOptions{Now: s.clock(), All: true})
	if err != nil {
		s.t.Fatal(err)
	}
	return q
}

// notifyRecords are the journal's notify records, decoded.
func (s *story) notifyRecords() []Detail {
	s.t.Helper()
	var out []Detail
	for r, err := range s.journal().Records(context.Background(), 0) {
		if err != nil {
			s.t.Fatal(err)
		}
		if r.Kind == journal.KindNotify {
			var d Detail
			if err := r.Detail.Decode(&d); err != nil {
				s.t.Fatal(err)
			}
			out = append(out, d)
		}
	}
	return out
}

// run is one `dos notify decisions` run at the story's now.
func (s *story) run(n Notifier, repeat time.Duration) (Result, error) {
	return Run(context.Background(), Job{Kind: KindDecisions, Notifier: n, Journal: s.journal(), JournalDir: s.dir,
		Writer: s.w, Now: s.clock(), Repeat: repeat, Source: "cli", Host: "build-7", Queue: s.queue()})
}

// sleeps records the waits a driver asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (z *sleeps) sleep(_ context.Context, d time.Duration) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.d = append(z.d, d)
	return nil
}

func (z *sleeps) got() []time.Duration {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]time.Duration(nil), z.d...)
}

// env is an environment from a map.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
