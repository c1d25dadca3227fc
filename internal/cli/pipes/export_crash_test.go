package pipes

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
)

// TestExportE2E_SIGKILLMidDrainLosesNothing kills `dos export` at random
// moments of a drain, many times, then lets a final run finish: every
// record arrives, and each kill re-sends at most one batch.
func TestExportE2E_SIGKILLMidDrainLosesNothing(t *testing.T) {
	col := exportertest.StartCollector(t, 0)
	const n, batch = 20000, 250
	trials := 12
	if testing.Short() {
		trials = 3
	}
	j := exportJournal(t, n)
	args := []string{"--journal", j, "export", "--to", "otlp", "--endpoint", col.Endpoint, "--batch", fmt.Sprint(batch)}
	kills := 0
	for i := 0; i < trials; i++ {
		cmd := exec.Command(dosBinary(t), args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rand.IntN(150)) * time.Millisecond)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
	}
	stdout, stderr, code := runDos(t, args...)
	if code != 0 {
		t.Fatalf("final run: exit %d\n%s%s", code, stdout, stderr)
	}
	uids := countUIDs(col.Logs(t))
	dups := 0
	for _, c := range uids {
		dups += c - 1
	}
	if len(uids) != n {
		t.Fatalf("%d of %d records arrived after %d kills", len(uids), n, kills)
	}
	if dups > kills*batch {
		t.Fatalf("%d duplicates after %d kills: more than one batch (%d) per kill", dups, kills, batch)
	}
	t.Logf("%d kills, %d duplicates, every record delivered", kills, dups)
}

func TestExportE2E_TwoProcessesOnOneCursorSendEachRecordOnce(t *testing.T) {
	j := exportJournal(t, 20000)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	args := []string{"--journal", j, "export", "--to", "file", "--path", out, "--batch", "100"}
	var wg sync.WaitGroup
	codes := make([]int, 3)
	for i := range codes {
		wg.Add(1)
		go func() { defer wg.Done(); _, _, codes[i] = runDos(t, args...) }()
	}
	wg.Wait()
	b, _ := os.ReadFile(out)
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		id := line[strings.Index(line, `"id":"`)+6:]
		seen[id[:26]]++
	}
	if codes[0]+codes[1]+codes[2] != 0 || len(seen) != 20000 || maxCount(seen) != 1 {
		t.Fatalf("exits %v, %d distinct, max %d copies", codes, len(seen), maxCount(seen))
	}
}

func TestExportE2E_FollowStopsCleanlyOnSIGTERM(t *testing.T) {
	j := exportJournal(t, 100)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var stdout bytes.Buffer
	cmd := exec.Command(dosBinary(t), "--journal", j, "export", "--to", "file", "--path", out, "--follow", "--interval", "20ms")
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	appendExportRecords(t, j, 50)
	deadline := time.Now().Add(20 * time.Second)
	for lines(out) < 150 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil || lines(out) != 150 || !strings.Contains(stdout.String(), "cursor file at 150") {
			t.Fatalf("err %v, %d lines, %q", err, lines(out), stdout.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("--follow did not stop within 20s of SIGTERM")
	}
}

func lines(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}

// scripted is an OTLP/HTTP receiver answering from a list of status codes,
// then 200.
func scripted(codes ...int) (*httptest.Server, *int) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		n++
		if n <= len(codes) {
			w.WriteHeader(codes[n-1])
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	return srv, &n
}
