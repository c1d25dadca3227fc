package journal

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// exported is what the file exporter writes: the journal's lines.
func exported(t *testing.T, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, seg := range segmentFiles(t, dir) {
		b.Write(readFile(t, seg))
	}
	return b.Bytes()
}

func TestCompare_NamesTheFirstSeqThatDiffers(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 8)
	w.Close()
	copy := exported(t, dir)
	lines := bytes.SplitAfter(copy, []byte("\n"))
	// a copy with a record re-sent (at-least-once) and a line that is not a record
	resent := append(append(append([]byte{}, copy...), lines[2]...), "not a record\n"...)
	rep, err := Compare(context.Background(), dir, bytes.NewReader(resent))
	if err != nil || rep.Difference != nil || rep.Compared != 9 || rep.NotRecords != 1 {
		t.Fatalf("identical copy: %+v %v", rep, err)
	}
	rewriteRecord(t, dir, 3)
	rep, _ = Compare(context.Background(), dir, bytes.NewReader(copy))
	if rep.Difference == nil || rep.Difference.Seq != 3 || rep.Difference.Kind != DiffHash || rep.Compared != 2 {
		t.Fatalf("rewritten at 3: %+v", rep)
	}
	fresh := t.TempDir()
	w = NewWriter(fresh, testOptions())
	appendN(t, w, 8)
	w.Close()
	rep, _ = Compare(context.Background(), fresh, bytes.NewReader(copy))
	if rep.Difference != nil {
		t.Fatalf("same clock, same entropy, same journal: %+v", rep.Difference)
	}
	other := t.TempDir()
	o := testOptions()
	o.Entropy = bytes.NewReader(bytes.Repeat([]byte{9}, 1<<12))
	w = NewWriter(other, o)
	appendN(t, w, 8)
	w.Close()
	if rep, _ := Compare(context.Background(), other, bytes.NewReader(copy)); rep.Difference == nil || rep.Difference.Seq != 1 || rep.Difference.Kind != DiffID {
		t.Fatalf("another journal: %+v", rep)
	}
	os.WriteFile(segmentFiles(t, fresh)[0], bytes.Join(lines[:6], nil), 0o644)
	rep, _ = Compare(context.Background(), fresh, bytes.NewReader(copy))
	if rep.Difference == nil || rep.Difference.Seq != 7 || rep.Difference.Kind != DiffMissing || !strings.Contains(rep.Difference.Message, "removed") {
		t.Fatalf("truncated: %+v", rep)
	}
}
