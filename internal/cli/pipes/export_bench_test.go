//go:build unix

// Peak RSS comes from the child's rusage, which Windows does not keep.

package pipes

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
)

// Export benchmarks run the real dos binary over a 1,000,000-record journal
// and report records/s, the process's peak RSS, the target, and
// x-floor: the drain's time over a floor measured in the same run (for null,
// a raw sequential read of the segments; for the others, the null drain,
// i.e. reading and deciding with no delivery at all).

const benchRecords = 1_000_000

// benchJournal is a million-record journal kept under the temp dir between
// runs (it takes a while to write); its cursors are cleared per use.
func benchJournal(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "dos-export-bench-1M")
	if j, err := journal.Open(dir); err == nil {
		if last, err := j.LastSeq(); err == nil && last == benchRecords {
			os.RemoveAll(filepath.Join(dir, "cursors"))
			return dir
		}
	}
	os.RemoveAll(dir)
	appendExportRecords(b, dir, benchRecords)
	return dir
}

// exportRun runs one `dos export` to completion and returns its wall time,
// peak RSS in MiB and CPU time (user + system: what the drain itself cost,
// whatever else the machine was running).
func exportRun(b *testing.B, args ...string) (time.Duration, float64, time.Duration) {
	b.Helper()
	cmd := exec.Command(dosBinary(b), args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("dos %v: %v", args, err)
	}
	took := time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return took, float64(ru.Maxrss) / 1024, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() // Maxrss: KiB on Linux
}

func rawRead(dir string) time.Duration {
	segs, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	buf := make([]byte, 1<<20)
	start := time.Now()
	for _, s := range segs {
		f, _ := os.Open(s)
		for {
			if _, err := f.Read(buf); err != nil {
				break
			}
		}
		f.Close()
	}
	return time.Since(start)
}

func benchExport(b *testing.B, target float64, args func() []string) {
	dir := benchJournal(b)
	base := []string{"--journal", dir, "export"}
	var took, floor, cpu time.Duration
	var rss float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		os.RemoveAll(filepath.Join(dir, "cursors"))
		a := args()
		if a[1] == "null" {
			floor += rawRead(dir)
		} else {
			f, _, _ := exportRun(b, append(base, "--to", "null", "--cursor", "floor")...)
			floor += f
		}
		b.StartTimer()
		t, r, c := exportRun(b, append(base, a...)...)
		took += t
		cpu += c
		rss = max(rss, r)
	}
	b.StopTimer()
	rate := float64(benchRecords*b.N) / took.Seconds()
	b.ReportMetric(rate, "records/s")
	b.ReportMetric(target, "target-records/s")
	b.ReportMetric(rss, "peak-RSS-MiB")
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
	b.ReportMetric(float64(benchRecords*b.N)/cpu.Seconds(), "records/cpu-s")
}

// BenchmarkExport1M drains a million records through each driver.
func BenchmarkExport1M(b *testing.B) {
	b.Run("null", func(b *testing.B) {
		benchExport(b, 0, func() []string { return []string{"--to", "null"} })
	})
	b.Run("file", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "out.jsonl")
		benchExport(b, 500_000, func() []string { os.Remove(out); return []string{"--to", "file", "--path", out} })
	})
	b.Run("statsd", func(b *testing.B) {
		peer := exportertest.ListenStatsd(b)
		benchExport(b, 1_000_000, func() []string { return []string{"--to", "statsd", "--addr", peer.Addr} })
	})
	b.Run("otlp", func(b *testing.B) {
		col := exportertest.StartCollectorNoCapture(b, 0)
		benchExport(b, 50_000, func() []string { return []string{"--to", "otlp", "--endpoint", col.Endpoint} })
	})
}

// BenchmarkResumeNearEnd1M is a cron run with little to do: a cursor 100
// records from the end of a million-record journal. "in-process" is the
// drain itself (load and check the cursor, seek, deliver 100, save);
// "process" is the whole `dos export --to null` from exec to exit.
func BenchmarkResumeNearEnd1M(b *testing.B) {
	dir := benchJournal(b)
	j, _ := journal.Open(dir)
	var at *journal.Record
	for r, err := range j.Scan(context.Background(), journal.Query{From: benchRecords - 100, Until: benchRecords - 100}) {
		if err != nil {
			b.Fatal(err)
		}
		at = r
	}
	reset := func() {
		c := exporters.Cursor{Name: "null", Seq: at.Seq, ID: at.ID, Hash: at.Hash, TS: at.TS, Destination: "null"}
		if err := exporters.SaveCursor(dir, c); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("in-process", func(b *testing.B) {
		exp, _ := exporters.Drivers().New("null", exporters.Settings{})
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			reset()
			b.StartTimer()
			res, err := exporters.Drain(context.Background(), exp, exporters.Options{Journal: dir, Cursor: "null"})
			if err != nil || res.Exported != 100 {
				b.Fatalf("%+v %v", res, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/resume")
		b.ReportMetric(50, "target-ms")
	})
	b.Run("process", func(b *testing.B) {
		var took, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			reset()
			b.StartTimer()
			t, _, c := exportRun(b, "--journal", dir, "export", "--to", "null")
			took, cpu = took+t, cpu+c
		}
		b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/resume")
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/resume")
		b.ReportMetric(50, "target-ms")
	})
}
