package journal

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tamper rewrites the lines of the only segment of a fresh 6-record journal.
func tamper(t *testing.T, edit func(lines [][]byte) [][]byte) *VerifyReport {
	t.Helper()
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 6)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	lines := bytes.SplitAfter(readFile(t, seg), []byte("\n"))
	lines = lines[:len(lines)-1] // trailing empty
	os.WriteFile(seg, bytes.Join(edit(lines), nil), 0o644)
	rep, err := Verify(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestVerify_NamesFirstBadRecord(t *testing.T) {
	forge := func(seq string, prev []byte) []byte {
		// a forged record with a hash computed the way a careful forger would
		var r Record
		var d decoder
		d.decode(bytes.TrimSuffix(prev, []byte("\n")), &r)
		r.Subject = "FORGED"
		r.Seq = 0
		body := appendBody(nil, &r)
		body = bytes.Replace(body, []byte(`"seq":0`), []byte(`"seq":`+seq), 1)
		return appendLine(nil, body, chainHash(r.Hash, body)) // chains to prev's hash
	}
	cases := []struct {
		name string
		edit func(l [][]byte) [][]byte
		kind string
		seq  uint64
	}{
		{"edit a field", func(l [][]byte) [][]byte {
			l[2] = bytes.Replace(l[2], []byte(`"SHIPPED"`), []byte(`"NOT_SHIPPED"`), 1)
			return l
		}, BreachEdited, 3},
		{"edit the hash too", func(l [][]byte) [][]byte {
			l[3] = bytes.Replace(l[3], []byte(`"hash":"`), []byte(`"hash":"f`), 1)
			l[3] = append(l[3][:len(l[3])-4], l[3][len(l[3])-3:]...)
			return l
		}, BreachEdited, 4},
		{"delete a line", func(l [][]byte) [][]byte { return append(l[:2:2], l[3:]...) }, BreachMissing, 3},
		{"delete two lines", func(l [][]byte) [][]byte { return append(l[:1:1], l[3:]...) }, BreachMissing, 2},
		{"delete the first line", func(l [][]byte) [][]byte { return l[1:] }, BreachMissing, 1},
		{"swap two lines", func(l [][]byte) [][]byte { l[3], l[4] = l[4], l[3]; return l }, BreachReordered, 4},
		{"move a line back", func(l [][]byte) [][]byte {
			return [][]byte{l[0], l[1], l[2], l[4], l[5], l[3]}
		}, BreachMissing, 4},
		{"insert a forged line with a bogus hash", func(l [][]byte) [][]byte {
			bad := bytes.Replace(l[2], []byte(`"AUTH2"`), []byte(`"EVIL"`), 1)
			return append(l[:2:2], append([][]byte{bad}, l[2:]...)...)
		}, BreachInserted, 3},
		{"insert a forged line with a computed hash", func(l [][]byte) [][]byte {
			return append(l[:2:2], append([][]byte{forge("3", l[1])}, l[2:]...)...)
		}, BreachInserted, 3},
		{"append a duplicate of the last line", func(l [][]byte) [][]byte { return append(l, l[5]) }, BreachInserted, 6},
		{"replace a line with garbage", func(l [][]byte) [][]byte { l[1] = []byte("oops\n"); return l }, BreachCorrupt, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := tamper(t, c.edit)
			if rep.Breach == nil {
				t.Fatalf("no breach found")
			}
			if rep.Breach.Kind != c.kind || rep.Breach.Seq != c.seq {
				t.Fatalf("breach %s at seq %d (%s), want %s at %d", rep.Breach.Kind, rep.Breach.Seq, rep.Breach.Message, c.kind, c.seq)
			}
			if !strings.Contains(rep.Breach.Message, "seq") {
				t.Errorf("message does not name a seq: %s", rep.Breach.Message)
			}
		})
	}
}

func TestVerify_IntactJournalAcrossSegments(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	appendN(t, w, 150)
	w.Close()
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() || rep.Records != 150 || rep.Segments < 3 {
		t.Fatalf("%v %+v", err, rep)
	}
}

func TestVerify_CatchesRecordsCutFromTheEndOfASealedSegment(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	appendN(t, w, 100)
	w.Close()
	infos, _ := segmentInfos(dir)
	first := filepath.Join(dir, infos[0].Name)
	lines := bytes.SplitAfter(readFile(t, first), []byte("\n"))
	os.WriteFile(first, bytes.Join(lines[:len(lines)-2], nil), 0o644) // drop its last record
	rep, _ := Verify(context.Background(), dir)
	if rep.Breach == nil || rep.Breach.Kind != BreachTruncated || rep.Breach.Seq != infos[0].LastSeq {
		t.Fatalf("breach %+v, want truncated at %d", rep.Breach, infos[0].LastSeq)
	}
}
