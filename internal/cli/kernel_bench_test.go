package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// buildDos builds the dos binary as `make build` does (static, stripped)
// into a temp dir.
func buildDos(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "dos")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "../../cmd/dos")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func medianOf(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func timeExec(b *testing.B, argv ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	t := time.Now()
	err := cmd.Run()
	d := time.Since(t)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 6 { // a verdict's code is not a failure
			b.Fatalf("%v: %v", argv, err)
		}
	}
	return d
}

// fsyncFloor is the median raw write + fdatasync of one record-sized line
// to a plain file in dir: the durability every append pays.
func fsyncFloor(b *testing.B, dir string) time.Duration {
	f, err := os.OpenFile(filepath.Join(dir, "floor"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	line := make([]byte, 330)
	var ds []time.Duration
	for i := 0; i < 50; i++ {
		t := time.Now()
		f.Write(line)
		journal.SyncData(f)
		ds = append(ds, time.Since(t))
	}
	return medianOf(ds)
}

// execFloor is what an exec benchmark is read against, measured in the
// same run: exec of /bin/true, `dos version` (the same binary, no
// journal) and one raw write+fdatasync.
type execFloor struct{ exec, version, sync time.Duration }

// measureFloor takes the medians of 30 execs of each and of fsyncFloor.
func measureFloor(b *testing.B, bin, dir string) execFloor {
	b.Helper()
	var trueDs, versionDs []time.Duration
	for i := 0; i < 30; i++ {
		trueDs = append(trueDs, timeExec(b, "/bin/true"))
		versionDs = append(versionDs, timeExec(b, bin, "version"))
	}
	return execFloor{exec: medianOf(trueDs), version: medianOf(versionDs), sync: fsyncFloor(b, dir)}
}

// report adds the floors and x-floor: median against `dos version` plus
// one fdatasync, what a verdict cannot go below.
func (f execFloor) report(b *testing.B, median time.Duration) {
	b.ReportMetric(float64(f.exec)/1e6, "exec-true-ms")
	b.ReportMetric(float64(f.version)/1e6, "dos-version-ms")
	b.ReportMetric(float64(f.sync)/1e6, "fsync-ms")
	b.ReportMetric(float64(median)/float64(f.version+f.sync), "x-floor")
}

// millionJournal writes 1,000,000 verdict records with AppendBatch.
func millionJournal(b *testing.B, dir string) {
	b.Helper()
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	d := journal.MustDetail(vocab.BreakerDetail{Consecutive: 1, Total: 4, MaxConsecutive: 3, MaxTotal: 20, OnTrip: "none", Reason: vocab.ReasonUnderLimits})
	batch := make([]journal.Record, 10_000)
	for i := range batch {
		batch[i] = journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysBreaker, Verdict: vocab.VerdictClosed,
			RunID: kRunA, Host: "build-7", Source: vocab.SourceCLI, Detail: d}
	}
	for n := 0; n < 1_000_000; n += len(batch) {
		if _, err := w.AppendBatch(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCLISyscall execs the built binary for one verdict: process
// start, one durable append, exit. Runs alternate between an empty journal
// and one holding 1,000,000 records. Targets: median under 5 ms; the
// million-record journal ≤ 1.1× the empty one. Floors from the same run:
// exec of /bin/true, `dos version` (this binary's start with no journal),
// and a raw write+fdatasync.
func BenchmarkCLISyscall(b *testing.B) {
	bin := buildDos(b)
	tmp := b.TempDir()
	empty, million := filepath.Join(tmp, "empty"), filepath.Join(tmp, "million")
	millionJournal(b, million)
	args := func(j string) []string {
		return []string{bin, "--journal", j, "breaker", "--consecutive", "1", "--total", "4", "--run-id", kRunA}
	}
	floor := measureFloor(b, bin, tmp)
	timeExec(b, args(empty)...) // create the empty journal's first segment
	timeExec(b, args(million)...)
	b.ResetTimer()
	var e, m []time.Duration
	for i := 0; i < b.N; i++ {
		e = append(e, timeExec(b, args(empty)...))
		m = append(m, timeExec(b, args(million)...))
	}
	b.StopTimer()
	me, mm := medianOf(e), medianOf(m)
	b.ReportMetric(float64(me)/1e6, "median-empty-ms")
	b.ReportMetric(float64(mm)/1e6, "median-1M-ms")
	b.ReportMetric(float64(mm)/float64(me), "x-empty")
	floor.report(b, me)
}

// BenchmarkCLIExecCapability execs the built binary for exec-capability
// on a realistic agent command line (a pipeline, a subshell, a
// substitution and a bash -c string), alternating with `breaker` — the
// same process start and one durable append with nothing to parse — as
// the floor. parse-ms is the median difference: what the shell parser
// costs per call. x-floor is the ratio of the medians.
func BenchmarkCLIExecCapability(b *testing.B) {
	bin := buildDos(b)
	j := filepath.Join(b.TempDir(), "journal")
	line := `cd api && (go test ./... 2>&1 | tee /tmp/out.txt) && X=$(git rev-parse HEAD) bash -c 'echo "$X" > .last && make lint' || { echo failed; exit 1; }`
	execcap := []string{bin, "--journal", j, "exec-capability", "--command", line, "--run-id", kRunA}
	floor := []string{bin, "--journal", j, "breaker", "--consecutive", "1", "--total", "4", "--run-id", kRunA}
	timeExec(b, floor...)
	b.ResetTimer()
	var e, f []time.Duration
	for i := 0; i < b.N; i++ {
		e = append(e, timeExec(b, execcap...))
		f = append(f, timeExec(b, floor...))
	}
	b.StopTimer()
	me, mf := medianOf(e), medianOf(f)
	b.ReportMetric(float64(me)/1e6, "median-ms")
	b.ReportMetric(float64(mf)/1e6, "floor-ms")
	b.ReportMetric(float64(me-mf)/1e6, "parse-ms")
	b.ReportMetric(float64(me)/float64(mf), "x-floor")
}
