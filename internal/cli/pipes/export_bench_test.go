package pipes

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/internal/benchgen"
	"github.com/dos-go/dos/journal"
)

// Export benchmarks run the real dos binary over a 1,000,000-record journal
// of realistic kernel records (internal/benchgen: the kernel's own detail
// structs in the proportions a fleet writes them, the journal the views'
// benchmarks read) and report records/s, the process's peak RSS, the
// issue's target, and x-floor: the drain's time over a floor measured in
// the same run (for null, a raw sequential read of the segments; for the
// others, the null drain, i.e. reading and deciding with no delivery at
// all).

var (
	benchRecords = flag.Int("export-records", 1_000_000, "records in the export benchmarks' journal")
	benchBatch   = flag.Int("export-batch", 0, "--batch for the export benchmarks (0: dos's default)")
)

// benchJournal is the realistic journal, kept under the temp dir between
// runs (it takes a while to write); its cursors are cleared per use.
func benchJournal(b *testing.B) string {
	b.Helper()
	if testing.Short() {
		b.Skip("the million-record export benchmarks are skipped with -short")
	}
	dir, err := benchgen.Cached(context.Background(), *benchRecords)
	if err != nil {
		b.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "cursors"))
	return dir
}

// exportRun runs one `dos export` to completion and returns its wall time,
// peak RSS in MiB and CPU time (user + system: what the drain itself cost,
// whatever else the machine was running).
func exportRun(b *testing.B, args ...string) (time.Duration, float64, time.Duration) {
	b.Helper()
	return exportRunEnv(b, nil, args...)
}

// exportRunEnv is exportRun with env added to the environment. The peak
// RSS is the process's own VmHWM, sampled every 10 ms (its rusage would
// start at this benchmark's high-water mark: os/exec forks with vfork).
func exportRunEnv(b *testing.B, env []string, args ...string) (time.Duration, float64, time.Duration) {
	b.Helper()
	if *benchBatch > 0 && len(args) > 2 && args[2] == "export" {
		args = append(args, "--batch", fmt.Sprint(*benchBatch))
	}
	cmd := exec.Command(dosBinary(b), args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done, peak := make(chan struct{}), make(chan float64)
	go func() {
		var rss float64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				peak <- rss
				return
			case <-t.C:
				if _, r, err := exportertest.ProcUsage(cmd.Process.Pid); err == nil {
					rss = max(rss, r)
				}
			}
		}
	}()
	err := cmd.Wait()
	took := time.Since(start)
	close(done)
	rss := <-peak
	if err != nil {
		b.Fatalf("dos %v: %v", args, err)
	}
	if rss == 0 { // exited before the first sample
		rss = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // KiB on Linux
	}
	return took, rss, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
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
	n := *benchRecords
	rate := float64(n*b.N) / took.Seconds()
	b.ReportMetric(rate, "records/s")
	b.ReportMetric(target, "target-records/s")
	b.ReportMetric(rss, "peak-RSS-MiB")
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "records/cpu-s")
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

// BenchmarkExportVsFilelog ships the same journal to the same loopback sink
// (the test Collector: otlpreceiver → a count exporter) twice per
// iteration: with `dos export --to otlp` from an empty cursor, and with what
// an operator would run instead, the Collector's own file shipper
// (internal/filelogpeer: filelog receiver + json_parser → batch → otlphttp,
// offsets in file_storage), started fresh and timed from exec until the
// sink has counted every record. Odd iterations run the peer first, so a
// change in the machine's load touches both. x-peer is dos's wall time
// over the peer's; each process's records per CPU-second come from its own
// CPU time, and the sink's CPU time per record is reported for each
// shipper. "none" and "gzip" set both shippers' compression.
func BenchmarkExportVsFilelog(b *testing.B) {
	for _, comp := range []string{"none", "gzip"} {
		b.Run(comp, func(b *testing.B) { benchVsFilelog(b, comp) })
	}
}

