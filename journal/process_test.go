package journal

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// appenderBin builds crashtest/appender once per test binary, into a
// directory TestMain removes.
var appenderBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dos-appender-")
	if err != nil {
		return "", err
	}
	bigJournals.Store("appender", dir)
	bin := filepath.Join(dir, "appender")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "./crashtest/appender")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build appender: %v\n%s", err, out)
	}
	return bin, nil
})

func appender(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("process trials skipped in -short mode")
	}
	bin, err := appenderBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// acks parses "ack SEQ ID" lines into seq -> id.
func acks(t *testing.T, out []byte, into map[uint64]string) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			t.Fatalf("bad ack line %q", sc.Text())
		}
		seq, _ := strconv.ParseUint(f[1], 10, 64)
		if prev, dup := into[seq]; dup {
			t.Fatalf("seq %d acknowledged twice (%s and %s)", seq, prev, f[2])
		}
		into[seq] = f[2]
	}
}

func TestProcesses_EightWritersGapFree(t *testing.T) {
	bin := appender(t)
	dir := t.TempDir()
	const procs, per = 8, 500
	outs := make([]bytes.Buffer, procs)
	var cmds []*exec.Cmd
	for p := 0; p < procs; p++ {
		cmd := exec.Command(bin, "-dir", dir, "-n", strconv.Itoa(per), "-segment-size", "4096", "-tag", fmt.Sprintf("p%d", p))
		cmd.Stdout, cmd.Stderr = &outs[p], os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for p, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v", p, err)
		}
	}
	got := map[uint64]string{}
	for p := range outs {
		acks(t, outs[p].Bytes(), got)
	}
	if len(got) != procs*per {
		t.Fatalf("%d acknowledged seqs, want %d", len(got), procs*per)
	}
	recs, errs := readAll(t, dir, Query{})
	if len(errs) > 0 || len(recs) != procs*per {
		t.Fatalf("read %d records, errors %v", len(recs), errs)
	}
	ids := map[string]bool{}
	for i, r := range recs {
		if r.Seq != uint64(i+1) {
			t.Fatalf("record %d has seq %d", i, r.Seq)
		}
		if got[r.Seq] != r.ID {
			t.Fatalf("seq %d: acknowledged id %s, journal has %s", r.Seq, got[r.Seq], r.ID)
		}
		if ids[r.ID] {
			t.Fatalf("id %s repeated", r.ID)
		}
		ids[r.ID] = true
	}
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() || rep.Records != procs*per {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}

func TestProcesses_SurviveSIGKILL(t *testing.T) {
	bin := appender(t)
	dir := t.TempDir()
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	trials := 200
	acked := map[uint64]string{}
	killedMidRun, beforeFirstSegment := 0, 0
	for trial := 0; trial < trials; trial++ {
		var out bytes.Buffer
		cmd := exec.Command(bin, "-dir", dir, "-segment-size", "8192",
			"-goroutines", strconv.Itoa(1+rng.Intn(4)), "-batch", strconv.Itoa(1+rng.Intn(8)))
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Trial 0 kills at once, so a run nearly always covers a writer
		// killed before it created anything (the log counts them); later
		// trials kill anywhere in the first 25 ms.
		if trial > 0 {
			time.Sleep(time.Duration(rng.Intn(25000)) * time.Microsecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killedMidRun++
		} else if err != nil {
			t.Fatalf("trial %d: appender failed: %v", trial, err)
		}
		acks(t, out.Bytes(), acked)

		if _, err := Open(dir); errors.Is(err, ErrNoJournal) {
			// Killed before the first segment existed: legitimate only if
			// nothing was ever acknowledged.
			if len(acked) > 0 {
				t.Fatalf("trial %d: %d acknowledged records but no journal", trial, len(acked))
			}
			beforeFirstSegment++
			continue
		}
		recs, errs := readAll(t, dir, Query{})
		if len(errs) > 0 {
			t.Fatalf("trial %d: reader errors %v", trial, errs)
		}
		have := make(map[uint64]string, len(recs))
		for i, r := range recs {
			if r.Seq != uint64(i+1) {
				t.Fatalf("trial %d: record %d has seq %d", trial, i, r.Seq)
			}
			have[r.Seq] = r.ID
		}
		for seq, id := range acked {
			if have[seq] != id {
				t.Fatalf("trial %d: acknowledged seq %d (%s) lost; journal has %q", trial, seq, id, have[seq])
			}
		}
		if trial%20 == 19 || trial == trials-1 {
			rep, err := Verify(context.Background(), dir)
			if err != nil || !rep.Intact() {
				t.Fatalf("trial %d: verify %v %+v", trial, err, rep.Breach)
			}
		}
	}
	// The next writer continues the chain after whatever the last kill left.
	w := NewWriter(dir, Options{SegmentSize: 8192})
	r, err := w.Append(context.Background(), verdict(0))
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() || rep.LastSeq != r.Seq {
		t.Fatalf("final verify: %v %+v", err, rep)
	}
	if killedMidRun < trials/2 {
		t.Fatalf("only %d of %d trials were killed mid-run", killedMidRun, trials)
	}
	segs, _ := listSegments(dir)
	t.Logf("%d trials (%d killed mid-run, %d before the first segment existed), %d acknowledged records, %d segments",
		trials, killedMidRun, beforeFirstSegment, len(acked), len(segs))
}

// TestProcesses_RepairNeverCutsALiveJournal runs repair over and over while
// four processes append: it takes the writer lock, so it only ever sees
// whole records and must cut nothing.
func TestProcesses_RepairNeverCutsALiveJournal(t *testing.T) {
	bin := appender(t)
	dir := t.TempDir()
	const procs, goroutines, per = 4, 2, 300
	const total = procs * goroutines * per
	outs := make([]bytes.Buffer, procs)
	var cmds []*exec.Cmd
	for p := 0; p < procs; p++ {
		cmd := exec.Command(bin, "-dir", dir, "-n", strconv.Itoa(per), "-segment-size", "16384", "-goroutines", strconv.Itoa(goroutines))
		cmd.Stdout, cmd.Stderr = &outs[p], os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	done := make(chan error, 1)
	go func() {
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	repairs := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		res, err := Repair(context.Background(), dir, RepairOptions{})
		if errors.Is(err, ErrNoJournal) {
			continue
		}
		if err != nil || res.Cut() {
			t.Fatalf("repair %d on a live journal: %+v %v", repairs, res, err)
		}
		repairs++
	}
	got := map[uint64]string{}
	for p := range outs {
		acks(t, outs[p].Bytes(), got)
	}
	rep, err := Verify(context.Background(), dir)
	if err != nil || !rep.Intact() || rep.Records != total || len(got) != total {
		t.Fatalf("after %d repairs: verify %v %+v, %d acknowledged", repairs, err, rep, len(got))
	}
	if _, err := os.Stat(filepath.Join(dir, quarantineDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("repair quarantined something from a healthy journal")
	}
	t.Logf("%d repairs alongside %d appends", repairs, total)
}
