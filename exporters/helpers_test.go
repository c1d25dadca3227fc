package exporters

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/dos-go/dos/internal/golden"
	"github.com/dos-go/dos/journal"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden/export")

// golden compares got with testdata/golden/export/name (-update rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("..", "testdata", "golden", "export", name), got, *update)
}

// fixture copies a fixture journal into a temp dir.
func fixture(t testing.TB, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("cp", "-r", filepath.Join("..", "testdata", "journals", name), dst).CombinedOutput(); err != nil {
		t.Fatalf("copy fixture: %v %s", err, out)
	}
	return dst
}

// records reads every record of the journal at dir.
func records(t testing.TB, dir string) []*journal.Record {
	t.Helper()
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []*journal.Record
	for r, err := range j.Records(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// newJournal writes n verdict records into a fresh journal.
func newJournal(t testing.TB, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "journal")
	appendRecords(t, dir, n)
	return dir
}

func appendRecords(t testing.TB, dir string, n int) {
	t.Helper()
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	batch := make([]journal.Record, 0, 1000)
	for i := 0; i < n; i++ {
		batch = append(batch, journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Verdict: "SHIPPED",
			RunID: "01JD6Z3Y8T0000000000000A01", Lane: "api", Subject: fmt.Sprintf("AUTH%d", i%7),
			Detail: journal.MustDetail(map[string]any{"commits_scanned": i % 97, "matched": 1})})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := w.AppendBatch(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// idsInFile counts the JSONL lines of path by record id.
func idsInFile(t testing.TB, path string) map[string]int {
	t.Helper()
	seen := map[string]int{}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return seen
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if line == "" {
			continue
		}
		var r struct{ ID string }
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.ID == "" {
			t.Fatalf("bad line in %s: %q", path, line)
		}
		seen[r.ID]++
	}
	return seen
}
