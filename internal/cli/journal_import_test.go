package cli

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

func referenceFixture(name string) string {
	return filepath.Join("..", "..", "testdata", "reference", name)
}

// TestJournalImport_TheReferenceJournals imports a verdict journal and a
// lane journal written in the reference's format: every line that is a
// record becomes one (source import, original ts kept, run ids mapped), the
// leases fold, the attempts cool down, the chain verifies, and a second
// import appends nothing.
func TestJournalImport_TheReferenceJournals(t *testing.T) {
	w := newKWorld(t)
	files := []string{referenceFixture("verdict-journal.jsonl"), referenceFixture("lane-journal.jsonl")}
	res := dos(t, w.env, append([]string{"journal", "import"}, files...)...)
	if res.code != 0 {
		t.Fatalf("import: exit %d %s", res.code, res.stderr)
	}
	golden(t, "truth/journal-import.txt", res.stdout)
	recs := w.records(t)
	if len(recs) != 17 {
		t.Fatalf("%d records, want 17 (8 verdicts, 9 lane entries)", len(recs))
	}
	bySys := map[string]int{}
	for i, r := range recs {
		line, _ := json.Marshal(r)
		if err := schemas.Validate(schemas.JournalRecord, line); err != nil {
			t.Fatalf("record %d refused by the schema: %v", i, err)
		}
		if r.Source != vocab.SourceImport || r.Detail.Map()["imported"] == nil {
			t.Fatalf("record %d not marked imported: %s", i, line)
		}
		if i > 0 && r.TS.Before(recs[i-1].TS) {
			t.Fatal("ts went backwards")
		}
		bySys[r.Syscall]++
	}
	if got := recs[0]; got.Syscall != vocab.SysLeaseAcquire || got.Verdict != vocab.VerdictGranted || !got.TS.Equal(time.Date(2026, 11, 10, 8, 59, 0, 0, time.UTC)) || got.RunID != "RID-1M7W0000000ABCD" {
		t.Fatalf("first record %+v: want the 08:59 ACQUIRE at its original time", got)
	}
	want := map[string]int{"verify": 2, "liveness": 1, "hook-exit": 1, "efficiency": 2, "reward": 1, "breaker": 1, vocab.SysLeaseAcquire: 2,
		vocab.SysLeaseHeartbeat: 1, vocab.SysLeaseRelease: 1, "halt": 1, vocab.SysAttempt: 1, "lane.spawn": 1, "lane.enforce": 1, "lane.checkpoint": 1}
	for s, n := range want {
		if bySys[s] != n {
			t.Errorf("%s: %d records, want %d (all: %v)", s, bySys[s], n, bySys)
		}
	}
	mapped, _ := kernel.MapRunID("RID-1")
	for _, r := range recs {
		if r.Syscall == "efficiency" {
			var d struct{ Imported vocab.ImportOrigin }
			r.Detail.Decode(&d)
			if r.RunID != mapped || d.Imported.RunID != "RID-1" {
				t.Fatalf("a malformed run id was not mapped to one stable ULID: %s %+v", r.RunID, d.Imported)
			}
		}
		if r.Syscall == vocab.SysLeaseRelease && r.RunID != "RID-1M7W0000000ABCD" {
			t.Fatalf("the release does not name its lease's run: %+v", r)
		}
	}
	if res := dos(t, w.env, "journal", "verify"); res.code != 0 {
		t.Fatalf("verify after import: %d %s", res.code, res.stdout)
	}
	// The attempt it imported holds the unit in cooldown an hour later.
	at := time.Date(2026, 11, 10, 10, 52, 0, 0, time.UTC).UnixMilli()
	if res := dos(t, w.env, "cooldown", "AUTH3", "--now-ms", strconv.FormatInt(at, 10)); res.code != 3 || !strings.Contains(res.stdout, "last drained at 2026-11-10T09:52:00Z") {
		t.Fatalf("cooldown over the imported attempt: %d %s", res.code, res.stdout)
	}
	// The run's history is there for the views.
	if res := dos(t, w.env, "trace", "RID-1M7W0000000ABCD"); res.code != 0 || !strings.Contains(res.stdout, "AUTH1") {
		t.Fatalf("trace of an imported run: %d %s", res.code, res.stderr)
	}
	before := len(w.records(t))
	res = dos(t, w.env, append([]string{"journal", "import", "--json"}, files...)...)
	var sum kernel.ImportSummary
	if err := json.Unmarshal([]byte(res.stdout), &sum); err != nil || res.code != 0 || sum.Imported != 0 || sum.Files[0].Duplicate != 8 || sum.Files[1].Duplicate != 9 {
		t.Fatalf("second import: %d %v %s", res.code, err, res.stdout)
	}
	if len(w.records(t)) != before {
		t.Fatal("a second import appended records")
	}
	if res := dos(t, w.env, "journal", "import", "/no/such/file"); res.code != 2 {
		t.Fatalf("missing file: exit %d", res.code)
	}
}

// TestJournalImport_IntoAJournalWithNewerRecords lands the history at the
// journal's tail time: ts never goes backwards.
func TestJournalImport_IntoAJournalWithNewerRecords(t *testing.T) {
	w := newKWorld(t)
	w.one(t, "productivity", "--deltas", "800,300,120")
	tail := w.records(t)[0].TS
	if res := dos(t, w.env, "journal", "import", referenceFixture("verdict-journal.jsonl")); res.code != 0 {
		t.Fatalf("import: %d %s", res.code, res.stderr)
	}
	for _, r := range w.records(t)[1:] {
		if r.TS.Before(tail) {
			t.Fatalf("an imported record went before the journal's tail: %v < %v", r.TS, tail)
		}
	}
	if res := dos(t, w.env, "journal", "verify"); res.code != 0 {
		t.Fatalf("verify: %d %s", res.code, res.stdout)
	}
}

// TestJournalReplayAndCompact: replay prints the live lease set as a JSON
// array; compact prints the reference's keys and prunes nothing a live
// lease needs.
func TestJournalReplayAndCompact(t *testing.T) {
	w := newKWorld(t)
	res := dos(t, w.env, "journal", "replay")
	if res.code != 0 || res.stdout != "[]\n" {
		t.Fatalf("replay of nothing: %d %q", res.code, res.stdout)
	}
	w.one(t, "lease", "acquire", "--lane", "api", "--paths", "api/")
	res = dos(t, w.env, "journal", "replay")
	var live []map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &live); err != nil || len(live) != 1 || live[0]["lane"] != "api" || live[0]["run_id"] != kRunA ||
		live[0]["ttl_minutes"] == nil || live[0]["tree"].([]any)[0] != "api/**" {
		t.Fatalf("replay: %v %s", err, res.stdout)
	}
	res = dos(t, w.env, "journal", "compact")
	var c map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &c); err != nil || res.code != 0 || c["entries_before"] != 1.0 || c["entries_after"] != 1.0 || c["bytes_reclaimed"] != 0.0 {
		t.Fatalf("compact: %d %v %s", res.code, err, res.stdout)
	}
}
