package journal

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// appendRaw appends bytes to the newest segment behind the writer's back.
func appendRaw(t *testing.T, seg, s string) {
	t.Helper()
	f, err := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// segmented is a journal of 12 records in several 1 KiB segments.
func segmented(t *testing.T) (string, []segment) {
	t.Helper()
	dir := t.TempDir()
	o := testOptions()
	o.SegmentSize = 1024
	w := NewWriter(dir, o)
	appendN(t, w, 12)
	w.Close()
	segs, _ := listSegments(dir)
	if len(segs) < 2 {
		t.Fatalf("%d segments, want several", len(segs))
	}
	return dir, segs
}

func repairOpts(dry bool) RepairOptions {
	return RepairOptions{DryRun: dry, Now: func() time.Time { return t0 }, Host: "h1", Source: "cli"}
}

func TestRepair_MovesCorruptTailAsideAndWritersResume(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 3)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	good := readFile(t, seg)
	const corrupt, torn = "garbage one\n{\"v\":1,\"seq\":4,broken}\n", `{"v":1,"se`
	const bad = corrupt + torn
	appendRaw(t, seg, corrupt)
	if _, err := NewWriter(dir, testOptions()).Append(context.Background(), verdict(9)); err == nil {
		t.Fatal("the writer appended after a corrupt tail")
	}
	appendRaw(t, seg, torn) // a writer that died mid-line after the damage
	j, _ := Open(dir)
	if _, err := j.LastSeq(); !Skippable(err) {
		t.Fatalf("LastSeq on a corrupt tail: %v", err)
	}
	if last, err := j.LastGoodSeq(); err != nil || last != 3 {
		t.Fatalf("LastGoodSeq = %d, %v; want 3", last, err)
	}

	dry, err := Repair(context.Background(), dir, repairOpts(true))
	if err != nil {
		t.Fatal(err)
	}
	want := RepairResult{Segment: filepath.Base(seg), Offset: int64(len(good)), Lines: 2, TornBytes: int64(len(torn)), Bytes: int64(len(bad)), LastSeq: 3, DryRun: true}
	if dry != want {
		t.Fatalf("dry run:\n got %+v\nwant %+v", dry, want)
	}
	if got := readFile(t, seg); string(got) != string(good)+bad {
		t.Fatal("a dry run changed the segment")
	}
	if _, err := os.Stat(filepath.Join(dir, quarantineDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a dry run made quarantine/: %v", err)
	}

	res, err := Repair(context.Background(), dir, repairOpts(false))
	if err != nil {
		t.Fatal(err)
	}
	if res.Quarantine != "quarantine/00000000000000000001.jsonl."+itoa(uint64(len(good)))+".20261123T120000Z.bad" {
		t.Fatalf("quarantine name %q", res.Quarantine)
	}
	if q := readFile(t, filepath.Join(dir, res.Quarantine)); string(q) != bad {
		t.Fatalf("quarantine holds %q, want the cut bytes %q", q, bad)
	}
	r := res.Record
	if r == nil || r.Seq != 4 || r.Kind != KindJournal || r.Syscall != SysRepair || r.Verdict != VerdictRepaired || r.Subject != filepath.Base(seg) || r.Host != "h1" {
		t.Fatalf("repair record %+v", r)
	}
	for _, kv := range []string{`"lines":2`, `"bytes":` + itoa(uint64(len(bad))), `"last_seq":3`, `"torn_bytes":10`, `"quarantine":"` + res.Quarantine + `"`} {
		if !strings.Contains(string(r.Detail), kv) {
			t.Errorf("detail %s lacks %s", r.Detail, kv)
		}
	}
	if after := readFile(t, seg); string(after) != string(good)+string(r.AppendLine(nil)) {
		t.Fatalf("segment after repair, want the good records and the repair record:\n%s", after)
	}
	w2 := NewWriter(dir, testOptions())
	defer w2.Close()
	if r, err := w2.Append(context.Background(), verdict(9)); err != nil || r.Seq != 5 {
		t.Fatalf("append after repair: seq %d, %v", r.Seq, err)
	}
	recs, errs := readAll(t, dir, Query{})
	if len(recs) != 5 || len(errs) != 0 {
		t.Fatalf("%d records, errors %v", len(recs), errs)
	}
	if rep, err := Verify(context.Background(), dir); err != nil || !rep.Intact() || rep.LastSeq != 5 {
		t.Fatalf("verify after repair: %v %+v", err, rep.Breach)
	}
	if again, err := Repair(context.Background(), dir, repairOpts(false)); err != nil || again.Cut() || again.Record != nil || again.LastSeq != 5 {
		t.Fatalf("second repair: %+v %v", again, err)
	}
}

func TestRepair_NeverCutsGoodRecords(t *testing.T) {
	for name, tail := range map[string]string{
		"corruption followed by a record": "garbage\n",
		"a record from a newer dos":       "",
		"an intact journal":               "",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			w := NewWriter(dir, testOptions())
			appendN(t, w, 2)
			w.Close()
			seg := segmentFiles(t, dir)[0]
			switch name {
			case "corruption followed by a record":
				appendRaw(t, seg, tail)
				// A later record, as a hand edit or a foreign tool might leave.
				last := readFile(t, seg)
				lines := bytes.Split(bytes.TrimSpace(last), []byte("\n"))
				appendRaw(t, seg, string(lines[1])+"\n")
			case "a record from a newer dos":
				appendRaw(t, seg, `{"v":2,"seq":3,"future":true}`+"\n")
			}
			before := readFile(t, seg)
			res, err := Repair(context.Background(), dir, repairOpts(false))
			if err != nil || res.Cut() || res.Record != nil {
				t.Fatalf("%+v %v", res, err)
			}
			if !bytes.Equal(readFile(t, seg), before) {
				t.Fatal("the segment changed")
			}
		})
	}
}

