package journal

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeLine feeds arbitrary bytes to the line decoder. It must never
// panic, must accept only valid JSON, and whatever it accepts must survive a
// round trip through the encoder unchanged. Seeds live in
// testdata/fuzz/FuzzDecodeLine.
func FuzzDecodeLine(f *testing.F) {
	f.Add([]byte(`{"v":1,"seq":1,"id":"01JD0000000000000000000000","ts":"2026-11-23T12:00:00.001000000Z","kind":"verdict","syscall":"verify","verdict":"SHIPPED","run_id":"","detail":{},"hash":"` + GenesisHash + `"}`))
	f.Add([]byte(`{"v":2,"seq":9}`))
	f.Add([]byte(`{"detail":{"a":[1,2.5e3,-0,{"b":null}],"c":"\u00e9\ud83d\ude00"},"v":1}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d decoder
		var r Record
		err := d.decode(line, &r)
		if err != nil {
			return
		}
		if !json.Valid(line) {
			t.Fatalf("decoder accepted invalid JSON %q", line)
		}
		enc, _ := r.MarshalJSON()
		var r2 Record
		if err := d.decode(enc, &r2); err != nil {
			t.Fatalf("re-encoded record does not decode: %v\n%s", err, enc)
		}
		enc2, _ := r2.MarshalJSON()
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip changed the record:\n%s\n%s", enc, enc2)
		}
	})
}

// FuzzScanSegment writes arbitrary bytes as a journal's only segment and
// reads it every way a view does: a full scan, a scan from a seq, the
// tail, and Verify. None may panic or loop; every record yielded is a
// valid record (seq ≥ 1, at or past the scan's From), and the
// scan's bytes are accounted for: each line yields at most one record and
// at most one report (a line that does not decode, or a record whose seq
// breaks the sequence), plus one report each for where the segment starts
// and where the journal ends. Seeds live in testdata/fuzz/FuzzScanSegment.
func FuzzScanSegment(f *testing.F) {
	good := func(n int) []byte {
		dir := f.TempDir()
		w := NewWriter(dir, testOptions())
		for i := 0; i < n; i++ {
			if _, err := w.Append(context.Background(), verdict(i)); err != nil {
				f.Fatal(err)
			}
		}
		w.Close()
		b, err := os.ReadFile(filepath.Join(dir, segmentName(1)))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	three := good(3)
	f.Add(three)
	f.Add(three[:len(three)-5])                                          // torn tail
	f.Add(append(append([]byte{}, three...), "{not json}\n"...))         // corrupt tail
	f.Add(bytes.Replace(three, []byte(`"seq":2`), []byte(`"seq":9`), 1)) // a gap
	f.Add([]byte("\n\n\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, seg []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, segmentName(1)), seg, 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := Open(dir)
		if err != nil {
			return
		}
		lines := bytes.Count(seg, []byte{'\n'})
		for _, from := range []uint64{0, 2} {
			n, bad := 0, 0
			for r, err := range j.Scan(context.Background(), Query{From: from}) {
				if err != nil {
					bad++
					continue
				}
				if r.Seq == 0 || r.Seq < from {
					t.Fatalf("scan from %d yielded seq %d", from, r.Seq)
				}
				n++
			}
			if n > lines+1 || bad > lines+3 {
				t.Fatalf("scan from %d: %d records and %d errors from %d lines", from, n, bad, lines)
			}
		}
		j.Last()
		Verify(context.Background(), dir)
	})
}
