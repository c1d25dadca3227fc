package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func prunable(t *testing.T) (string, []SegmentInfo) {
	t.Helper()
	dir := t.TempDir()
	w := NewWriter(dir, smallSegments())
	appendN(t, w, 200)
	w.Close()
	infos, err := segmentInfos(dir)
	if err != nil || len(infos) < 5 {
		t.Fatalf("%d segments, %v", len(infos), err)
	}
	return dir, infos
}

func writeCursor(t *testing.T, dir, name, body string) {
	t.Helper()
	os.MkdirAll(filepath.Join(dir, "cursors"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "cursors", name+".json"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cursorAt writes cursor name standing on the record at seq, as an
// exporter would.
func cursorAt(t *testing.T, dir, name string, seq uint64) {
	t.Helper()
	for r, err := range At(dir).Scan(context.Background(), Query{From: seq, Until: seq}) {
		if err != nil {
			t.Fatal(err)
		}
		writeCursor(t, dir, name, fmt.Sprintf(`{"seq": %d, "id": %q, "hash": %q}`, r.Seq, r.ID, r.Hash))
		return
	}
	t.Fatalf("no record at seq %d", seq)
}

func TestPrune_KeepSegmentsLeavesAVerifiableChain(t *testing.T) {
	dir, infos := prunable(t)
	res, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deleted) != len(infos)-2 {
		t.Fatalf("deleted %d of %d", len(res.Deleted), len(infos))
	}
	kept := infos[len(infos)-2]
	if res.Anchor.Seq != kept.FirstSeq-1 {
		t.Errorf("anchor at %d, first kept %d", res.Anchor.Seq, kept.FirstSeq)
	}
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() || rep.FirstSeq != kept.FirstSeq || rep.LastSeq != 200 {
		t.Fatalf("verify %v %+v %+v", err, rep, rep.Breach)
	}
	// The chain goes on from the anchor.
	w := NewWriter(dir, smallSegments())
	defer w.Close()
	r, err := w.Append(context.Background(), verdict(1))
	if err != nil || r.Seq != 201 {
		t.Fatalf("append after prune: %v seq %d", err, r.Seq)
	}
	if rep, _ := Verify(context.Background(), dir); !rep.Intact() {
		t.Fatalf("%+v", rep.Breach)
	}
	// Editing the new first record is still caught: it must chain to the anchor.
	first := filepath.Join(dir, kept.Name)
	b := readFile(t, first)
	os.WriteFile(first, []byte(strings.Replace(string(b), `"SHIPPED"`, `"FAKED"`, 1)), 0o644)
	if rep, _ := Verify(context.Background(), dir); rep.Breach == nil || rep.Breach.Seq != kept.FirstSeq {
		t.Fatalf("breach %+v", rep.Breach)
	}
}

func TestPrune_NeverDeletesTheActiveSegment(t *testing.T) {
	dir, infos := prunable(t)
	res, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1, MaxAge: time.Nanosecond, Now: func() time.Time { return t0.Add(time.Hour) }})
	if err != nil || len(res.Deleted) != len(infos)-1 {
		t.Fatalf("%v deleted %d", err, len(res.Deleted))
	}
	if _, err := os.Stat(filepath.Join(dir, infos[len(infos)-1].Name)); err != nil {
		t.Fatal("active segment deleted")
	}
}

func TestPrune_ByAge(t *testing.T) {
	dir, infos := prunable(t)
	// Segments whose last record is over an hour old go: the first three.
	now := infos[2].LastTS.Add(time.Hour)
	res, err := Prune(context.Background(), dir, PruneOptions{MaxAge: time.Hour - time.Microsecond, Now: func() time.Time { return now }})
	if err != nil || len(res.Deleted) != 3 || res.Deleted[2].Name != infos[2].Name {
		t.Fatalf("%v deleted %d, want 3 (through the third segment)", err, len(res.Deleted))
	}
}

