package projections

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
)

// Benchmarks over a 1,000,000-record journal of realistic kernel records
// (benchgen_test.go). Each reports x-floor: its time over a floor measured
// in the same run — a raw journal.Scan of every record for the folds, a
// raw journal.Scan of the run's records (the journal's own run filter) for
// trace. The *Process benchmarks exec the real dos binary, as a user runs
// it, and report its peak RSS from the kernel's rusage. Run them with
//
//	go test ./projections -run '^$' -bench . -benchtime 5x

const benchN = 1_000_000

func openBench(b *testing.B) (*journal.Journal, string) {
	b.Helper()
	if testing.Short() {
		b.Skip("the million-record journal is skipped with -short")
	}
	dir := benchJournal(b, benchN)
	j, err := journal.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return j, dir
}

// rawScan is the floor of the folds: journal.Scan over the query, doing
// nothing with the records.
func rawScan(b *testing.B, j *journal.Journal, q journal.Query) time.Duration {
	start := time.Now()
	for _, err := range j.Scan(context.Background(), q) {
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// foldBench times fold against the raw scan floor, interleaved so drift in
// the machine's load touches both.
func foldBench(b *testing.B, fold func(j *journal.Journal)) {
	j, _ := openBench(b)
	var floor, took time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		floor += rawScan(b, j, journal.Query{})
		b.StartTimer()
		start := time.Now()
		fold(j)
		took += time.Since(start)
	}
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
	b.ReportMetric(float64(floor.Milliseconds())/float64(b.N), "floor-ms")
}

func BenchmarkObserve1M(b *testing.B) {
	foldBench(b, func(j *journal.Journal) {
		if _, err := Observe(context.Background(), j, ObserveOptions{}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkHelped1M(b *testing.B) {
	foldBench(b, func(j *journal.Journal) {
		if _, err := Help(context.Background(), j, HelpedOptions{}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkDecisionsAll1M(b *testing.B) {
	foldBench(b, func(j *journal.Journal) {
		if _, err := Decisions(context.Background(), j, DecisionOptions{Now: benchEnd, All: true}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkTopOnce1M(b *testing.B) {
	foldBench(b, func(j *journal.Journal) {
		if _, _, err := Top(context.Background(), j, nil, TopOptions{Now: benchEnd}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkTrace1M(b *testing.B) {
	j, _ := openBench(b)
	run := midRun(b, j)
	var floor, took time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		floor += rawScan(b, j, journal.Query{RunIDs: []string{run}})
		b.StartTimer()
		start := time.Now()
		if _, err := Trace(context.Background(), j, nil, run, benchEnd); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
	}
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
}

// midRun is a run that has a parent, started near the middle of the journal.
func midRun(b *testing.B, j *journal.Journal) string {
	for r, err := range j.Scan(context.Background(), journal.Query{From: benchN / 2}) {
		if err != nil {
			b.Fatal(err)
		}
		if r.Syscall == "run.start" && r.ParentRunID != "" {
			return r.RunID
		}
	}
	b.Fatal("no run with a parent after the middle")
	return ""
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// dosBinary builds cmd/dos once per benchmark binary.
func dosBinary(b *testing.B) string {
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dos-bench-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "dos")
		if out, err := exec.Command("go", "build", "-o", binPath, "../cmd/dos").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build ../cmd/dos: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

// processBench execs `dos args…` against the benchmark journal b.N times,
// reporting wall time per run, the peak RSS of any run, and x-floor against
// floor, measured in between.
func processBench(b *testing.B, floor func(j *journal.Journal) time.Duration, args ...string) {
	j, dir := openBench(b)
	bin := dosBinary(b)
	args = append(args, "--journal", dir, "--workspace", b.TempDir(), "--json")
	var took, fl time.Duration
	var peak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		fl += floor(j)
		b.StartTimer()
		cmd := exec.Command(bin, args...)
		start := time.Now()
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatalf("dos %v: %v", args, err)
		}
		took += time.Since(start)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
	}
	b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "wall-ms")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	b.ReportMetric(float64(took)/float64(fl), "x-floor")
}

func fullScanFloor(b *testing.B) func(*journal.Journal) time.Duration {
	return func(j *journal.Journal) time.Duration { return rawScan(b, j, journal.Query{}) }
}

func BenchmarkObserve1MProcess(b *testing.B) {
	processBench(b, fullScanFloor(b), "observe")
}

func BenchmarkHelped1MProcess(b *testing.B) {
	processBench(b, fullScanFloor(b), "helped")
}

func BenchmarkDecisionsAll1MProcess(b *testing.B) {
	processBench(b, fullScanFloor(b), "decisions", "--all", "--now", benchEnd.Format(time.RFC3339))
}

func BenchmarkDecisions1MProcess(b *testing.B) {
	processBench(b, fullScanFloor(b), "decisions", "--now", benchEnd.Format(time.RFC3339))
}

func BenchmarkTrace1MProcess(b *testing.B) {
	j, _ := openBench(b)
	run := midRun(b, j)
	processBench(b, func(j *journal.Journal) time.Duration { return rawScan(b, j, journal.Query{RunIDs: []string{run}}) }, "trace", run)
}
