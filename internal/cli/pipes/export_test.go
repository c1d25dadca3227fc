package pipes

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
)

// exportJournal writes n verdict records (three runs) into a fresh journal.
func exportJournal(t testing.TB, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "journal")
	appendExportRecords(t, dir, n)
	return dir
}

func appendExportRecords(t testing.TB, dir string, n int) {
	t.Helper()
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	runs := []string{"01JD6Z3Y8T0000000000000A01", "01JD6Z3Y8T0000000000000B02", ""}
	batch := make([]journal.Record, 0, 5000)
	for i := 0; i < n; i++ {
		batch = append(batch, journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Verdict: []string{"SHIPPED", "NOT_SHIPPED"}[i%2],
			RunID: runs[i%3], Lane: "api", Subject: fmt.Sprintf("AUTH%d", i%50), Host: "build-7", Source: "cli",
			Detail: journal.MustDetail(map[string]any{"commits_scanned": i % 977, "matched": 1, "sha": "e62f74d"})})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := w.AppendBatch(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// stable blanks the parts of an output line that change run to run.
func stable(s string) string {
	s = regexp.MustCompile(`/tmp/[^ ;,:]*`).ReplaceAllString(s, "TMP")
	return regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(s, "127.0.0.1:PORT")
}

func TestExport_ResultLinesAndExitCodes(t *testing.T) {
	j := fixture(t, "basic")
	out := filepath.Join(t.TempDir(), "out.jsonl")
	peer := exportertest.ListenStatsd(t)
	var b strings.Builder
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"export", "--to", "file", "--path", out, "--batch", "4"}, 0},
		{[]string{"export", "--to", "file", "--path", out}, 0},
		{[]string{"export", "--to", "file", "--path", out, "--since", "99"}, 0},
		{[]string{"export", "--to", "statsd", "--addr", peer.Addr, "--syscall", "verify,liveness"}, 0},
		{[]string{"export", "--to", "null", "--kind", "run", "--until", "7"}, 0},
		{[]string{"export", "--to", "null", "--cursor", "dry", "--dry-run"}, 0},
		{[]string{"export", "--to", "carrier-pigeon"}, 2},
		{[]string{"export"}, 2},
		{[]string{"export", "--to", "file"}, 2},
		{[]string{"export", "--to", "null", "--since", "zero"}, 2},
		{[]string{"export", "--to", "null", "--since", "9", "--until", "3"}, 2},
		{[]string{"export", "--to", "null", "--cursor", "../escape"}, 2},
		{[]string{"export", "--to", "otlp", "--endpoint", "grpc://x:4317"}, 2},
		{[]string{"export", "--to", "file", "--path", filepath.Join(t.TempDir(), "other.jsonl")}, 2},
	} {
		r := dos(t, nil, append([]string{"--journal", j}, c.args...)...)
		if r.code != c.code {
			t.Errorf("dos %s: exit %d, want %d\n%s%s", strings.Join(c.args, " "), r.code, c.code, r.stdout, r.stderr)
		}
		fmt.Fprintf(&b, "$ dos %s  # exit %d\n%s%s", stable(strings.Join(c.args, " ")), r.code, stable(r.stdout), stable(r.stderr))
	}
	golden(t, "export/cli.txt", b.String())
}

func TestExport_GarbageCursorIsExit2WithOneClearLine(t *testing.T) {
	j := fixture(t, "basic")
	os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
	os.WriteFile(filepath.Join(j, "cursors", "null.json"), []byte("not a cursor\n"), 0o644)
	r := dos(t, nil, "--journal", j, "export", "--to", "null")
	if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "cursors/null.json") || r.stdout != "" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, nil, "--journal", j, "export", "status"); r.code != 2 || !strings.Contains(r.stdout, "unreadable") {
		t.Fatalf("status: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, nil, "--journal", j, "export", "--to", "null", "--reset"); r.code != 0 {
		t.Fatalf("--reset: exit %d %s", r.code, r.stderr)
	}
}