func TestPrune_StopsAtASlowCursorUnlessForced(t *testing.T) {
	dir, infos := prunable(t)
	cursorAt(t, dir, "otlp", 200)
	cursorAt(t, dir, "statsd", infos[1].LastSeq-1)
	res, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deleted) != 1 || res.HeldBy != "statsd" || res.HeldAtSeq != infos[1].LastSeq-1 {
		t.Fatalf("deleted %d held by %q at %d", len(res.Deleted), res.HeldBy, res.HeldAtSeq)
	}
	res, err = Prune(context.Background(), dir, PruneOptions{KeepSegments: 1, Force: true})
	if err != nil || len(res.Deleted) != len(infos)-2 {
		t.Fatalf("forced: %v deleted %d", err, len(res.Deleted))
	}
	if rep, _ := Verify(context.Background(), dir); !rep.Intact() {
		t.Fatalf("%+v", rep.Breach)
	}
}

// TestPrune_RefusesACursorTheJournalDoesNotBack: a cursor edited to a
// seq past the end (on main: prune deleted every segment that cursor
// never delivered), or whose id or hash is not the record's at its seq,
// stops prune with an error naming it; --force prunes anyway.
func TestPrune_RefusesACursorTheJournalDoesNotBack(t *testing.T) {
	for _, body := range []func(r Record) string{
		func(r Record) string { return `{"seq": 99999, "id": "` + r.ID + `", "hash": "` + r.Hash + `"}` },
		func(r Record) string {
			return `{"seq": ` + itoa(r.Seq) + `, "id": "01M844DZP80000000000000000", "hash": "` + r.Hash + `"}`
		},
		func(r Record) string {
			return `{"seq": ` + itoa(r.Seq) + `, "id": "` + r.ID + `", "hash": "` + strings.Repeat("b", 64) + `"}`
		},
	} {
		dir, infos := prunable(t)
		var at Record
		for r, err := range At(dir).Scan(context.Background(), Query{From: 10, Until: 10}) {
			if err != nil {
				t.Fatal(err)
			}
			at = *r
		}
		writeCursor(t, dir, "otlp", body(at))
		_, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1})
		var ie *InvalidCursorError
		if !errors.As(err, &ie) || ie.Err.Cursor != "otlp" || !strings.Contains(err.Error(), "otlp") {
			t.Fatalf("cursor %s: prune err = %v, want a refusal naming otlp", body(at), err)
		}
		if n := len(segmentFiles(t, dir)); n != len(infos) {
			t.Fatalf("segments deleted despite the refusal: %d of %d left", n, len(infos))
		}
		if res, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1, Force: true}); err != nil || len(res.Deleted) != len(infos)-1 {
			t.Fatalf("--force: %v deleted %d", err, len(res.Deleted))
		}
	}
}

func TestPrune_GarbageCursorIsAnError(t *testing.T) {
	dir, _ := prunable(t)
	writeCursor(t, dir, "otlp", `not json`)
	_, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1})
	if err == nil || !strings.Contains(err.Error(), "otlp.json") {
		t.Fatalf("err = %v", err)
	}
	if len(segmentFiles(t, dir)) < 5 {
		t.Fatal("segments deleted despite the error")
	}
}

func TestPrune_DryRunDeletesNothing(t *testing.T) {
	dir, infos := prunable(t)
	res, err := Prune(context.Background(), dir, PruneOptions{KeepSegments: 1, DryRun: true})
	if err != nil || len(res.Deleted) != len(infos)-1 || len(segmentFiles(t, dir)) != len(infos) {
		t.Fatalf("%v %d", err, len(res.Deleted))
	}
}

func TestPrune_NeedsARule(t *testing.T) {
	dir, _ := prunable(t)
	if _, err := Prune(context.Background(), dir, PruneOptions{}); !errors.Is(err, ErrPruneRule) {
		t.Fatalf("err = %v", err)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
