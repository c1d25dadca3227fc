package exporters

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/retry"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/proto"
)

// receiver is an OTLP/HTTP endpoint answering from a script (then 200),
// keeping the uids of each request it answered 200.
type receiver struct {
	mu       sync.Mutex
	script   []func(w http.ResponseWriter)
	requests []time.Time
	accepted [][]string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests = append(rc.requests, time.Now())
	if len(rc.script) > 0 {
		step := rc.script[0]
		rc.script = rc.script[1:]
		if step != nil {
			step(w)
			return
		}
	}
	var req collogpb.ExportLogsServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var uids []string
	for _, rl := range req.ResourceLogs {
		for _, sl := range rl.ScopeLogs {
			for _, lr := range sl.LogRecords {
				for _, a := range lr.Attributes {
					if a.Key == "log.record.uid" {
						uids = append(uids, a.Value.GetStringValue())
					}
				}
			}
		}
	}
	rc.accepted = append(rc.accepted, uids)
	w.WriteHeader(http.StatusOK)
}

func status(code int, retryAfter string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

func (rc *receiver) uids() map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	m := map[string]int{}
	for _, req := range rc.accepted {
		for _, u := range req {
			m[u]++
		}
	}
	return m
}

func otlpTo(t *testing.T, endpoint string) Exporter {
	t.Helper()
	e, err := newOTLP(Settings{Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func otlpOpts(dir string, batch int) Options {
	return Options{Journal: dir, Cursor: "otlp", Batch: batch, Timeout: 3 * time.Second,
		Backoff: retry.Policy{Initial: time.Millisecond, Max: 10 * time.Millisecond}}
}

func TestDrain_ServiceUnavailableTwiceThenDelivered(t *testing.T) {
	dir := fixture(t, "basic")
	rc := &receiver{script: []func(http.ResponseWriter){status(503, ""), status(503, "")}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	res, err := Drain(context.Background(), otlpTo(t, srv.URL), otlpOpts(dir, 100))
	if err != nil || res.Exported != 11 || res.CursorSeq != 11 || res.Retries != 2 || len(rc.requests) != 3 {
		t.Fatalf("res %+v err %v requests %d", res, err, len(rc.requests))
	}
	for _, r := range records(t, dir) {
		if rc.uids()[r.ID] != 1 {
			t.Fatalf("record %d delivered %d times", r.Seq, rc.uids()[r.ID])
		}
	}
}

func TestDrain_RetryAfterIsHonoured(t *testing.T) {
	dir := fixture(t, "basic")
	rc := &receiver{script: []func(http.ResponseWriter){status(429, "1")}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	res, err := Drain(context.Background(), otlpTo(t, srv.URL), otlpOpts(dir, 100))
	if err != nil || res.CursorSeq != 11 || len(rc.requests) != 2 {
		t.Fatalf("res %+v err %v", res, err)
	}
	if gap := rc.requests[1].Sub(rc.requests[0]); gap < time.Second {
		t.Fatalf("retried after %s; the receiver asked for 1s", gap)
	}
}

func TestDrain_RetryAfterBeyondTheTimeoutGivesUpWithoutWaiting(t *testing.T) {
	dir := fixture(t, "basic")
	rc := &receiver{script: []func(http.ResponseWriter){status(503, "3600")}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	start := time.Now()
	res, err := Drain(context.Background(), otlpTo(t, srv.URL), otlpOpts(dir, 100))
	var de *DeliveryError
	if !errors.As(err, &de) || de.Permanent || res.CursorSeq != 0 || time.Since(start) > 2*time.Second {
		t.Fatalf("res %+v err %v after %s", res, err, time.Since(start))
	}
}

func TestDrain_BadRequestIsPermanentCursorAtLastAck(t *testing.T) {
	dir := fixture(t, "basic")
	rc := &receiver{script: []func(http.ResponseWriter){nil, nil, status(400, "")}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	res, err := Drain(context.Background(), otlpTo(t, srv.URL), otlpOpts(dir, 4))
	var de *DeliveryError
	if !errors.As(err, &de) || !de.Permanent || IsConfig(err) {
		t.Fatalf("err = %v, want a permanent delivery error", err)
	}
	if len(rc.requests) != 3 || res.Exported != 8 || res.CursorSeq != 8 || res.Retries != 0 {
		t.Fatalf("requests %d, res %+v", len(rc.requests), res)
	}
	if c, _, _ := LoadCursor(dir, "otlp"); c.Seq != 8 {
		t.Fatalf("saved cursor at %d, want 8", c.Seq)
	}
}

func TestDrain_CollectorDownLosesNothing(t *testing.T) {
	dir := fixture(t, "basic")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nobody listens there now
	o := otlpOpts(dir, 4)
	o.Timeout = 300 * time.Millisecond
	res, err := Drain(context.Background(), otlpTo(t, "http://"+addr), o)
	var de *DeliveryError
	if !errors.As(err, &de) || de.Permanent || res.Exported != 0 {
		t.Fatalf("res %+v err %v", res, err)
	}
	// The cursor is recorded at its start before the first send, so export
	// status shows the destination and prune holds its segments, and it
	// did not move: nothing was acknowledged.
	if c, ok, err := LoadCursor(dir, "otlp"); err != nil || !ok || c.Seq != 0 || !c.LastSuccess.IsZero() || c.Exported != 0 {
		t.Fatalf("cursor while the collector was down: %+v %v %v", c, ok, err)
	}
	rc := &receiver{}
	srv := httptest.NewUnstartedServer(rc)
	if srv.Listener, err = net.Listen("tcp", addr); err != nil {
		t.Skipf("port %s was taken meanwhile: %v", addr, err)
	}
	srv.Start()
	defer srv.Close()
	res, err = Drain(context.Background(), otlpTo(t, "http://"+addr), o)
	if err != nil || res.Exported != 11 || res.CursorSeq != 11 || len(rc.uids()) != 11 {
		t.Fatalf("rerun: %+v %v, %d uids", res, err, len(rc.uids()))
	}
}

func TestDrain_SinceBeyondTheEndIsNothingToDo(t *testing.T) {
	dir := fixture(t, "basic")
	o := fileOpts(dir, "file")
	o.Since = 500
	res, err := Drain(context.Background(), fileExp(t, filepath.Join(t.TempDir(), "x")), o)
	if err != nil || res.Exported != 0 || res.CursorSeq != 0 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestDrain_SinceBeforeTheCursorResendsWithoutRewindingIt(t *testing.T) {
	dir := fixture(t, "basic")
	out := filepath.Join(t.TempDir(), "x")
	if _, err := Drain(context.Background(), fileExp(t, out), fileOpts(dir, "file")); err != nil {
		t.Fatal(err)
	}
	o := fileOpts(dir, "file")
	o.Since, o.Until = 2, 3
	res, err := Drain(context.Background(), fileExp(t, out), o)
	if err != nil || res.Exported != 2 || res.CursorSeq != 11 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestDrain_FilterSendsOnlyMatchesAndPassesTheRest(t *testing.T) {
	dir := fixture(t, "basic")
	out := filepath.Join(t.TempDir(), "x")
	o := fileOpts(dir, "file")
	o.Filter = Filter{Syscalls: []string{"verify"}}
	res, err := Drain(context.Background(), fileExp(t, out), o)
	if err != nil || res.Exported != 2 || res.Filtered != 9 || res.CursorSeq != 11 || len(idsInFile(t, out)) != 2 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestDrain_BadLinesAreCountedNeverSilentlyDropped(t *testing.T) {
	dir := fixture(t, "corrupt-line")
	var warned []string
	o := fileOpts(dir, "file")
	o.Warn = func(s string) { warned = append(warned, s) }
	res, err := Drain(context.Background(), fileExp(t, filepath.Join(t.TempDir(), "x")), o)
	if err != nil || res.BadLines != 1 || res.Exported != 6 || len(warned) != 1 {
		t.Fatalf("%+v %v %q", res, err, warned)
	}
}

func TestDrain_TwoExportsOnOneCursorSendEachRecordOnce(t *testing.T) {
	dir := newJournal(t, 3000)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := fileOpts(dir, "file")
			o.Batch, o.LockWait = 50, 30*time.Second
			_, errs[i] = Drain(context.Background(), fileExp(t, out), o)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	ids := idsInFile(t, out)
	for id, n := range ids {
		if n != 1 {
			t.Fatalf("record %s exported %d times", id, n)
		}
	}
	if len(ids) != 3000 {
		t.Fatalf("exported %d records, want 3000", len(ids))
	}
}

func TestDrain_BusyCursorIsRefusedAfterTheWait(t *testing.T) {
	dir := fixture(t, "basic")
	lk, err := lockCursor(context.Background(), dir, "null", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer lk.release()
	_, err = Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null", LockWait: 50 * time.Millisecond})
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v", err)
	}
}

func TestDrain_FollowExportsNewRecordsAndStopsCleanly(t *testing.T) {
	dir := newJournal(t, 10)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type ret struct {
		res Result
		err error
	}
	done := make(chan ret, 1)
	go func() {
		o := fileOpts(dir, "file")
		o.Follow, o.Interval = true, 10*time.Millisecond
		res, err := Drain(ctx, fileExp(t, out), o)
		done <- ret{res, err}
	}()
	for i := 0; i < 3; i++ {
		appendRecords(t, dir, 7)
		time.Sleep(30 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(idsInFile(t, out)) < 31 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	r := <-done
	if r.err != nil || !r.res.Interrupted || r.res.CursorSeq != 31 || len(idsInFile(t, out)) != 31 {
		t.Fatalf("%+v %v, %d in file", r.res, r.err, len(idsInFile(t, out)))
	}
}

func TestDrain_NoJournalIsNothingToDoAndCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	res, err := Drain(context.Background(), nullExporter{}, Options{Journal: dir, Cursor: "null"})
	if err != nil || !res.NoJournal || res.Exported != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("export created %s", dir)
	}
}
