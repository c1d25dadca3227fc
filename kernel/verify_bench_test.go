package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// discard is an Appender that keeps nothing: the benchmark measures the
// evidence and the verdict, not the journal (measured on its own).
type discard struct{}

func (discard) Append(_ context.Context, r journal.Record) (journal.Record, error) { return r, nil }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// execFloor is the median cost of running argv once: the floor a verdict
// that runs git processes cannot go under.
func execFloor(b *testing.B, dir string, argv ...string) time.Duration {
	var ds []time.Duration
	for i := 0; i < 30; i++ {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		t := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t))
	}
	return median(ds)
}

// BenchmarkVerify10k verifies a phase in a 10,000-commit repository (every
// commit stamped with its own phase): target under 50 ms. Floors measured
// in the same run: one exec of /bin/true; one `git rev-parse HEAD` (verify
// runs it first); and git's own walk reading every commit message
// (`git log --format=%s`), which proving a phase absent cannot avoid.
func BenchmarkVerify10k(b *testing.B) {
	r := gittest.New(b)
	gittest.FastImport(b, r.Dir, 10_000, func(i int) string { return fmt.Sprintf("P%d: change %d", i, i) })
	r.Git("reset", "-q", "--hard", "main")
	trueFloor := execFloor(b, r.Dir, "/bin/true")
	gitFloor := execFloor(b, r.Dir, "git", "rev-parse", "HEAD")
	walkFloor := execFloor(b, r.Dir, "git", "log", "--format=%s", "HEAD")
	for _, c := range []struct{ name, phase, want string }{
		{"shipped-middle", "P5000", vocab.VerdictShipped},
		{"not-shipped", "P10000", vocab.VerdictNotShipped},
	} {
		b.Run(c.name, func(b *testing.B) {
			env := Env{Journal: discard{}, Workspace: r.Dir}
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				t := time.Now()
				res, err := Verify(context.Background(), env, VerifyRequest{Plan: "P", Phase: c.phase})
				ds = append(ds, time.Since(t))
				if err != nil || res.Verdict.Token != c.want {
					b.Fatalf("%v %+v", err, res.Verdict)
				}
			}
			m := median(ds)
			b.ReportMetric(float64(m)/1e6, "median-ms")
			b.ReportMetric(float64(trueFloor)/1e6, "exec-true-ms")
			b.ReportMetric(float64(gitFloor)/1e6, "git-rev-parse-ms")
			b.ReportMetric(float64(walkFloor)/1e6, "git-walk-ms")
			b.ReportMetric(float64(m)/float64(gitFloor+walkFloor), "x-floor")
		})
	}
}

// BenchmarkSyscallInProcess is one pure verdict end to end inside a
// process: classify, encode, one durable append. Floor from the same run:
// a raw write+fdatasync of a line of the same size to a plain file.
func BenchmarkSyscallInProcess(b *testing.B) {
	dir := b.TempDir()
	w := journal.NewWriter(filepath.Join(dir, "journal"), journal.Options{})
	defer w.Close()
	env := Env{Journal: w, Host: "build-7", Source: vocab.SourceCLI, RunID: "01JD6Z3Y8T0000000000000A01"}
	f, err := os.Create(filepath.Join(dir, "floor"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	res, _ := Breaker(context.Background(), env, 1, 4, vocab.DefaultBreaker())
	line, _ := json.Marshal(res.Record)
	var floor []time.Duration
	for i := 0; i < 50; i++ {
		t := time.Now()
		f.Write(append(line, '\n'))
		journal.SyncData(f)
		floor = append(floor, time.Since(t))
	}
	b.ResetTimer()
	ds := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		t := time.Now()
		res, err := Breaker(context.Background(), env, 1, 4, vocab.DefaultBreaker())
		ds = append(ds, time.Since(t))
		if err != nil || res.JournalErr != nil {
			b.Fatal(err, res.JournalErr)
		}
	}
	m, fl := median(ds), median(floor)
	b.ReportMetric(float64(m)/1e3, "median-µs")
	b.ReportMetric(float64(fl)/1e3, "fsync-µs")
	b.ReportMetric(float64(m)/float64(fl), "x-floor")
}
