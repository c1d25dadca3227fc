package exporters

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/retry"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
)

func fileOpts(dir, cursor string) Options {
	return Options{Journal: dir, Cursor: cursor, Batch: 4, Timeout: 2 * time.Second,
		Backoff: retry.Policy{Initial: time.Millisecond, Max: 5 * time.Millisecond}}
}

func fileExp(t *testing.T, path string) Exporter {
	t.Helper()
	e, err := newFile(Settings{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestCursor_FileMatchesItsSchemaAndThePrunersReader(t *testing.T) {
	dir := fixture(t, "basic")
	res, err := Drain(context.Background(), fileExp(t, filepath.Join(t.TempDir(), "out.jsonl")),
		Options{Journal: dir, Cursor: "file", Filter: Filter{Kinds: []string{"verdict"}}})
	if err != nil || res.CursorSeq != 11 {
		t.Fatalf("drain: %+v %v", res, err)
	}
	b, err := os.ReadFile(CursorPath(dir, "file"))
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(schemas.ExportCursor, b); err != nil {
		t.Fatalf("cursor file %s does not match its schema: %v", b, err)
	}
	seqs, err := journal.ReadCursorSeqs(dir)
	if err != nil || seqs["file"] != 11 {
		t.Fatalf("journal.ReadCursorSeqs = %v, %v", seqs, err)
	}
	c, ok, err := LoadCursor(dir, "file")
	recs := records(t, dir)
	if err != nil || !ok || c.ID != recs[10].ID || c.Hash != recs[10].Hash || c.Exported != 4 {
		t.Fatalf("cursor %+v ok=%v err=%v", c, ok, err)
	}
}

func TestCursor_GarbageIsAConfigErrorNamingTheFile(t *testing.T) {
	for name, body := range map[string]string{
		"not json": "{{{", "no seq": `{"v":1,"id":"01M7W2Y8K8AE67Z5NHCJZHQ5XV"}`,
		"bad id": `{"v":1,"seq":3,"id":"x","hash":"` + strings.Repeat("a", 64) + `","destination":"null"}`,
		"empty":  "",
	} {
		t.Run(name, func(t *testing.T) {
			dir := fixture(t, "basic")
			os.MkdirAll(filepath.Join(dir, "cursors"), 0o755)
			os.WriteFile(CursorPath(dir, "null"), []byte(body), 0o644)
			_, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null"})
			if !IsConfig(err) || !strings.Contains(err.Error(), CursorPath(dir, "null")) || !strings.Contains(err.Error(), "--reset") {
				t.Fatalf("err = %v", err)
			}
			res, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null", Reset: true})
			if err != nil || res.Exported != 11 || res.CursorSeq != 11 {
				t.Fatalf("--reset: %+v %v", res, err)
			}
		})
	}
}

func TestCursor_JournalReplacedIsRefusedUntilReset(t *testing.T) {
	dir := newJournal(t, 20)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if _, err := Drain(context.Background(), fileExp(t, out), fileOpts(dir, "file")); err != nil {
		t.Fatal(err)
	}
	// A new journal in the same place: same seqs, other ids; the old
	// cursor file survives (restored from a backup, say).
	saved, err := os.ReadFile(CursorPath(dir, "file"))
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	appendRecords(t, dir, 25)
	os.MkdirAll(filepath.Join(dir, "cursors"), 0o755)
	os.WriteFile(CursorPath(dir, "file"), saved, 0o644)
	_, err = Drain(context.Background(), fileExp(t, out), fileOpts(dir, "file"))
	var me *MismatchError
	if !errors.As(err, &me) || !IsConfig(err) || !strings.Contains(err.Error(), "--reset") {
		t.Fatalf("err = %v, want a mismatch naming --reset", err)
	}
	if now, _ := os.ReadFile(CursorPath(dir, "file")); string(now) != string(saved) {
		t.Fatalf("a refused export touched the cursor:\n%s", now)
	}
	o := fileOpts(dir, "file")
	o.Reset = true
	res, err := Drain(context.Background(), fileExp(t, out), o)
	if err != nil || res.Exported != 25 || res.CursorSeq != 25 {
		t.Fatalf("--reset: %+v %v", res, err)
	}
}

func TestCursor_JournalShorterThanTheCursorIsRefused(t *testing.T) {
	dir := newJournal(t, 5)
	c := Cursor{Name: "null", Seq: 9, ID: "01M7W2Y8K8AE67Z5NHCJZHQ5XV", Hash: strings.Repeat("a", 64), Destination: "null"}
	SaveCursor(dir, c)
	_, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null"})
	var me *MismatchError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "ends at seq 5") {
		t.Fatalf("err = %v", err)
	}
}

func TestCursor_AnotherDestinationIsRefused(t *testing.T) {
	dir := fixture(t, "basic")
	a, b := filepath.Join(t.TempDir(), "a.jsonl"), filepath.Join(t.TempDir(), "b.jsonl")
	if _, err := Drain(context.Background(), fileExp(t, a), fileOpts(dir, "file")); err != nil {
		t.Fatal(err)
	}
	_, err := Drain(context.Background(), fileExp(t, b), fileOpts(dir, "file"))
	var de *DestinationError
	if !errors.As(err, &de) || !IsConfig(err) || !strings.Contains(err.Error(), "--cursor") {
		t.Fatalf("err = %v", err)
	}
	res, err := Drain(context.Background(), fileExp(t, b), fileOpts(dir, "file-b"))
	if err != nil || res.Exported != 11 {
		t.Fatalf("a second cursor for the second destination: %+v %v", res, err)
	}
}

func TestCursor_PrunedRecordIsCheckedAgainstTheAnchor(t *testing.T) {
	dir := fixture(t, "segmented")
	segs, _ := journal.At(dir).Segments()
	if len(segs) < 3 {
		t.Fatalf("fixture has %d segments", len(segs))
	}
	held := segs[0].LastSeq
	recs := records(t, dir)
	at := recs[held-1]
	ok := Cursor{Name: "null", Seq: at.Seq, ID: at.ID, Hash: at.Hash, TS: at.TS, Destination: "null"}
	if err := SaveCursor(dir, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := journal.Prune(context.Background(), dir, journal.PruneOptions{KeepSegments: len(segs) - 1}); err != nil {
		t.Fatal(err)
	}
	res, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null", DryRun: true})
	if err != nil || res.FirstSeq != held+1 {
		t.Fatalf("a cursor at the prune anchor must resume after it: %+v %v", res, err)
	}
	bad := ok
	bad.Hash = strings.Repeat("b", 64)
	SaveCursor(dir, bad)
	var me *MismatchError
	if _, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null"}); !errors.As(err, &me) {
		t.Fatalf("a cursor whose hash is not the anchor's: err = %v", err)
	}
}

func TestCursor_NamesThatAreNotFileNamesAreRefused(t *testing.T) {
	for _, n := range []string{"", ".hidden", "a/b", "../x", strings.Repeat("x", 65), "sp ace"} {
		if err := ValidCursorName(n); !IsConfig(err) {
			t.Errorf("ValidCursorName(%q) = %v", n, err)
		}
	}
	for _, n := range []string{"otlp", "otlp-prod.eu_1", "9"} {
		if err := ValidCursorName(n); err != nil {
			t.Errorf("ValidCursorName(%q) = %v", n, err)
		}
	}
}

func TestCursor_RecordedBeforeTheFirstDeliveryMatchesItsSchema(t *testing.T) {
	dir := fixture(t, "basic")
	c := Cursor{Name: "otlp", Hash: journal.GenesisHash, Destination: "otlp http://127.0.0.1:9/v1/logs", UpdatedAt: time.Now().UTC()}
	if err := SaveCursor(dir, c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(CursorPath(dir, "otlp"))
	if err := schemas.Validate(schemas.ExportCursor, b); err != nil {
		t.Fatalf("a cursor at 0 does not match its schema: %v\n%s", err, b)
	}
	if got, ok, err := LoadCursor(dir, "otlp"); err != nil || !ok || got.Seq != 0 {
		t.Fatalf("LoadCursor: %+v %v %v", got, ok, err)
	}
	bad := bytes.Replace(b, []byte(`"id":""`), []byte(`"id":"x"`), 1)
	if err := schemas.Validate(schemas.ExportCursor, bad); err == nil {
		t.Fatal("the schema takes a seq-0 cursor with an id")
	}
	if _, err := ParseCursor(bad); err == nil {
		t.Fatal("ParseCursor takes a seq-0 cursor with an id")
	}
}
