package projections

import (
	"context"
	"sync"
	"testing"

	"github.com/dos-go/dos/internal/benchgen"
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
	dir, err := benchgen.Cached(context.Background(), n)
	if err != nil {
		tb.Fatal(err)
	}
	benchJournals.Store(n, dir)
	return dir
}
