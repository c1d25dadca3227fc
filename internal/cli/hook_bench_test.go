package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// hookRecords appends n hook.pretool ALLOW records, as a day of tool
// calls leaves them.
func hookRecords(b *testing.B, dir string, n int) {
	b.Helper()
	w := journal.NewWriter(dir, journal.Options{})
	defer w.Close()
	d := journal.MustDetail(vocab.HookDetail{Dialect: "claude-code", Event: "pre", Reason: vocab.ReasonNoLane, Tool: "Edit", PathsCount: 1, FootprintKnown: true})
	batch := make([]journal.Record, n)
	for i := range batch {
		batch[i] = journal.Record{Kind: journal.KindHook, Syscall: vocab.SysHookPretool, Verdict: vocab.VerdictAllow, RunID: kRunA, Source: "hook:claude-code", Detail: d}
	}
	if _, err := w.AppendBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
}

// timeHook execs one hook with payload on stdin and returns its wall time.
func timeHook(b *testing.B, env []string, payload string, argv ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env, cmd.Stdin = env, strings.NewReader(payload)
	var out strings.Builder
	cmd.Stdout = &out
	t := time.Now()
	err := cmd.Run()
	d := time.Since(t)
	if err != nil {
		b.Fatalf("%v: %v", argv, err)
	}
	return d
}

// BenchmarkHookPretool execs `dos hook pretool` on a Claude Code Edit
// payload — process start, stdin, the lease fold, the decision, one
// durable hook record, exit — alternating an empty journal with one
// holding 200 live leases. Targets: median under 5 ms; 200 leases ≤ 1.2×
// empty; a third journal adds 10,000 hook records after its 200 leases
// (the lease snapshot keeps the fold from reading them on every call).
// Floors from the same run: exec of /bin/true, `dos version`, and
// a raw write+fdatasync.
func BenchmarkHookPretool(b *testing.B) {
	bin := buildDos(b)
	tmp := b.TempDir()
	mk := func(name string, leases int) (string, string) {
		r := gittest.New(b)
		r.Commit("init", map[string]string{"api/a.py": "a\n"})
		if leases > 0 {
			liveLeases(b, filepath.Join(r.Dir, ".dos", "journal"), leases)
		}
		if name == "busy" {
			hookRecords(b, filepath.Join(r.Dir, ".dos", "journal"), 10_000)
		}
		payload := fmt.Sprintf(`{"session_id":"bench-%s","transcript_path":"%s/t.jsonl","cwd":"%s","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"%s/api/a.py","old_string":"a","new_string":"b"},"tool_use_id":"toolu_1"}`, name, tmp, r.Dir, r.Dir)
		return r.Dir, payload
	}
	emptyWS, emptyP := mk("empty", 0)
	leasedWS, leasedP := mk("leased", 200)
	busyWS, busyP := mk("busy", 200)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp}
	args := func(ws string) []string { return []string{bin, "hook", "pretool", "--workspace", ws} }
	floor := measureFloor(b, bin, tmp)
	timeHook(b, env, emptyP, args(emptyWS)...) // each session's first call starts its run
	timeHook(b, env, leasedP, args(leasedWS)...)
	timeHook(b, env, busyP, args(busyWS)...) // folds 10,000 records once and leaves a lease snapshot
	b.ResetTimer()
	var e, l, y []time.Duration
	for i := 0; i < b.N; i++ {
		e = append(e, timeHook(b, env, emptyP, args(emptyWS)...))
		l = append(l, timeHook(b, env, leasedP, args(leasedWS)...))
		y = append(y, timeHook(b, env, busyP, args(busyWS)...))
	}
	b.StopTimer()
	me, ml := medianOf(e), medianOf(l)
	b.ReportMetric(float64(medianOf(y))/1e6, "median-200leases+10k-hooks-ms")
	b.ReportMetric(float64(me)/1e6, "median-empty-ms")
	b.ReportMetric(float64(ml)/1e6, "median-200leases-ms")
	b.ReportMetric(float64(ml)/float64(me), "x-empty")
	floor.report(b, me)
}

// BenchmarkHookStop10k execs `dos hook stop` with one DOS-CLAIM in the last
// assistant message against a 10,000-commit repository, for a claim that
// shipped at the oldest commit and one that never shipped (the whole
// history walked): process start, verify's git walk, one hook record.
// Target: under 60 ms. Floors: git's own walk of every commit message
// (`git log --format=%s`, what proving a phase absent costs) and `dos
// verify` of the same phase (exec to exit).
func BenchmarkHookStop10k(b *testing.B) {
	bin := buildDos(b)
	r := gittest.New(b)
	gittest.FastImport(b, r.Dir, 10_000, func(i int) string {
		if i == 0 {
			return "AUTH1: the first phase"
		}
		return fmt.Sprintf("chore %d", i)
	})
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + b.TempDir()}
	payload := func(phase string) string {
		return fmt.Sprintf(`{"session_id":"bench","cwd":"%s","hook_event_name":"Stop","stop_hook_active":false,"last_assistant_message":"done\nDOS-CLAIM: AUTH %s"}`, r.Dir, phase)
	}
	args := []string{bin, "hook", "stop", "--workspace", r.Dir}
	timeHook(b, env, payload("AUTH1"), args...)
	var floor, walk []time.Duration
	for i := 0; i < 10; i++ {
		floor = append(floor, timeExec(b, bin, "--workspace", r.Dir, "verify", "AUTH", "AUTH9"))
		walk = append(walk, timeExec(b, "git", "-C", r.Dir, "log", "--format=%s", "HEAD"))
	}
	b.ResetTimer()
	var shipped, unshipped []time.Duration
	for i := 0; i < b.N; i++ {
		shipped = append(shipped, timeHook(b, env, payload("AUTH1"), args...))
		unshipped = append(unshipped, timeHook(b, env, payload("AUTH9"), args...))
	}
	b.StopTimer()
	b.ReportMetric(float64(medianOf(shipped))/1e6, "median-shipped-ms")
	b.ReportMetric(float64(medianOf(unshipped))/1e6, "median-unshipped-ms")
	b.ReportMetric(float64(medianOf(floor))/1e6, "dos-verify-ms")
	b.ReportMetric(float64(medianOf(walk))/1e6, "git-walk-ms")
	b.ReportMetric(float64(medianOf(unshipped))/float64(medianOf(walk)), "x-floor")
}
