package pipes

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
	"github.com/oklog/ulid/v2"
)

var (
	dosBinOnce sync.Once
	dosBinPath string
	dosBinErr  error
)

// dosBinary builds dos-pipes (which runs every command) once per test binary.
func dosBinary(t testing.TB) string {
	t.Helper()
	dosBinOnce.Do(func() {
		dir, err := os.MkdirTemp(testTmp, "dos-bin-")
		if err != nil {
			dosBinErr = err
			return
		}
		dosBinPath = filepath.Join(dir, "dos")
		out, err := exec.Command("go", "build", "-o", dosBinPath, "../../../cmd/dos-pipes").CombinedOutput()
		if err != nil {
			dosBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if dosBinErr != nil {
		t.Fatal(dosBinErr)
	}
	return dosBinPath
}

// runDos runs the dos binary to completion and returns stdout, stderr, exit code.
func runDos(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(dosBinary(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "OTEL_EXPORTER_OTLP_ENDPOINT=", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=")
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestExportE2E_RecordsArriveOnceWithTheirTimeTraceUIDAndAttributes(t *testing.T) {
	col := exportertest.StartCollector(t, 0)
	j := fixture(t, "basic")
	start := time.Now()
	r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", col.Endpoint, "--batch", "4")
	want := fmt.Sprintf("exported 11 records (seq 1..11) to otlp %s/v1/logs; cursor otlp at 11\n", col.Endpoint)
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d\n%q\nwant %q\n%s", r.code, r.stdout, want, r.stderr)
	}
	if r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", col.Endpoint); r.code != 0 || !strings.HasPrefix(r.stdout, "nothing to export") {
		t.Fatalf("rerun: exit %d %q", r.code, r.stdout)
	}
	logs := col.Logs(t)
	byUID := map[string]exportertest.Log{}
	for _, l := range logs {
		if _, dup := byUID[l.UID()]; dup {
			t.Fatalf("record %s arrived twice", l.UID())
		}
		byUID[l.UID()] = l
	}
	jr, _ := journal.Open(j)
	n := 0
	for rec, err := range jr.Records(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		l, ok := byUID[rec.ID]
		if !ok {
			t.Fatalf("record %d never arrived", rec.Seq)
		}
		wantTrace := ""
		if rec.RunID != "" {
			u := ulid.MustParseStrict(rec.RunID)
			wantTrace = hex.EncodeToString(u[:])
		}
		switch {
		case !l.Time.Equal(rec.TS):
			t.Errorf("seq %d: time %s, want %s", rec.Seq, l.Time, rec.TS)
		case l.Observed.Before(start.Add(-time.Second)) || l.Observed.After(time.Now()):
			t.Errorf("seq %d: observed %s is not the export time", rec.Seq, l.Observed)
		case l.TraceID != wantTrace:
			t.Errorf("seq %d: trace %q, want %q", rec.Seq, l.TraceID, wantTrace)
		case l.Attrs["dos.seq"] != int64(rec.Seq) || l.Attrs["dos.syscall"] != rec.Syscall || l.Attrs["dos.kind"] != rec.Kind:
			t.Errorf("seq %d: attributes %v", rec.Seq, l.Attrs)
		case rec.Verdict != "" && l.Attrs["dos.verdict"] != rec.Verdict, rec.Lane != "" && l.Attrs["dos.lane"] != rec.Lane,
			rec.RunID != "" && l.Attrs["dos.run_id"] != rec.RunID, rec.Subject != "" && l.Attrs["dos.subject"] != rec.Subject:
			t.Errorf("seq %d: attributes %v", rec.Seq, l.Attrs)
		case l.Resource["service.name"] != "dos" || l.Resource["host.name"] == nil:
			t.Errorf("resource %v", l.Resource)
		case l.Body == "" || strings.Contains(l.Body, "\n"):
			t.Errorf("body %q", l.Body)
		}
	}
	if len(logs) != n || n != 11 {
		t.Fatalf("%d logs arrived for %d records", len(logs), n)
	}
	if l := byUID[mustRecord(t, j, 4).ID]; l.Attrs["dos.detail.sha"] != "e62f74d" || l.Attrs["dos.detail.files_changed"] != int64(2) || l.SeverityText != "INFO" {
		t.Fatalf("seq 4: %+v", l)
	}
	if l := byUID[mustRecord(t, j, 6).ID]; l.SeverityText != "WARN" || l.Severity != 13 {
		t.Fatalf("NOT_SHIPPED severity: %+v", l)
	}
}

func mustRecord(t *testing.T, dir string, seq uint64) *journal.Record {
	t.Helper()
	j, _ := journal.Open(dir)
	for r, err := range j.Scan(context.Background(), journal.Query{From: seq, Until: seq}) {
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Fatalf("no record %d", seq)
	return nil
}

func TestExportE2E_CollectorDownThenUpDeliversEverythingOnce(t *testing.T) {
	exportertest.CollectorBinary(t) // skip early if it cannot be built
	j := exportJournal(t, 500)
	port := exportertest.FreePort(t)
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	stdout, stderr, code := runDos(t, "--journal", j, "export", "--to", "otlp", "--endpoint", endpoint, "--timeout", "1s")
	if code != 1 || !strings.Contains(stdout, "cursor otlp not set") || !strings.Contains(stderr, "still failing") {
		t.Fatalf("down: exit %d\n%s%s", code, stdout, stderr)
	}
	if c, ok, err := exporters.LoadCursor(j, "otlp"); err != nil || !ok || c.Seq != 0 {
		t.Fatalf("the cursor is not held at its start while the collector is down: %+v %v %v", c, ok, err)
	}
	col := exportertest.StartCollector(t, port)
	stdout, stderr, code = runDos(t, "--journal", j, "export", "--to", "otlp", "--endpoint", endpoint)
	if code != 0 || !strings.Contains(stdout, "exported 500 records (seq 1..500)") {
		t.Fatalf("up: exit %d\n%s%s", code, stdout, stderr)
	}
	if uids := countUIDs(col.Logs(t)); len(uids) != 500 || maxCount(uids) != 1 {
		t.Fatalf("%d distinct records, max %d copies", len(uids), maxCount(uids))
	}
}

func countUIDs(logs []exportertest.Log) map[string]int {
	m := map[string]int{}
	for _, l := range logs {
		m[l.UID()]++
	}
	return m
}

func maxCount(m map[string]int) int {
	most := 0
	for _, n := range m {
		most = max(most, n)
	}
	return most
}
