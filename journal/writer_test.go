package journal

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/flock"
	"github.com/oklog/ulid/v2"
)

func TestAppend_CreatesDirectoryAndNumbersFromOne(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing", "journal")
	w := NewWriter(dir, testOptions())
	defer w.Close()
	got := appendN(t, w, 3)
	for i, r := range got {
		if r.Seq != uint64(i+1) {
			t.Errorf("record %d: seq %d, want %d", i, r.Seq, i+1)
		}
		id, err := ulid.ParseStrict(r.ID)
		if err != nil {
			t.Fatalf("id %q: %v", r.ID, err)
		}
		if id.Time() != uint64(r.TS.UnixMilli()) {
			t.Errorf("id time %d != ts %d", id.Time(), r.TS.UnixMilli())
		}
	}
	recs, errs := readAll(t, dir, Query{})
	if len(errs) != 0 || len(recs) != 3 {
		t.Fatalf("read back %d records, errors %v", len(recs), errs)
	}
	if recs[2].Hash != got[2].Hash || recs[0].Subject != "AUTH0" {
		t.Errorf("read back %+v", recs[2])
	}
}

func TestAppend_LineHasDocumentedFieldOrder(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	r := verdict(1)
	r.RunID = "01JD0000000000000000000000"
	r.Lane = "api"
	if _, err := w.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	line := string(readFile(t, segmentFiles(t, dir)[0]))
	order := []string{`{"v":1,`, `"seq":1,`, `"id":`, `"ts":"2026-11-23T12:00:00.001000000Z"`, `"kind":"verdict"`, `"syscall":"verify"`,
		`"verdict":"SHIPPED"`, `"run_id":"01JD0000000000000000000000"`, `"lane":"api"`, `"subject":"AUTH1"`,
		`"detail":{"commits":1}`, `"hash":"`}
	pos := 0
	for _, want := range order {
		i := strings.Index(line[pos:], want)
		if i < 0 {
			t.Fatalf("%q not found in order in %s", want, line)
		}
		pos += i + len(want)
	}
	if !strings.HasSuffix(line, "\"}\n") || strings.Contains(line, `"host"`) {
		t.Errorf("line %q", line)
	}
}

func TestAppend_RejectsBadRecordsBeforeWriting(t *testing.T) {
	big := Record{Kind: KindVerdict, Syscall: "verify", Detail: MustDetail(map[string]string{"x": strings.Repeat("a", MaxLineBytes)})}
	cases := map[string]Record{
		"over 1 MiB":           big,
		"invalid utf8 subject": {Kind: KindVerdict, Syscall: "verify", Subject: "a\xffb"},
		"invalid utf8 detail":  {Kind: KindVerdict, Syscall: "verify", Detail: Detail("{\"a\":\"\xff\"}")},
		"detail not object":    {Kind: KindVerdict, Syscall: "verify", Detail: Detail("[1]")},
		"unknown kind":         {Kind: "bogus", Syscall: "verify"},
		"no syscall":           {Kind: KindVerdict},
		"malformed run id":     {Kind: KindVerdict, Syscall: "verify", RunID: "not-a-ulid"},
		"malformed parent id":  {Kind: KindRun, Syscall: "run.start", ParentRunID: "x"},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			w := NewWriter(dir, testOptions())
			defer w.Close()
			_, err := w.Append(context.Background(), r)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			if segs := segmentFiles(t, dir); len(segs) != 0 {
				t.Errorf("segments written: %v", segs)
			}
		})
	}
}

func TestAppend_EscapesAndRoundTripsStrings(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	subject := "quote\" back\\ nl\n tab\t ctl\x01 <html>& \u2028 é 日本"
	r, err := w.Append(context.Background(), Record{Kind: KindIntent, Syscall: "intent.claim", Subject: subject})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, dir, Query{})
	if len(errs) > 0 || recs[0].Subject != subject || recs[0].Hash != r.Hash {
		t.Fatalf("got %q errs %v", recs[0].Subject, errs)
	}
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() {
		t.Fatalf("verify: %v %+v", err, rep.Breach)
	}
}

func TestAppend_TornTailIsIgnoredByReadersAndTruncatedByNextWriter(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 3)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	whole := readFile(t, seg)
	f, _ := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"v":1,"seq":4,"id":"01J`)
	f.Close()

	recs, errs := readAll(t, dir, Query{})
	if len(recs) != 3 || len(errs) != 0 {
		t.Fatalf("reader saw %d records, errors %v; want 3 and none", len(recs), errs)
	}
	w2 := NewWriter(dir, testOptions())
	defer w2.Close()
	r, err := w2.Append(context.Background(), verdict(9))
	if err != nil {
		t.Fatal(err)
	}
	if r.Seq != 4 {
		t.Errorf("seq after torn tail = %d, want 4", r.Seq)
	}
	after := readFile(t, seg)
	if !bytes.HasPrefix(after, whole) || bytes.Count(after, []byte("\n")) != 4 || bytes.Contains(after, []byte(`"id":"01J{`)) {
		t.Errorf("segment after repair:\n%s", after)
	}
	if rep, _ := Verify(context.Background(), dir); !rep.Intact() {
		t.Errorf("verify: %+v", rep.Breach)
	}
}

