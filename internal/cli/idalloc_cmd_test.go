package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

func allocID(t *testing.T, env map[string]string, args ...string) int64 {
	t.Helper()
	res := dos(t, env, append([]string{"id-alloc", "allocate"}, append(args, "--json")...)...)
	var doc struct {
		ID      int64  `json:"id"`
		Scope   string `json:"scope"`
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || res.code != 0 || doc.Verdict != vocab.VerdictAllocated {
		t.Fatalf("allocate %v: exit %d %v %s %s", args, res.code, err, res.stdout, res.stderr)
	}
	return doc.ID
}

// TestIDAlloc_TheReferenceExample: peek on a new scope is null; allocate
// gives 1, then 2 whatever --start says; a new scope starts at --start.
func TestIDAlloc_TheReferenceExample(t *testing.T) {
	w := newKWorld(t)
	res := dos(t, w.env, "id-alloc", "peek", "tags")
	if res.code != 0 || res.stdout != "{\n  \"id\": null,\n  \"scope\": \"tags\"\n}\n" || len(w.records(t)) != 0 {
		t.Fatalf("peek: %d %q", res.code, res.stdout)
	}
	if a, b, c := allocID(t, w.env, "tags"), allocID(t, w.env, "tags", "--start", "100"), allocID(t, w.env, "new", "--start", "100"); a != 1 || b != 2 || c != 100 {
		t.Fatalf("got %d %d %d", a, b, c)
	}
	res, rec := w.one(t, "id-alloc", "allocate", "tags")
	if res.code != 0 || rec.Syscall != vocab.SysIDAlloc || rec.Subject != "tags" || rec.Detail.Map()["id"].(json.Number).String() != "3" {
		t.Fatalf("record %+v", rec)
	}
	golden(t, "truth/id-alloc-next.txt", res.stdout)
	jres, _ := w.one(t, "id-alloc", "allocate", "tags", "--json")
	golden(t, "truth/id-alloc-next.json", jres.stdout)
	if res := dos(t, w.env, "id-alloc", "peek", "tags"); res.stdout != "{\n  \"id\": 4,\n  \"scope\": \"tags\"\n}\n" {
		t.Fatalf("peek after: %q", res.stdout)
	}
	if res := dos(t, w.env, "id-alloc", "allocate", ""); res.code != 2 {
		t.Fatalf("empty scope: exit %d", res.code)
	}
}

// TestIDAlloc_ConcurrentAllocationsAreGapFreeAndUnique: many allocators
// at once get exactly 1..N.
func TestIDAlloc_ConcurrentAllocationsAreGapFreeAndUnique(t *testing.T) {
	w := newKWorld(t)
	const workers, each = 6, 8
	var mu sync.Mutex
	var got []int64
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < each; j++ {
				id := allocID(t, w.env, "orders")
				mu.Lock()
				got = append(got, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	for i, id := range got {
		if id != int64(i+1) {
			t.Fatalf("ids %v: want 1..%d, each once", got, workers*each)
		}
	}
}

// TestIDAlloc_ACrashBetweenRecordAndCounterIsCaughtUp: a counter file left
// behind its record (a crash between the two), or lost, is caught up from
// the journal; an id is never handed out twice.
func TestIDAlloc_ACrashBetweenRecordAndCounterIsCaughtUp(t *testing.T) {
	w := newKWorld(t)
	for i := 0; i < 3; i++ {
		allocID(t, w.env, "tags")
	}
	counter := filepath.Join(journal.IDAllocDir(w.env["DOS_JOURNAL"]), vocab.IDAllocKey("tags")+".json")
	os.WriteFile(counter, []byte(`{"v":1,"scope":"tags","id":1,"seq":1}`+"\n"), 0o644) // as if ids 2 and 3 crashed before their counter write
	if id := allocID(t, w.env, "tags"); id != 4 {
		t.Fatalf("after a stale counter: %d, want 4", id)
	}
	os.Remove(counter)
	if id := allocID(t, w.env, "tags"); id != 5 {
		t.Fatalf("after a lost counter: %d, want 5", id)
	}
	os.WriteFile(counter, []byte("garbage"), 0o644)
	if res := dos(t, w.env, "id-alloc", "allocate", "tags"); res.code != 2 || len(res.stderr) == 0 {
		t.Fatalf("a garbage counter: exit %d %s", res.code, res.stderr)
	}
}
