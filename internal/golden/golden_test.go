package golden

import (
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records a failure instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck_UpdateWritesThenMatchesAndCatchesADifference(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "out.txt")
	r := &recorder{TB: t}
	Check(r, p, "missing", false)
	if !r.failed {
		t.Fatal("a missing golden file passed")
	}
	Check(t, p, "hello\n", true)
	Check(t, p, "hello\n", false)
	r = &recorder{TB: t}
	Check(r, p, "hullo\n", false)
	if !r.failed {
		t.Fatal("a different output passed")
	}
}
