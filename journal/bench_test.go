package journal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Benchmarks report x-floor: the ratio of the measured figure to a floor
// measured in the same run (a raw write+fdatasync of the same bytes, or a
// raw sequential read of the same files). docs/BENCHMARKS.md records them.

// bigJournal builds (once per test binary) a journal of n realistic records.
var bigJournals sync.Map

func bigJournal(tb testing.TB, n int) string {
	tb.Helper()
	if v, ok := bigJournals.Load(n); ok {
		return v.(string)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("dos-bench-%d-", n))
	if err != nil {
		tb.Fatal(err)
	}
	w := NewWriter(dir, Options{})
	defer w.Close()
	batch := make([]Record, 0, 10000)
	runs := []string{"01JD6Z3Y8T0000000000000001", "01JD6Z3Y8T0000000000000002", "01JD6Z3Y8T0000000000000003"}
	for i := 0; i < n; i++ {
		batch = append(batch, realistic(i, runs[i%len(runs)]))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := w.AppendBatch(context.Background(), batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	bigJournals.Store(n, dir)
	return dir
}

// realistic is a verdict record shaped like the kernel's.
func realistic(i int, run string) Record {
	return Record{Kind: KindVerdict, Syscall: "verify", Verdict: "SHIPPED", RunID: run, Lane: "api",
		Subject: fmt.Sprintf("AUTH%d", i%50), Host: "build-7", Source: "cli",
		Detail: MustDetail(map[string]any{"commits_scanned": i % 977, "matched": 1, "files_changed": 3, "sha": "e62f74d"})}
}

// lineBytes is the encoded size of a realistic record.
func lineBytes() []byte {
	r := realistic(1, "01JD6Z3Y8T0000000000000001")
	r.V, r.Seq, r.ID, r.TS = 1, 123456, "01JD6Z3Y8T0000000000000001", time.Now()
	body := appendBody(nil, &r)
	return appendLine(nil, body, chainHash(GenesisHash, body))
}

// floorFile is a plain file for the raw write+fdatasync floor.
type floorFile struct{ f *os.File }

func newFloorFile(tb testing.TB) floorFile {
	f, err := os.CreateTemp("", "dos-floor-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close(); os.Remove(f.Name()) })
	return floorFile{f}
}

// writeSync times n raw write+fdatasync calls of line.
func (ff floorFile) writeSync(tb testing.TB, n int, line []byte) time.Duration {
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := ff.f.Write(line); err != nil {
			tb.Fatal(err)
		}
		if err := unix.Fdatasync(int(ff.f.Fd())); err != nil {
			tb.Fatal(err)
		}
	}
	return time.Since(start)
}

// benchAppend times single durable appends against the floor, interleaving
// chunks of each so that drift in the disk's speed cancels out.
func benchAppend(b *testing.B, dir string) { benchAppendWith(b, dir, Options{}) }

// benchAppendWith is benchAppend with writer options (keyed mode).
func benchAppendWith(b *testing.B, dir string, o Options) {
	w := NewWriter(dir, o)
	defer w.Close()
	ctx := context.Background()
	r := realistic(7, "01JD6Z3Y8T0000000000000001")
	if _, err := w.Append(ctx, r); err != nil { // open files outside the timing
		b.Fatal(err)
	}
	ff, line := newFloorFile(b), lineBytes()
	var floor, took time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		chunk := min(64, b.N-done)
		b.StopTimer()
		floor += ff.writeSync(b, chunk, line)
		if o.Key != nil { // keyed: the checkpoint's own write+fdatasync comes first
			floor += ff.writeSync(b, chunk, line[:160])
		}
		b.StartTimer()
		start := time.Now()
		for i := 0; i < chunk; i++ {
			if _, err := w.Append(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
		took += time.Since(start)
		done += chunk
	}
	b.StopTimer()
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
	b.ReportMetric(float64(floor.Nanoseconds())/float64(b.N), "floor-ns/op")
}

// BenchmarkAppend is one durable append at a time, on an empty journal and
// on one holding a million records.
func BenchmarkAppend(b *testing.B) {
	b.Run("empty", func(b *testing.B) { benchAppend(b, b.TempDir()) })
	b.Run("1M", func(b *testing.B) { benchAppend(b, bigJournal(b, 1_000_000)) })
	// keyed: every append also writes and syncs its checkpoint first, so
	// its floor is two raw write+fdatasyncs (a record line, a checkpoint
	// line); without a key the hot path pays one nil check.
	b.Run("keyed", func(b *testing.B) {
		benchAppendWith(b, b.TempDir(), Options{Key: bytes.Repeat([]byte{7}, KeySize)})
	})
}

// BenchmarkGroupCommit16 appends from 16 goroutines at once. Its floor is
// the ideal: 16 records per raw write+fdatasync of 16 lines.
func BenchmarkGroupCommit16(b *testing.B) {
	w := NewWriter(b.TempDir(), Options{})
	defer w.Close()
	ctx := context.Background()
	r := realistic(7, "01JD6Z3Y8T0000000000000001")
	var wg sync.WaitGroup
	per := b.N/16 + 1
	ff, line := newFloorFile(b), lineBytes()
	sixteen := make([]byte, 0, 16*len(line))
	for i := 0; i < 16; i++ {
		sixteen = append(sixteen, line...)
	}
	floorN := max(per/4, 8)
	ideal := float64(16*floorN) / ff.writeSync(b, floorN, sixteen).Seconds()
	b.ResetTimer()
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				if _, err := w.Append(ctx, r); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	got := float64(per*16) / b.Elapsed().Seconds()
	b.ReportMetric(got, "records/s")
	b.ReportMetric(ideal, "floor-records/s")
}

// floorRead times a raw sequential read of every segment of dir.
func floorRead(tb testing.TB, dir string) time.Duration {
	segs, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	buf := make([]byte, 1<<20)
	start := time.Now()
	for _, s := range segs {
		f, err := os.Open(s)
		if err != nil {
			tb.Fatal(err)
		}
		for {
			if _, err := f.Read(buf); err == io.EOF {
				break
			}
		}
		f.Close()
	}
	return time.Since(start)
}

// BenchmarkRead1M reads and decodes every record of a million-record journal.
func BenchmarkRead1M(b *testing.B) {
	dir := bigJournal(b, 1_000_000)
	j, _ := Open(dir)
	var floor time.Duration
	for i := 0; i < b.N; i++ {
		floor += floorRead(b, dir)
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, err := range j.Records(context.Background(), 0) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.Elapsed())/float64(floor), "x-floor")
	b.ReportMetric(peakHeapWhile(func() {
		for range j.Records(context.Background(), 0) {
		}
	}), "peak-heap-MiB")
}

// BenchmarkSeekLast100 reads the last 100 records of a million-record journal.
func BenchmarkSeekLast100(b *testing.B) {
	dir := bigJournal(b, 1_000_000)
	j, _ := Open(dir)
	for i := 0; i < b.N; i++ {
		last, err := j.LastSeq()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, err := range j.Records(context.Background(), last-99) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100 {
			b.Fatalf("read %d records", n)
		}
	}
}

// BenchmarkVerify1M walks the hash chain of a million-record journal.
func BenchmarkVerify1M(b *testing.B) {
	dir := bigJournal(b, 1_000_000)
	var floor time.Duration
	for i := 0; i < b.N; i++ {
		floor += floorRead(b, dir)
	}
	b.ResetTimer()
	var recs uint64
	for i := 0; i < b.N; i++ {
		rep, err := Verify(context.Background(), dir)
		if err != nil || !rep.Intact() {
			b.Fatalf("%v %+v", err, rep)
		}
		recs += rep.Records
	}
	b.StopTimer()
	b.ReportMetric(float64(recs)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.Elapsed())/float64(floor), "x-floor")
}

// peakHeapWhile samples the live heap every millisecond while fn runs and
// returns the peak in MiB.
func peakHeapWhile(fn func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	return float64(peak) / (1 << 20)
}

// TestRead_MillionRecordsInBoundedHeap reads a million records and checks
// the Go heap never passes 32 MiB.
func TestRead_MillionRecordsInBoundedHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million-record journal")
	}
	dir := bigJournal(t, 1_000_000)
	j, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	peak := peakHeapWhile(func() {
		for _, err := range j.Records(context.Background(), 0) {
			if err != nil {
				t.Error(err)
				return
			}
			n++
		}
	})
	if n != 1_000_000 || peak >= 32 {
		t.Fatalf("read %d records with a peak heap of %.1f MiB", n, peak)
	}
	t.Logf("read %d records, peak heap %.1f MiB", n, peak)
}