func TestRepair_WholeNewestSegmentCorruptResumesAfterThePreviousOne(t *testing.T) {
	dir, segs := segmented(t)
	newest := filepath.Join(dir, segs[len(segs)-1].name)
	if err := os.WriteFile(newest, []byte("\x00\x00\x00 zeroed by a crash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Repair(context.Background(), dir, repairOpts(false))
	if err != nil {
		t.Fatal(err)
	}
	first := segs[len(segs)-1].first
	if res.Offset != 0 || res.Lines != 1 || res.LastSeq != first-1 || res.Record == nil || res.Record.Seq != first {
		t.Fatalf("%+v", res)
	}
	if rep, err := Verify(context.Background(), dir); err != nil || !rep.Intact() {
		t.Fatalf("verify: %v %+v", err, rep.Breach)
	}
}

func TestRepair_RefusesWhatItCannotFix(t *testing.T) {
	if _, err := Repair(context.Background(), filepath.Join(t.TempDir(), "none"), repairOpts(false)); !errors.Is(err, ErrNoJournal) {
		t.Fatalf("missing journal: %v", err)
	}
	if _, err := Repair(context.Background(), t.TempDir(), repairOpts(false)); !errors.Is(err, ErrNoJournal) {
		t.Fatalf("a directory with no segment: %v", err)
	}
	dir, segs := segmented(t)
	sealed := filepath.Join(dir, segs[len(segs)-1].name)
	appendRaw(t, sealed, "bit rot\n")
	empty := filepath.Join(dir, segmentName(99))
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, sealed)
	_, err := Repair(context.Background(), dir, repairOpts(false))
	if !errors.Is(err, ErrNotRepairable) || !strings.Contains(err.Error(), "restore it from a backup") {
		t.Fatalf("err = %v", err)
	}
	if !bytes.Equal(readFile(t, sealed), before) {
		t.Fatal("a refused repair changed the segment")
	}
}