func TestExport_ReplacedJournalIsRefusedUntilReset(t *testing.T) {
	j := exportJournal(t, 30)
	if r := dos(t, nil, "--journal", j, "export", "--to", "null"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	saved, _ := os.ReadFile(filepath.Join(j, "cursors", "null.json"))
	os.RemoveAll(j)
	appendExportRecords(t, j, 40)
	os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
	os.WriteFile(filepath.Join(j, "cursors", "null.json"), saved, 0o644)
	r := dos(t, nil, "--journal", j, "export", "--to", "null")
	if r.code != 2 || !strings.Contains(r.stderr, "does not match this journal") || !strings.Contains(r.stderr, "--reset") {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
	r = dos(t, nil, "--journal", j, "export", "--to", "null", "--reset")
	if r.code != 0 || !strings.Contains(r.stdout, "exported 40 records (seq 1..40) to null; cursor null at 40") {
		t.Fatalf("exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestExport_JSONResultAndStatus(t *testing.T) {
	j := exportJournal(t, 25)
	r := dos(t, nil, "--journal", j, "--json", "export", "--to", "null", "--until", "20")
	var res exporters.Result
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &res) != nil || res.Exported != 20 || res.CursorSeq != 20 {
		t.Fatalf("exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = dos(t, nil, "--journal", j, "--json", "export", "status")
	var st exporters.StatusReport
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil || len(st.Cursors) != 1 {
		t.Fatalf("exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	c := st.Cursors[0]
	if c.Name != "null" || c.Seq != 20 || c.LagRecords != 5 || c.LagSeconds <= 0 || c.LastSuccess.IsZero() || c.Destination != "null" {
		t.Fatalf("status %+v", c)
	}
}

func TestExport_HelpSaysUDPIsNotAcknowledged(t *testing.T) {
	r := dos(t, nil, "export", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "UDP GIVES NO ACKNOWLEDGEMENT") {
		t.Fatalf("%d %s", r.code, r.stdout)
	}
}

func TestExport_FileToStdoutKeepsStdoutForRecords(t *testing.T) {
	j := fixture(t, "basic")
	r := dos(t, nil, "--journal", j, "export", "--to", "file", "--path", "-")
	want, _ := os.ReadFile(filepath.Join(j, "00000000000000000001.jsonl"))
	if r.code != 0 || r.stdout != string(want) || !strings.Contains(r.stderr, "exported 11 records") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestProgressLine(t *testing.T) {
	got := progressLine(exporters.Progress{Exported: 450, Seq: 500, From: 51, Last: 1050}, 2e9, 20)
	if want := "[=========>          ]  45% seq 500/1050  225 rec/s"; got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestExport_TransientFailuresRetriedPermanentOnesStopWithExit1(t *testing.T) {
	j := fixture(t, "basic")
	srv, n := scripted(503, 503)
	r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", srv.URL, "--verbose")
	srv.Close()
	if r.code != 0 || *n != 3 || !strings.Contains(r.stdout, "cursor otlp at 11") || strings.Count(r.stderr, "retrying") != 2 {
		t.Fatalf("503 twice: exit %d after %d requests\n%s%s", r.code, *n, r.stdout, r.stderr)
	}
	j = fixture(t, "basic")
	srv, n = scripted(200, 400)
	defer srv.Close()
	r = dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", srv.URL, "--batch", "5")
	if r.code != 1 || *n != 2 || !strings.Contains(r.stdout, "exported 5 records (seq 1..5)") || !strings.Contains(r.stdout, "cursor otlp at 5") ||
		!strings.Contains(r.stderr, "permanent") || !strings.Contains(r.stderr, "400") {
		t.Fatalf("400: exit %d after %d requests\n%s%s", r.code, *n, r.stdout, r.stderr)
	}
	if r := dos(t, nil, "--journal", j, "--json", "export", "status"); !strings.Contains(r.stdout, `"seq": 5`) {
		t.Fatalf("status after a permanent failure:\n%s", r.stdout)
	}
}
