package kernel

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// fullFold is the reference answer: every lease record of the journal
// folded from the start, no snapshot.
func fullFold(t *testing.T, dir string, now time.Time) []vocab.HeldLease {
	t.Helper()
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*journal.Record
	for r, err := range j.Scan(context.Background(), journal.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return lease.Fold(recs, now)
}

// The lease snapshot is only a shortcut: across hundreds of hook-like
// records between acquires, releases, heartbeats and expiries, the fold
// with snapshots gives exactly what folding the whole journal gives.
func TestLiveLeases_SnapshotAgreesWithTheFullFold(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	noise := journal.NewWriter(w.dir, journal.Options{Now: w.now})
	defer noise.Close()
	rng := rand.New(rand.NewSource(7))
	lanes := []string{"api", "web", "docs", "ops"}
	for step := 0; step < 60; step++ {
		lane := lanes[rng.Intn(len(lanes))]
		run := runN(rng.Intn(3))
		env := w.env(t, run, lane, 10)
		switch rng.Intn(4) {
		case 0, 1:
			LeaseAcquire(ctx, env, LeaseAcquireRequest{Paths: []string{lane + "/"}, TTL: time.Duration(5+rng.Intn(20)) * time.Minute})
		case 2:
			LeaseRelease(ctx, env)
		case 3:
			env.Lane = ""
			LeaseHeartbeat(ctx, env)
		}
		for i := 0; i < rng.Intn(40); i++ {
			if _, err := noise.Append(ctx, journal.Record{Kind: journal.KindHook, Syscall: vocab.SysHookPretool, Verdict: vocab.VerdictAllow, RunID: run,
				Detail: journal.MustDetail(map[string]any{"reason": "no-lane", "note": `"kind":"lease",`})}); err != nil {
				t.Fatal(err)
			}
		}
		w.advance(time.Duration(rng.Intn(4)) * time.Minute)
		got, err := LiveLeases(ctx, w.dir, w.now())
		if err != nil {
			t.Fatal(err)
		}
		if want := fullFold(t, w.dir, w.now()); !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: snapshot fold %+v\nfull fold %+v", step, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(w.dir, leaseSnapshotName)); err != nil {
		t.Fatalf("no snapshot was ever written: %v", err)
	}
}

// A snapshot that no longer describes the journal — its record has
// another id (a replaced journal), or it is garbage — is ignored.
func TestLiveLeases_ForeignSnapshotIsIgnored(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	if res, err := LeaseAcquire(ctx, w.env(t, runA, "api", 10), LeaseAcquireRequest{Paths: []string{"api/"}, TTL: time.Hour}); err != nil || res.Verdict.Token != vocab.VerdictGranted {
		t.Fatal(err, res.Verdict)
	}
	ghost := vocab.HeldLease{Lane: "web", Paths: []string{"web/"}, Holder: vocab.Holder{RunID: runB}, ExpiresAt: w.now().Add(time.Hour)}
	for name, body := range map[string]string{
		"other id": fmt.Sprintf(`{"seq":1,"id":"01JD6Z3Y8T0000000000000000","leases":[{"lane":"web","paths":["web/"],"holder":{"run_id":%q},"expires_at":%q}]}`, runB, ghost.ExpiresAt.Format(time.RFC3339)),
		"garbage":  "{not json",
		"past end": `{"seq":99,"id":"x","leases":[]}`,
	} {
		if err := os.WriteFile(filepath.Join(w.dir, leaseSnapshotName), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := LiveLeases(ctx, w.dir, w.now())
		if err != nil || len(got) != 1 || got[0].Lane != "api" {
			t.Fatalf("%s: %+v %v", name, got, err)
		}
	}
}

// TestCheckLeaseSnapshot_AnEditedSnapshotIsCaught: the snapshot readers
// trust is audited against the records. One that the fold wrote passes;
// one an agent edited to hide another run's lease is named, with its seq.
func TestCheckLeaseSnapshot_AnEditedSnapshotIsCaught(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	if res, err := LeaseAcquire(ctx, w.env(t, runA, "api", 10), LeaseAcquireRequest{Paths: []string{"api/"}, TTL: time.Hour}); err != nil || res.Verdict.Token != vocab.VerdictGranted {
		t.Fatal(err, res.Verdict)
	}
	if res, err := LeaseAcquire(ctx, w.env(t, runB, "web", 10), LeaseAcquireRequest{Paths: []string{"web/"}, TTL: time.Hour}); err != nil || res.Verdict.Token != vocab.VerdictGranted {
		t.Fatal(err, res.Verdict)
	}
	noise := journal.NewWriter(w.dir, journal.Options{Now: w.now})
	defer noise.Close()
	for i := 0; i < leaseSnapshotEvery+10; i++ {
		if _, err := noise.Append(ctx, journal.Record{Kind: journal.KindHook, Syscall: vocab.SysHookPretool, Verdict: vocab.VerdictAllow, RunID: runA,
			Detail: journal.MustDetail(map[string]any{"reason": "no-lane"})}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := LiveLeases(ctx, w.dir, w.now()); err != nil || len(got) != 2 {
		t.Fatalf("live %+v %v", got, err)
	}
	path := filepath.Join(w.dir, leaseSnapshotName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the fold wrote no snapshot: %v", err)
	}
	if f, err := CheckLeaseSnapshot(ctx, w.dir); err != nil || f != nil {
		t.Fatalf("the fold's own snapshot: %+v %v", f, err)
	}
	snap, err := lease.ParseSnapshot(b)
	if err != nil || len(snap.Leases) != 2 {
		t.Fatalf("snapshot %s: %v", b, err)
	}
	snap.Leases = snap.Leases[:1] // hide the web lease from every hook
	forged := lease.AppendSnapshot(nil, snap)
	if err := os.WriteFile(path, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := CheckLeaseSnapshot(ctx, w.dir)
	if err != nil || f == nil || f.File != leaseSnapshotName || f.Seq != snap.Seq {
		t.Fatalf("the edited snapshot was not caught: %+v %v", f, err)
	}
}
