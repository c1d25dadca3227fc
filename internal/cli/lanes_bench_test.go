package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// twentyLaneToml declares 20 concurrent lanes (lane00…lane19, trees
// pkgNN/**) in autopick, and an exclusive global.
func twentyLaneToml() string {
	var names, trees []string
	for i := 0; i < 20; i++ {
		names = append(names, fmt.Sprintf("%q", fmt.Sprintf("lane%02d", i)))
		trees = append(trees, fmt.Sprintf("lane%02d = [\"pkg%02d/**\", \"docs/pkg%02d-*\"]", i, i, i))
	}
	return fmt.Sprintf("[lanes]\nconcurrent = [%s]\nexclusive = [\"global\"]\nautopick = [%s]\n[lanes.trees]\n%s\nglobal = [\"**/*\"]\n",
		strings.Join(names, ", "), strings.Join(names, ", "), strings.Join(trees, "\n"))
}

// liveLeases appends n GRANTED leases of n runs on lanes x000… (trees
// x000/**), live for 23 h.
func liveLeases(b *testing.B, dir string, n int) {
	b.Helper()
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	now := time.Now().UTC()
	batch := make([]journal.Record, 0, n)
	for i := 0; i < n; i++ {
		h := vocab.Holder{RunID: fmt.Sprintf("01JD6Z3Y8T00000000000%05d", i), Host: "build-7", PID: 1000 + i}
		d := vocab.LeaseAcquireDetail{Paths: []string{}, Tree: []string{fmt.Sprintf("x%03d/**", i)}, LaneKind: vocab.LaneNamed, TTLSeconds: 23 * 3600,
			ExpiresAt: now.Add(23 * time.Hour), Holder: h, Reason: vocab.ReasonFree, Requested: fmt.Sprintf("x%03d", i)}
		batch = append(batch, journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictGranted,
			RunID: h.RunID, Lane: fmt.Sprintf("x%03d", i), Host: h.Host, Source: vocab.SourceCLI, Detail: journal.MustDetail(d)})
	}
	if _, err := w.AppendBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCLILeaseAcquire execs the built binary for `dos lease acquire`
// in a workspace whose dos.toml declares 20 lanes, against a journal of
// 200 live leases: process start, dos.toml, the lease fold under the lease
// lock, the arbiter, one durable append. Target: median under 5 ms.
// Floors from the same run: `dos version` plus one write+fdatasync, and the
// same acquire with no dos.toml and no other lease.
func BenchmarkCLILeaseAcquire(b *testing.B) {
	bin := buildDos(b)
	tmp := b.TempDir()
	ws, bare := filepath.Join(tmp, "ws"), filepath.Join(tmp, "bare")
	os.MkdirAll(ws, 0o755)
	os.MkdirAll(bare, 0o755)
	os.WriteFile(filepath.Join(ws, "dos.toml"), []byte(twentyLaneToml()), 0o644)
	liveLeases(b, filepath.Join(ws, ".dos", "journal"), 200)
	args := func(dir, lane string) []string {
		return []string{bin, "--workspace", dir, "lease", "acquire", "--lane", lane, "--run-id", kRunA, "--pid", "7"}
	}
	floor := measureFloor(b, bin, tmp)
	if d := timeExec(b, args(ws, "lane07")...); d <= 0 {
		b.Fatal("no time")
	}
	timeExec(b, args(bare, "main")...)
	b.ResetTimer()
	var full, plain []time.Duration
	for i := 0; i < b.N; i++ {
		full = append(full, timeExec(b, args(ws, "lane07")...))
		plain = append(plain, timeExec(b, args(bare, "main")...))
	}
	b.StopTimer()
	mf, mp := medianOf(full), medianOf(plain)
	b.ReportMetric(float64(mf)/1e6, "median-20lanes-200leases-ms")
	b.ReportMetric(float64(mp)/1e6, "median-no-toml-no-leases-ms")
	floor.report(b, mf)
	b.ReportMetric(float64(mf)/float64(mp), "x-plain")
}
