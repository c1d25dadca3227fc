package pipes

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestExportE2E_SIGKILLedFileExportsLeaveNoTornLine kills `dos export --to
// file` at random moments, at least 50 times, with batches big enough that
// a kill lands inside a write; then a final run finishes. The destination
// must parse line by line and hold every record.
func TestExportE2E_SIGKILLedFileExportsLeaveNoTornLine(t *testing.T) {
	const n, batch = 40000, 20000 // ~8 MB per write
	trials := 60
	if testing.Short() {
		trials = 8
	}
	j := exportJournal(t, n)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	args := []string{"--journal", j, "export", "--to", "file", "--path", out, "--batch", fmt.Sprint(batch)}
	// One whole run first (the binary built before): it tells how long a
	// run takes on this machine now.
	dosBinary(t)
	start := time.Now()
	if stdout, stderr, code := runDos(t, args...); code != 0 {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	whole := time.Since(start)
	kills, torn := 0, 0
	for i := 0; i < trials; i++ {
		// each trial starts from a fresh cursor, so every run writes; a
		// destination that ends cleanly is emptied (nothing to prove), a
		// torn one is kept for the next run to cut
		os.RemoveAll(filepath.Join(j, "cursors"))
		if b, err := os.ReadFile(out); err == nil && len(b) > 0 && b[len(b)-1] == '\n' {
			parseLines(t, out, kills) // what the last run appended to a torn file must still parse
			os.Truncate(out, 0)
		}
		cmd := exec.Command(dosBinary(t), args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Most kills land where the file is growing: inside a write, which
		// is what tears a line. The rest land anywhere in the run.
		if i%4 == 3 {
			time.Sleep(time.Duration(rand.Int64N(int64(whole))))
		} else {
			waitGrowth(out, size(out), whole*2)
			time.Sleep(time.Duration(rand.IntN(1500)) * time.Microsecond)
		}
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
		if b, err := os.ReadFile(out); err == nil && len(b) > 0 && b[len(b)-1] != '\n' {
			torn++ // what the next run must cut
		}
	}
	os.RemoveAll(filepath.Join(j, "cursors"))
	if stdout, stderr, code := runDos(t, args...); code != 0 {
		t.Fatalf("final run: exit %d\n%s%s", code, stdout, stderr)
	}
	seen, lineNo := parseLines(t, out, kills)
	if len(seen) != n {
		t.Fatalf("%d distinct records of %d after %d kills", len(seen), n, kills)
	}
	t.Logf("%d kills (a run takes %s), %d left a torn last line; %d lines, every record present, none torn", kills, whole.Round(time.Millisecond), torn, lineNo)
}

func size(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// waitGrowth polls path until it is larger than from, at most for d.
func waitGrowth(path string, from int64, d time.Duration) {
	deadline := time.Now().Add(d)
	for size(path) <= from && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond)
	}
}

// parseLines reads the destination line by line: every line must be a
// journal record. It returns the ids seen and the number of lines.
func parseLines(t *testing.T, path string, kills int) (map[string]bool, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	seen := map[string]bool{}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		var r struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.ID == "" {
			t.Fatalf("line %d of the destination is not a record after %d kills: %v\n%.200s", lineNo, kills, err, sc.Text())
		}
		seen[r.ID] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return seen, lineNo
}
