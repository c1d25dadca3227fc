package journal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func smallSegments() Options {
	o := testOptions()
	o.SegmentSize = 4 << 10
	o.IndexEvery = 512
	return o
}

func TestSegments_SealAtSizeNamedByFirstSeqWithIndex(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	defer w.Close()
	appendN(t, w, 200)
	infos, err := segmentInfos(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) < 5 {
		t.Fatalf("only %d segments", len(infos))
	}
	next := uint64(1)
	for i, in := range infos {
		if in.FirstSeq != next || in.Name != segmentName(next) {
			t.Errorf("segment %d named %s first %d, want first %d", i, in.Name, in.FirstSeq, next)
		}
		if in.Bytes > 4<<10 {
			t.Errorf("segment %s is %d bytes, over the limit", in.Name, in.Bytes)
		}
		sealed := i < len(infos)-1
		if in.Sealed != sealed || in.Indexed != sealed {
			t.Errorf("segment %s sealed=%v indexed=%v", in.Name, in.Sealed, in.Indexed)
		}
		next = in.LastSeq + 1
	}
	if next != 201 {
		t.Errorf("segments end at %d", next-1)
	}
	if rep, err := Verify(context.Background(), dir); err != nil || !rep.Intact() || rep.Records != 200 {
		t.Fatalf("verify %v %+v", err, rep)
	}
}

func TestScan_StartsAtAnySeqInSealedAndActiveSegments(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	defer w.Close()
	appendN(t, w, 300)
	for _, from := range []uint64{0, 1, 2, 17, 18, 19, 100, 250, 299, 300} {
		recs, errs := readAll(t, dir, Query{From: from})
		want := 300 - int(max(from, 1)) + 1
		if len(errs) > 0 || len(recs) != want || recs[0].Seq != max(from, 1) {
			t.Fatalf("from %d: %d records (first %d), errs %v", from, len(recs), recs[0].Seq, errs)
		}
	}
	recs, _ := readAll(t, dir, Query{From: 301})
	if len(recs) != 0 {
		t.Errorf("from beyond the end: %d records", len(recs))
	}
	recs, _ = readAll(t, dir, Query{From: 40, Until: 60})
	if len(recs) != 21 || recs[0].Seq != 40 || recs[20].Seq != 60 {
		t.Errorf("40..60: %d records", len(recs))
	}
}

func TestScan_BisectsWithoutAnIndex(t *testing.T) {
	dir := t.TempDir()
	o := testOptions()
	w := NewWriter(dir, o)
	defer w.Close()
	appendN(t, w, 2000) // one big active segment, no index
	f, _ := os.Open(segmentFiles(t, dir)[0])
	defer f.Close()
	fi, _ := f.Stat()
	for _, target := range []uint64{1, 2, 999, 1500, 2000} {
		off, err := bisect(f, fi.Size(), target)
		if err != nil {
			t.Fatal(err)
		}
		recs, _ := readAll(t, dir, Query{From: target})
		if recs[0].Seq != target {
			t.Errorf("from %d starts at %d", target, recs[0].Seq)
		}
		if fi.Size() > 64<<10 && target > 100 && off == 0 {
			t.Errorf("bisect for %d did not move from the start", target)
		}
	}
}

func TestScan_RunFilterSkipsSegmentsByBloomAndFindsEveryRecord(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	defer w.Close()
	run := "01JD0000000000000000000R0N"
	child := "01JD000000000000000000CH1D"
	for i := 0; i < 300; i++ {
		r := verdict(i)
		switch i {
		case 5, 150, 299:
			r.RunID = run
		case 200:
			r.Kind, r.Syscall, r.RunID, r.ParentRunID = KindRun, "run.start", child, run
		}
		if _, err := w.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	recs, errs := readAll(t, dir, Query{RunIDs: []string{run}})
	if len(errs) > 0 || len(recs) != 4 {
		t.Fatalf("got %d records %v", len(recs), errs)
	}
	// Sealed segments that never saw the run are ruled out by their filter.
	segs, _ := listSegments(dir)
	without, excluded := 0, 0
	for _, seg := range segs[:len(segs)-1] {
		fi, _ := os.Stat(filepath.Join(dir, seg.name))
		x, _ := readIndex(dir, seg, fi.Size())
		if x == nil {
			t.Fatalf("no index for sealed %s", seg.name)
		}
		holds := (x.FirstSeq <= 6 && x.LastSeq >= 6) || (x.FirstSeq <= 151 && x.LastSeq >= 151) || (x.FirstSeq <= 201 && x.LastSeq >= 201)
		if holds {
			if !x.Runs.mayHold(run) {
				t.Errorf("segment %s holds the run but its filter says no", seg.name)
			}
			continue
		}
		without++
		if !x.Runs.mayHold(run) {
			excluded++
		}
	}
	if without == 0 || excluded < without*9/10 {
		t.Errorf("filter ruled out %d of %d segments without the run", excluded, without)
	}
}

func TestScan_ReportsCorruptLineWithLocationAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 2)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	f, _ := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{not json}\n")
	f.Close()
	w2 := NewWriter(dir, testOptions())
	// the writer refuses to append after a corrupt tail; add a good line by hand
	w2.Close()
	recs, errs := readAll(t, dir, Query{})
	if len(recs) != 2 || len(errs) != 1 {
		t.Fatalf("%d records, errors %v", len(recs), errs)
	}
	ce, ok := errs[0].(*CorruptError)
	if !ok || ce.AfterSeq != 2 || ce.Segment != filepath.Base(seg) || ce.Offset == 0 {
		t.Fatalf("error %#v", errs[0])
	}
}

