package journal

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixedClock returns a clock that starts at t0 and advances one millisecond a call.
func fixedClock(t0 time.Time) func() time.Time {
	n := 0
	return func() time.Time {
		n++
		return t0.Add(time.Duration(n) * time.Millisecond)
	}
}

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// testOptions gives deterministic ids and times.
func testOptions() Options {
	return Options{Now: fixedClock(t0), Entropy: rand.New(rand.NewSource(1))}
}

func verdict(i int) Record {
	return Record{Kind: KindVerdict, Syscall: "verify", Verdict: "SHIPPED",
		Subject: fmt.Sprintf("AUTH%d", i), Detail: MustDetail(map[string]int{"commits": i})}
}

// appendN appends n verdict records through w.
func appendN(t testing.TB, w *Writer, n int) []Record {
	t.Helper()
	out := make([]Record, 0, n)
	for i := 0; i < n; i++ {
		r, err := w.Append(context.Background(), verdict(i))
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
		out = append(out, r)
	}
	return out
}

// readAll collects every record and every error of a scan.
func readAll(t testing.TB, dir string, q Query) ([]*Record, []error) {
	t.Helper()
	j, err := Open(dir)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	var recs []*Record
	var errs []error
	for r, err := range j.Scan(context.Background(), q) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, r)
	}
	return recs, errs
}

func segmentFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	return m
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMain(m *testing.M) {
	code := m.Run()
	bigJournals.Range(func(_, dir any) bool {
		os.RemoveAll(dir.(string))
		return true
	})
	os.Exit(code)
}
