package projections

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dos-go/dos/internal/benchgen"
	"github.com/dos-go/dos/journal"
)

// The benchmark journal: realistic kernel records from many interleaved
// runs (internal/benchgen), ending at benchEnd.
var benchEnd = benchgen.End

var benchJournals sync.Map

// benchJournal builds (once per machine: it is kept in the temp dir, keyed
// by its size and generator version) a journal of n records.
func benchJournal(tb testing.TB, n int) string {
	tb.Helper()
	if v, ok := benchJournals.Load(n); ok {
		return v.(string)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("dos-views-bench-%d-v5", n))
	if j, err := journal.Open(dir); err == nil {
		if last, err := j.LastSeq(); err == nil && last == uint64(n) {
			benchJournals.Store(n, dir)
			return dir
		}
	}
	os.RemoveAll(dir)
	if err := benchgen.Write(context.Background(), dir, n); err != nil {
		tb.Fatal(err)
	}
	benchJournals.Store(n, dir)
	return dir
}
