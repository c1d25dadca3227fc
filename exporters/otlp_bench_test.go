package exporters

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/benchgen"
	"github.com/dos-go/dos/journal"
)

var (
	realOnce sync.Once
	realRecs []*journal.Record
	realErr  error
)

// realRecords is 20,000 realistic kernel records (internal/benchgen), as
// the journal's reader returns them.
func realRecords(tb testing.TB) []*journal.Record {
	tb.Helper()
	realOnce.Do(func() {
		dir := filepath.Join(tb.TempDir(), "j")
		if realErr = benchgen.Write(context.Background(), dir, 20000); realErr != nil {
			return
		}
		j, err := journal.Open(dir)
		if err != nil {
			realErr = err
			return
		}
		for r, err := range j.Records(context.Background(), 0) {
			if err != nil {
				realErr = err
				return
			}
			realRecs = append(realRecs, r)
		}
	})
	if realErr != nil {
		tb.Fatal(realErr)
	}
	return realRecs
}

// BenchmarkDetailAttributes flattens the details of realistic records.
func BenchmarkDetailAttributes(b *testing.B) {
	recs := realRecords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		DetailAttributes(recs[i%len(recs)].Detail)
	}
}

// BenchmarkOTLPBatch maps and posts 1,000-record batches of realistic
// records to an in-process server that discards them: the driver's whole
// CPU cost per record but the journal read.
func BenchmarkOTLPBatch(b *testing.B) {
	recs := realRecords(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	exp, err := newOTLP(Settings{Now: time.Now, Endpoint: srv.URL, Getenv: func(string) string { return "" }})
	if err != nil {
		b.Fatal(err)
	}
	defer exp.Close()
	const batch = 1000
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		off := (i * batch) % len(recs)
		chunk := recs[off : off+batch]
		p := exp.(Preparer).Prepare(chunk)
		if _, err := exp.Export(context.Background(), Batch{Records: chunk, Prepared: p}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/record")
}

// BenchmarkDrainOTLP is the whole drain in one process — read, map,
// encode, POST, save the cursor — of 100,000 realistic records to an
// in-process server that discards them: the profile of `dos export --to
// otlp` without the Collector.
func BenchmarkDrainOTLP(b *testing.B) {
	const n = 100_000
	dir, err := benchgen.Cached(context.Background(), n)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		exp, err := newOTLP(Settings{Now: time.Now, Endpoint: srv.URL})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Drain(context.Background(), exp, Options{Journal: dir, Cursor: "bench-otlp", Reset: true})
		if err != nil || res.Exported != n {
			b.Fatalf("%+v %v", res, err)
		}
		exp.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}

// BenchmarkWireRecord writes the log record of realistic records, one at
// a time, into a reused buffer: the mapping's cost per record.
func BenchmarkWireRecord(b *testing.B) {
	recs := realRecords(b)
	enc, err := newWireEncoder(refResource, refVersion)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if buf, err = enc.logRecord(buf[:0], recs[i%len(recs)], 1); err != nil {
			b.Fatal(err)
		}
	}
}
