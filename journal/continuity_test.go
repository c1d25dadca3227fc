package journal

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// breaks collects the Break reports of a full scan.
func breaks(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, err := range At(dir).Records(context.Background(), 0) {
		var ce *CorruptError
		if err != nil && asCorrupt(err, &ce) && ce.Break {
			out = append(out, ce.Reason)
		}
	}
	return out
}

func asCorrupt(err error, ce **CorruptError) bool {
	c, ok := err.(*CorruptError)
	*ce = c
	return ok
}

func TestContinuity_BreaksInsideASegmentAndAnEmptyDirectory(t *testing.T) {
	if got := breaks(t, t.TempDir()); got != nil { // a directory with no segment yet: nothing, and no panic
		t.Fatalf("%v", got)
	}
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 5)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	lines := bytes.SplitAfter(readFile(t, seg), []byte("\n"))
	// seq 3 removed and seq 5 moved before seq 4
	os.WriteFile(seg, bytes.Join([][]byte{lines[0], lines[1], lines[4], lines[3]}, nil), 0o644)
	got := breaks(t, dir)
	if len(got) != 2 || !strings.Contains(got[0], "seqs 3..4 are missing") || !strings.Contains(got[1], "run backwards") {
		t.Fatalf("breaks %q", got)
	}
}
