package notifiers

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// recallJournal writes n verdict records spread over span, with a notify
// record for channel every 1,000th, and returns the directory and the time
// of the last record.
func recallJournal(b *testing.B, n int, span time.Duration, channel string) (string, time.Time) {
	dir := filepath.Join(b.TempDir(), "journal")
	step := span / time.Duration(n)
	clock := t0
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { clock = clock.Add(step); return clock }, SegmentSize: 16 << 20})
	defer w.Close()
	batch := make([]journal.Record, 0, 5000)
	for i := range n {
		r := journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysLiveness, Verdict: vocab.VerdictSpinning, RunID: runC,
			Source: "cli", Host: "build-7", Detail: journal.MustDetail(map[string]int{"records": i % 97, "heartbeats": 3})}
		if i%1000 == 999 {
			r = journal.Record{Kind: journal.KindNotify, Syscall: SysNotifyDecisions, Subject: channel, Source: "cli",
				Detail: journal.MustDetail(Detail{Channel: channel, Delivered: []DeliveredRef{{ID: fmt.Sprintf("d-%012x", i), Revision: "0123456789abcdef"}}})}
		}
		batch = append(batch, r)
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := w.AppendBatch(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return dir, clock
}

// BenchmarkRecall folds a channel's memory at the end of a 300,000-record
// journal spanning 30 days, with the default 4h repeat interval (an 8h
// lookback). The floor is decoding the whole journal, which a fold without
// the time seek would cost; x-floor is Recall's time over the floor's.
func BenchmarkRecall(b *testing.B) {
	const channel = "slack:#ops"
	dir, now := recallJournal(b, 300_000, 30*24*time.Hour, channel)
	j, err := journal.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// the floor: three full decodes, before the timed loop (a full scan
	// per iteration would make the benchmark take minutes)
	var floor time.Duration
	for range 3 {
		start := time.Now()
		for _, err := range j.Records(ctx, 0) {
			if err != nil {
				b.Fatal(err)
			}
		}
		floor += time.Since(start)
	}
	floor /= 3
	b.Run("8h-of-30d", func(b *testing.B) {
		var remembered int
		start := time.Now()
		for range b.N {
			mem, _, err := Recall(ctx, j, channel, now, DefaultRepeat)
			if err != nil {
				b.Fatal(err)
			}
			remembered = mem.Records
		}
		took := time.Since(start) / time.Duration(b.N)
		if remembered < 3 || remembered > 5 { // 8h of 30 days holds 1/90 of the 300 notify records
			b.Fatalf("recalled %d notify records, want 3 to 5", remembered)
		}
		b.ReportMetric(float64(took)/float64(floor), "x-floor")
		b.ReportMetric(float64(floor.Microseconds())/1000, "floor-ms")
	})
}
