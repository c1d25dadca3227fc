//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
)

// appendRecords appends n verdict records to dir in batches of 50, pausing
// pace between batches, as a busy host's kernel would.
func appendRecords(ctx context.Context, dir string, host string, n int, pace time.Duration) error {
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	for i := 0; i < n; {
		batch := make([]journal.Record, 0, 50)
		for ; len(batch) < 50 && i < n; i++ {
			batch = append(batch, journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Verdict: "SHIPPED",
				Subject: fmt.Sprintf("AUTH%d", i%40), Host: host, Source: "cli",
				Detail: journal.MustDetail(map[string]any{"plan": "AUTH", "files_changed": 1 + i%5})})
		}
		if _, err := w.AppendBatch(ctx, batch); err != nil {
			return err
		}
		if pace > 0 {
			time.Sleep(pace)
		}
	}
	return nil
}

// exportOnce runs one scheduled `dos export --to otlp --json` for a host
// journal and returns its result document and exit code.
func exportOnce(dos, dir, endpoint string) (string, int) {
	cmd := exec.Command(dos, "export", "--to", "otlp", "--journal", dir, "--endpoint", endpoint, "--timeout", "5s", "--json")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "OTEL_SERVICE_NAME=dos"}
	out, err := cmd.Output() // stdout only: the JSON result
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	return string(out), 0
}

// TestE2E_EightHostsScaleOutToOneCollector: 8 journals ("hosts") append and
// export concurrently, every 100 ms like an impatient timer, to one
// Collector that is restarted half-way. Every record must arrive; a record
// may arrive twice only when a batch was retried, and then with one uid.
func TestE2E_EightHostsScaleOutToOneCollector(t *testing.T) {
	tl := getTools(t)
	const hosts, per = 8, 3000
	col := exportertest.StartCollector(t, 0)
	dirs := make([]string, hosts)
	for i := range dirs {
		dirs[i] = filepath.Join(t.TempDir(), fmt.Sprintf("host%d", i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var appends, exporters sync.WaitGroup
	retried := make([]int, hosts) // batches resent, as the export runs report them
	start := time.Now()
	for i, dir := range dirs {
		appends.Add(1)
		go func() {
			defer appends.Done()
			if err := appendRecords(ctx, dir, fmt.Sprintf("host-%d", i), per, 20*time.Millisecond); err != nil {
				t.Error(err)
			}
		}()
		exporters.Add(1)
		go func() {
			defer exporters.Done()
			for ctx.Err() == nil {
				out, _ := exportOnce(tl.dos, dir, col.Endpoint)
				var res struct{ Retries int }
				json.Unmarshal([]byte(out), &res)
				retried[i] += res.Retries
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	// Restart the Collector mid-stream: exports fail (exit 1) and retry.
	time.Sleep(400 * time.Millisecond)
	first := col
	first.Stop()
	time.Sleep(600 * time.Millisecond)
	second := exportertest.StartCollector(t, first.Port)
	appends.Wait()
	cancel()
	exporters.Wait()
	for _, dir := range dirs { // the last tick after the appends ended
		if out, code := exportOnce(tl.dos, dir, second.Endpoint); code != 0 {
			t.Fatalf("final export: exit %d %s", code, out)
		}
	}
	elapsed := time.Since(start)

	logs := append(first.Logs(t), second.Logs(t)...)
	byUID := map[string][]exportertest.Log{}
	for _, l := range logs {
		byUID[l.UID()] = append(byUID[l.UID()], l)
	}
	want, bytes := 0, int64(0)
	for _, dir := range dirs {
		j, err := journal.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := j.Stats(context.Background())
		bytes += st.Bytes
		for r, err := range j.Records(context.Background(), 0) {
			if err != nil {
				t.Fatal(err)
			}
			want++
			got := byUID[r.ID]
			if len(got) == 0 {
				t.Fatalf("record %s (seq %d of %s) never arrived", r.ID, r.Seq, dir)
			}
			for _, l := range got {
				if l.Attrs["dos.seq"] != int64(r.Seq) || l.Attrs["dos.syscall"] != r.Syscall {
					t.Fatalf("duplicate of %s differs: %v", r.ID, l.Attrs)
				}
			}
		}
	}
	dups := len(logs) - len(byUID)
	retries := 0
	for _, n := range retried {
		retries += n
	}
	if len(byUID) != want {
		t.Fatalf("collector holds %d distinct uids, journals hold %d records", len(byUID), want)
	}
	if dups > 0 && retries == 0 {
		t.Fatalf("%d duplicates without any failed (retried) export", dups)
	}
	t.Logf("%d hosts × %d records: %d delivered (%d duplicates, %d batches retried) in %v: %.0f records/s through the Collector; %.0f bytes/record on disk",
		hosts, per, want, dups, retries, elapsed.Round(time.Millisecond), float64(want)/elapsed.Seconds(), float64(bytes)/float64(want))
}

// TestE2E_OverlappingTimerRunsDeliverOnce: two `dos export` invocations on
// one cursor start together, as a fast timer would; each record arrives once.
func TestE2E_OverlappingTimerRunsDeliverOnce(t *testing.T) {
	tl := getTools(t)
	col := exportertest.StartCollector(t, 0)
	dir := filepath.Join(t.TempDir(), "journal")
	if err := appendRecords(context.Background(), dir, "host", 20000, 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	outs := make([]string, 2)
	codes := make([]int, 2)
	for i := range outs {
		wg.Add(1)
		go func() { defer wg.Done(); outs[i], codes[i] = exportOnce(tl.dos, dir, col.Endpoint) }()
	}
	wg.Wait()
	for i := range outs {
		if codes[i] != 0 {
			t.Fatalf("export %d: exit %d %s", i, codes[i], outs[i])
		}
	}
	seen := map[string]int{}
	for _, l := range col.Logs(t) {
		seen[l.UID()]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("uid %s arrived %d times", id, n)
		}
	}
	if len(seen) != 20000 {
		t.Fatalf("%d records arrived, want 20000", len(seen))
	}
	var r0, r1 struct{ Exported int }
	json.Unmarshal([]byte(outs[0]), &r0)
	json.Unmarshal([]byte(outs[1]), &r1)
	if r0.Exported+r1.Exported != 20000 {
		t.Fatalf("the two runs say they exported %d and %d records", r0.Exported, r1.Exported)
	}
	t.Logf("two overlapping runs exported %d and %d records in %v (%.0f records/s into the Collector)", r0.Exported, r1.Exported,
		time.Since(start).Round(time.Millisecond), 20000/time.Since(start).Seconds())
}