func TestAppend_RefusesToGuessAfterCorruptTail(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	appendN(t, w, 2)
	w.Close()
	seg := segmentFiles(t, dir)[0]
	f, _ := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("garbage that is a complete line\n")
	f.Close()
	w2 := NewWriter(dir, testOptions())
	defer w2.Close()
	_, err := w2.Append(context.Background(), verdict(3))
	if err == nil || !strings.Contains(err.Error(), "dos journal repair") {
		t.Fatalf("err = %v", err)
	}
}

func TestAppend_GroupCommitFromManyGoroutines(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, Options{})
	defer w.Close()
	const g, per = 16, 50
	var wg sync.WaitGroup
	seqs := make(chan uint64, g*per)
	for i := 0; i < g; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < per; k++ {
				r, err := w.Append(context.Background(), verdict(k))
				if err != nil {
					t.Error(err)
					return
				}
				seqs <- r.Seq
			}
		}()
	}
	wg.Wait()
	close(seqs)
	seen := map[uint64]bool{}
	for s := range seqs {
		if seen[s] {
			t.Fatalf("seq %d returned twice", s)
		}
		seen[s] = true
	}
	for s := uint64(1); s <= g*per; s++ {
		if !seen[s] {
			t.Fatalf("seq %d never returned", s)
		}
	}
	if rep, err := Verify(context.Background(), dir); err != nil || !rep.Intact() || rep.Records != g*per {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}

func TestAppendBatch_IsAllOrNothingOnInvalidRecord(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	_, err := w.AppendBatch(context.Background(), []Record{verdict(1), {Kind: KindVerdict}})
	if err == nil {
		t.Fatal("want error")
	}
	out, err := w.AppendBatch(context.Background(), []Record{verdict(1), verdict(2), verdict(3)})
	if err != nil || out[2].Seq != 3 {
		t.Fatalf("%v %+v", err, out)
	}
}

func TestAppend_UnwritableDirectoryFailsCleanly(t *testing.T) {
	// A path under a regular file cannot be created, even by root.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	w := NewWriter(filepath.Join(file, "j"), testOptions())
	_, err := w.Append(context.Background(), verdict(1))
	if err == nil || !strings.Contains(err.Error(), "create journal directory") {
		t.Fatalf("err = %v", err)
	}
	if b := readFile(t, file); string(b) != "x" {
		t.Errorf("file changed: %q", b)
	}
}

// TestAppend_EachCallerMayGiveUpAlone holds the directory lock from
// outside, so appends pile up behind it, and cancels three callers in the
// three places one can wait: the leader waiting for the lock, a member of
// a batch waiting for the lock, and a caller still queued. Each returns its
// own context's error at once, while the lock is still held; the others
// commit when it is released, gap-free, without the three.
func TestAppend_EachCallerMayGiveUpAlone(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	if _, err := w.Append(context.Background(), verdict(0)); err != nil { // creates LOCK
		t.Fatal(err)
	}
	held, err := flock.Take(context.Background(), filepath.Join(dir, lockName), 0)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		i   int
		err error
	}
	results := make(chan result, 32)
	cancels := map[int]context.CancelFunc{}
	start := func(i int) {
		ctx, cancel := context.WithCancel(context.Background())
		cancels[i] = cancel
		go func() {
			_, err := w.Append(ctx, verdict(i))
			results <- result{i, err}
		}()
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for k := 0; k < 5000; k++ {
			w.mu.Lock()
			ok := cond()
			w.mu.Unlock()
			if ok {
				return
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	expectGaveUp := func(i int) {
		t.Helper()
		cancels[i]()
		var r result
		select {
		case r = <-results:
		case <-time.After(10 * time.Second):
			t.Fatalf("caller %d did not return after its context was canceled", i)
		}
		if r.i != i || !errors.Is(r.err, context.Canceled) {
			t.Fatalf("caller %d returned (%d, %v); want caller %d with context.Canceled", r.i, r.i, r.err, i)
		}
	}
	start(1) // leads a batch of one and waits for the held lock
	waitFor("the leader to take its batch", func() bool { return w.committing && len(w.queue) == 0 && w.lastBatch == 1 })
	for i := 2; i <= 16; i++ {
		start(i)
	}
	waitFor("15 queued callers", func() bool { return len(w.queue) == 15 })
	expectGaveUp(1) // the leader: its batch had only itself, so it stops waiting
	waitFor("the next leader to take the 15", func() bool { return len(w.queue) == 0 && w.lastBatch == 15 })
	expectGaveUp(7) // a member of the batch waiting for the lock
	start(17)
	waitFor("one more caller queued", func() bool { return len(w.queue) == 1 })
	expectGaveUp(17) // still queued
	held.Close()
	for k := 0; k < 14; k++ {
		if r := <-results; r.err != nil {
			t.Fatalf("caller %d: %v", r.i, r.err)
		}
	}
	var subjects []string
	recs, errs := readAll(t, dir, Query{})
	for i, r := range recs {
		if r.Seq != uint64(i+1) {
			t.Fatalf("record %d has seq %d", i, r.Seq)
		}
		subjects = append(subjects, r.Subject)
	}
	if len(errs) > 0 || len(recs) != 15 {
		t.Fatalf("%d records (%v), errors %v", len(recs), subjects, errs)
	}
	for _, gone := range []string{"AUTH1", "AUTH7", "AUTH17"} {
		if slices.Contains(subjects, gone) {
			t.Fatalf("%s gave up but was written: %v", gone, subjects)
		}
	}
}