func benchVsFilelog(b *testing.B, compression string) {
	dir := benchJournal(b)
	n := int64(*benchRecords)
	sink := exportertest.StartCollectorCounting(b)
	peerBin := exportertest.FilelogPeerBinary(b)
	var env []string
	if compression == "gzip" {
		env = []string{"OTEL_EXPORTER_OTLP_COMPRESSION=gzip"}
	}
	var dosWall, dosCPU, dosSink, peerWall, peerCPU, peerSink time.Duration
	var dosRSS, peerRSS float64
	runDos := func() {
		os.RemoveAll(filepath.Join(dir, "cursors"))
		base, sink0 := sink.Received(b), sink.CPU(b)
		t, rss, cpu := exportRunEnv(b, env, "--journal", dir, "export", "--to", "otlp", "--endpoint", sink.Endpoint)
		if got := sink.Received(b) - base; got != n {
			b.Fatalf("dos export: the sink counted %d records, want %d", got, n)
		}
		dosWall, dosCPU, dosSink, dosRSS = dosWall+t, dosCPU+cpu, dosSink+sink.CPU(b)-sink0, max(dosRSS, rss)
	}
	runPeer := func() {
		base, sink0 := sink.Received(b), sink.CPU(b)
		start := time.Now()
		p := exportertest.StartFilelogPeer(b, peerBin, exportertest.FilelogConfig(dir, b.TempDir(), sink.Endpoint, compression))
		for sink.Received(b)-base < n {
			if exited, log := p.Exited(); exited {
				b.Fatalf("the filelog peer exited after %d of %d records:\n%s", sink.Received(b)-base, n, log)
			}
			if time.Since(start) > 20*time.Minute {
				b.Fatalf("the filelog peer shipped %d of %d records in 20 minutes", sink.Received(b)-base, n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t := time.Since(start)
		cpu, rss, err := p.Usage()
		if err != nil {
			b.Fatal(err)
		}
		sinkCPU := sink.CPU(b) - sink0
		p.Stop()
		if got := sink.Received(b) - base; got != n {
			b.Fatalf("the filelog peer: the sink counted %d records, want %d", got, n)
		}
		peerWall, peerCPU, peerSink, peerRSS = peerWall+t, peerCPU+cpu, peerSink+sinkCPU, max(peerRSS, rss)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			runDos()
			runPeer()
		} else {
			runPeer()
			runDos()
		}
	}
	b.StopTimer()
	total := float64(n) * float64(b.N)
	b.ReportMetric(dosWall.Seconds()/peerWall.Seconds(), "x-peer")
	b.ReportMetric(0.5, "target-x-peer")
	b.ReportMetric(total/dosWall.Seconds(), "dos-records/s")
	b.ReportMetric(total/peerWall.Seconds(), "peer-records/s")
	b.ReportMetric(total/dosCPU.Seconds(), "dos-records/cpu-s")
	b.ReportMetric(total/peerCPU.Seconds(), "peer-records/cpu-s")
	b.ReportMetric(float64(dosSink.Microseconds())/total, "sink-us/record-from-dos")
	b.ReportMetric(float64(peerSink.Microseconds())/total, "sink-us/record-from-peer")
	b.ReportMetric(dosRSS, "dos-peak-RSS-MiB")
	b.ReportMetric(peerRSS, "peer-peak-RSS-MiB")
}

// BenchmarkResumeNearEnd1M is a cron run with little to do: a cursor 100
// records from the end of a million-record journal. "in-process" is the
// drain itself (load and check the cursor, seek, deliver 100, save);
// "process" is the whole `dos export --to null` from exec to exit.
func BenchmarkResumeNearEnd1M(b *testing.B) {
	dir := benchJournal(b)
	j, _ := journal.Open(dir)
	var at *journal.Record
	for r, err := range j.Scan(context.Background(), journal.Query{From: uint64(*benchRecords) - 100, Until: uint64(*benchRecords) - 100}) {
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
