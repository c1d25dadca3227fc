package projections

import (
	"context"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

func chip(f *Frame, run string) string {
	for _, r := range f.Runs {
		if r.RunID == run {
			return r.Liveness
		}
	}
	return "(not open)"
}

func TestTop_OpenRunsWithTheirChips(t *testing.T) {
	var s story
	for _, run := range []string{runA, runB, runC} {
		s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: run}, vocab.RunStartDetail{})
	}
	s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictGranted, RunID: runB, Lane: "api"},
		vocab.LeaseAcquireDetail{Paths: []string{"api/"}, ExpiresAt: t0.Add(time.Hour), Holder: vocab.Holder{RunID: runB, Host: "h", PID: 1}})
	s.end(runC)
	f := NewTopFold(10)
	for i := range s.recs {
		f.Add(&s.recs[i])
	}
	// 40 minutes in: nothing heard from anyone for 40m (> stall-after 15m)
	fr := f.Frame(TopOptions{Now: t0.Add(40 * time.Minute)}, nil)
	validate(t, schemas.Top, fr)
	if fr.Counts.RunsOpen != 2 || chip(fr, runC) != "(not open)" || chip(fr, runA) != LiveStalled || fr.Counts.Stalled != 2 {
		t.Fatalf("counts %+v runs %+v", fr.Counts, fr.Runs)
	}
	if len(fr.Lanes) != 1 || fr.Lanes[0].RunID != runB || fr.Lanes[0].ExpiresInSeconds != 20*60 || fr.Lanes[0].Liveness != LiveStalled {
		t.Fatalf("lanes %+v", fr.Lanes)
	}
	// 5 minutes in, heartbeats recent, nothing landed, younger than spin-after: warming up
	if fr := f.Frame(TopOptions{Now: t0.Add(5 * time.Minute)}, nil); chip(fr, runB) != LiveAdvancing || fr.Runs[0].LivenessFrom != "journal" {
		t.Fatalf("warming up: %+v", fr.Runs)
	}
	// a commit after the start makes the chip ADVANCING with git
	fr = f.Frame(TopOptions{Now: t0.Add(10 * time.Minute)}, []Commit{{SHA: "abc1234", Time: t0.Add(9 * time.Minute)}})
	if chip(fr, runA) != LiveAdvancing || fr.Runs[0].LivenessFrom != "journal+git" || len(fr.Commits) != 1 {
		t.Fatalf("with a commit: %+v", fr.Runs)
	}
	// the lease expires: the lane is free
	if fr := f.Frame(TopOptions{Now: t0.Add(2 * time.Hour)}, nil); len(fr.Lanes) != 0 {
		t.Fatalf("expired lease still held: %+v", fr.Lanes)
	}
}

func TestTop_SpinningWhenHeardButNothingLands(t *testing.T) {
	var s story
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: runA}, nil)
	for m := 0; m < 50; m += 10 { // a heartbeat every 10 minutes
		r := s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseHeartbeat, Verdict: vocab.VerdictRenewed, RunID: runA}, vocab.LeaseHeartbeatDetail{})
		r.TS = t0.Add(time.Duration(m) * time.Minute)
	}
	// an observer's liveness record is not the run being heard
	s.verdict(runA, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{})
	s.recs[len(s.recs)-1].TS = t0.Add(50 * time.Minute)
	f := NewTopFold(10)
	for i := range s.recs {
		f.Add(&s.recs[i])
	}
	fr := f.Frame(TopOptions{Now: t0.Add(45 * time.Minute)}, nil)
	if chip(fr, runA) != LiveSpinning || fr.Runs[0].Records != 6 {
		t.Fatalf("%+v", fr.Runs)
	}
}

func TestTop_CatchUpReadsOnlyWhatWasAppended(t *testing.T) {
	ctx := context.Background()
	j := openFixture(t, "views-segmented")
	whole, _, err := Top(ctx, j, nil, TopOptions{Now: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	f := NewTopFold(10)
	// fold the first 13 records, then catch up the rest from the journal
	for rec, err := range j.Scan(ctx, journal.Query{Until: 13}) {
		if err != nil {
			t.Fatal(err)
		}
		f.Add(rec)
	}
	if err := f.CatchUp(ctx, j, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	inc := f.Frame(TopOptions{Now: t0.Add(time.Hour)}, nil, whole.Notes...)
	inc.Scanned = whole.Scanned
	a, b := string(validate(t, schemas.Top, whole)), string(validate(t, schemas.Top, inc))
	if a != b {
		t.Fatalf("incremental:\n%s\nwhole:\n%s", b, a)
	}
	if err := f.CatchUp(ctx, j, t0.Add(time.Hour)); err != nil || f.Scanned.Records != 14 || f.Scanned.FirstSeq != 14 {
		t.Fatalf("catch-ups read %+v, want seqs 14..27 once (err %v)", f.Scanned, err)
	}
}

func TestTop_BoundsTheFrame(t *testing.T) {
	var s story
	for i := 0; i < 30; i++ {
		s.add(journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysVerify, Verdict: vocab.VerdictNotShipped, Subject: "X"}, nil)
		s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: ulidN(i)}, nil)
	}
	f := NewTopFold(5)
	for i := range s.recs {
		f.Add(&s.recs[i])
	}
	fr := f.Frame(TopOptions{Now: t0.Add(time.Minute), MaxRuns: 7, MaxVerdicts: 5}, nil)
	if len(fr.Runs) != 7 || fr.Counts.RunsHidden != 23 || fr.Counts.RunsOpen != 30 || len(fr.Verdicts) != 5 || fr.Verdicts[0].Seq != 59 {
		t.Fatalf("runs %d hidden %d verdicts %+v", len(fr.Runs), fr.Counts.RunsHidden, fr.Verdicts)
	}
	if fr.Runs[0].RunID != ulidN(29) {
		t.Fatalf("most recently heard first: %s", fr.Runs[0].RunID)
	}
}

// ulidN is a distinct valid run id per n.
func ulidN(n int) string {
	const digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	return "01JD6Z3Y8T00000000000000" + string(digits[n/32]) + string(digits[n%32])
}