func TestScan_NewerVersionIsUnsupportedNotCorrupt(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 1)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	f, _ := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"v":2,"seq":2,"future":{"shape":true}}` + "\n")
	f.Close()
	_, errs := readAll(t, dir, Query{})
	if len(errs) != 1 {
		t.Fatalf("errors %v", errs)
	}
	ue, ok := errs[0].(*UnsupportedError)
	if !ok || ue.Version != 2 || ue.Seq != 2 {
		t.Fatalf("error %#v", errs[0])
	}
	rep, _ := Verify(context.Background(), dir)
	if rep.Breach != nil || rep.Unsupported == nil {
		t.Errorf("verify: %+v", rep)
	}
}

func TestOpen_MissingJournalIsErrNoJournal(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope"))
	if err == nil || !isNoJournal(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestLast_ReadsOnlyTheTail(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	defer w.Close()
	appendN(t, w, 123)
	j, _ := Open(dir)
	seq, err := j.LastSeq()
	if err != nil || seq != 123 {
		t.Fatalf("last seq %d %v", seq, err)
	}
	st, err := j.Stats(context.Background())
	if err != nil || st.Records != 123 || st.FirstSeq != 1 || st.LastSeq != 123 || st.Segments < 2 {
		t.Fatalf("stats %+v %v", st, err)
	}
}

func TestScan_LongLinesUpToTheLimitAndBeyond(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 2)
	big := verdict(3)
	big.Detail = MustDetail(map[string]string{"blob": strings.Repeat("x", MaxLineBytes-600)})
	if _, err := w.Append(context.Background(), big); err != nil {
		t.Fatal(err)
	}
	appendN(t, w, 1)
	w.Close()
	// a hand-made line over the limit, then one more good record
	f, _ := os.OpenFile(segmentFiles(t, dir)[0], os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"v":1,"x":"` + strings.Repeat("y", MaxLineBytes) + "\"}\n")
	f.Close()
	recs, errs := readAll(t, dir, Query{})
	if len(recs) != 4 || recs[2].Seq != 3 || len(recs[2].Detail) < MaxLineBytes-600 {
		t.Fatalf("read %d records", len(recs))
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "longer than 1 MiB") {
		t.Fatalf("errors %v", errs)
	}
}

// TestScan_RunFilterStillReportsCorruptLinesOfOtherRecords: the run
// filter skips lines without the run's id undecoded, but a line that is not
// even a whole JSON object (a torn write mid-file) is corruption: a run's
// scan reports it, placed after the right seq, instead of dropping it.
func TestScan_RunFilterStillReportsCorruptLinesOfOtherRecords(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, Options{})
	run := "01JD0000000000000000000R0N"
	for i := 0; i < 6; i++ {
		r := verdict(i)
		if i == 1 {
			r.RunID = run
		}
		if _, err := w.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	segs, _ := listSegments(dir)
	p := filepath.Join(dir, segs[0].name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	torn := `{"v":1,"seq":5,"id":"01JD7","kind":"verdict","sys` + "\n"
	if err := os.WriteFile(p, []byte(strings.Join(lines[:4], "")+torn+strings.Join(lines[4:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, dir, Query{RunIDs: []string{run}})
	var ce *CorruptError
	if len(recs) != 1 || len(errs) != 1 || !errors.As(errs[0], &ce) || ce.AfterSeq != 4 {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
}
