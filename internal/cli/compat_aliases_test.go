package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// TestAliases_GlobalFlagsAndEnvironment: --output, --driver/--job and the
// reference's environment names.
func TestAliases_GlobalFlagsAndEnvironment(t *testing.T) {
	w := newKWorld(t)
	res, _ := w.one(t, "productivity", "--deltas", "1,2,3", "--output", "json")
	if !strings.HasPrefix(res.stdout, "{") {
		t.Fatalf("--output json: %q", res.stdout)
	}
	if res, _ := w.one(t, "productivity", "--deltas", "1,2,3", "--output", "text", "--driver", "job"); !strings.HasPrefix(res.stdout, "DIMINISHING  ") {
		t.Fatalf("--output text --driver job: %q", res.stdout)
	}
	if res, _ := w.one(t, "--job", "productivity", "--deltas", "1,2,3"); res.code != 3 {
		t.Fatalf("--job before the verb: %d", res.code)
	}
	for _, bad := range [][]string{{"productivity", "--deltas", "1", "--output", "yaml"}, {"productivity", "--deltas", "1", "--driver", "nope"}} {
		if res := dos(t, w.env, bad...); res.code != 2 {
			t.Errorf("%v: exit %d", bad, res.code)
		}
	}
	// DISPATCH_WORKSPACE is read after DOS_WORKSPACE; CID_RUN_ID and
	// DISPATCH_RUN_ID after DOS_RUN_ID; DISPATCH_HOST_ID names the host.
	w.repo.Commit("AUTH1: login", map[string]string{"a.go": "package a\n"})
	env := map[string]string{"DISPATCH_WORKSPACE": w.repo.Dir, "DOS_JOURNAL": w.env["DOS_JOURNAL"], "CID_RUN_ID": "RID-1M7W0000000ABCD", "DISPATCH_HOST_ID": "build-7"}
	if res := dos(t, env, "verify", "AUTH", "AUTH1"); res.code != 0 {
		t.Fatalf("DISPATCH_WORKSPACE: %d %s", res.code, res.stderr)
	}
	recs := w.records(t)
	last := recs[len(recs)-1]
	if last.RunID != "RID-1M7W0000000ABCD" || last.Host != "build-7" {
		t.Fatalf("CID_RUN_ID / DISPATCH_HOST_ID: %+v", last)
	}
	delete(env, "CID_RUN_ID")
	env["DISPATCH_RUN_ID"] = kRunB
	dos(t, env, "verify", "AUTH", "AUTH1")
	if recs := w.records(t); recs[len(recs)-1].RunID != kRunB {
		t.Fatal("DISPATCH_RUN_ID not read")
	}
}

// TestAliases_Liveness: --now-ms, --last-heartbeat-age-ms, --loop-ts,
// --pid / --host-id / --no-proc, --usage-json and a RID run id whose time
// is the start.
func TestAliases_Liveness(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("init", map[string]string{"a.go": "package a\n"})
	born := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	rid := journal.EncodeRID(born.UnixMilli(), 7)
	now := strconv.FormatInt(born.Add(2*time.Hour).UnixMilli(), 10)
	base := []string{"liveness", "--run-id", rid, "--now-ms", now, "--last-heartbeat-age-ms", "1000", "--loop-ts", "2026-11-20T09:00:00Z"}
	res, rec := w.one(t, base...)
	if res.code != 3 || rec.Verdict != vocab.VerdictSpinning || rec.RunID != rid {
		t.Fatalf("heard 1s ago, nothing landed in 2h: %d %q", res.code, res.stdout)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	res, rec = w.one(t, append(base, "--pid", strconv.Itoa(dead.Process.Pid))...)
	if res.code != 4 || rec.Detail.Map()["reason"] != vocab.ReasonProcessDead || rec.Detail.Map()["process_alive"] != false {
		t.Fatalf("a dead pid: %d %q %s", res.code, res.stdout, rec.Detail)
	}
	for _, off := range [][]string{{"--pid", strconv.Itoa(dead.Process.Pid), "--no-proc"}, {"--pid", strconv.Itoa(dead.Process.Pid), "--host-id", "elsewhere"}, {"--pid", strconv.Itoa(os.Getpid())}} {
		if res, _ := w.one(t, append(base, off...)...); res.code != 3 {
			t.Errorf("%v: exit %d, want SPINNING", off, res.code)
		}
	}
	usage := filepath.Join(t.TempDir(), "usage.json")
	writeFile(t, usage, `{"input_tokens":1200,"output_tokens":300}`)
	if res, _ := w.one(t, append(base, "--usage-json", usage)...); res.code != 3 || !strings.Contains(res.stdout, "(burned 1500 tokens while not moving)") {
		t.Fatalf("--usage-json: %d %q", res.code, res.stdout)
	}
	if res := dos(t, w.env, "liveness", "--run-id", rid, "--now-ms", now, "--now", "2026-11-20T10:00:00Z"); res.code != 2 {
		t.Fatalf("--now and --now-ms: %d", res.code)
	}
}

// TestAliases_Halt: --handle names the run, free-text --reason becomes
// operator with the text hashed, --command is hashed, --resumable with a
// checkpoint anchors a rewind.
func TestAliases_Halt(t *testing.T) {
	w := newKWorld(t)
	delete(w.env, "DOS_RUN_ID")
	res, rec := w.one(t, "halt", "--handle", kRunB, "--reason", "stalled for 42 minutes", "--loop-ts", "2026-11-20T09:00:00Z", "--owner", "agent-A",
		"--command", "kill -9 4242", "--pretty", "--resumable", "--resume-sha", "9aeefa6", "--checkpoint-turn", "1", "--transcript-digest", strings.Repeat("ab", 32))
	d := rec.Detail.Map()
	if res.code != 0 || rec.RunID != kRunB || d["reason"] != "operator" || d["reason_text_sha256"] == nil || d["resumable"] != true || d["owner"] != "agent-A" ||
		strings.Contains(string(rec.Detail), "kill -9") || strings.Contains(string(rec.Detail), "42 minutes") {
		t.Fatalf("halt: %d %s", res.code, rec.Detail)
	}
	if res, rec := w.one(t, "halt", "--run-id", kRunA, "--reason", "spinning"); res.code != 0 || rec.Detail.Map()["reason"] != "spinning" {
		t.Fatalf("an enum reason: %s", rec.Detail)
	}
	if res, rec := w.one(t, "rewind", "--run-id", kRunB, "--fire", "THRASHING"); res.code != 3 || rec.Detail.Map()["reason"] != "turn-missing" {
		t.Fatalf("the halt's checkpoint anchors rewind (no transcript yet: turn missing): %d %s", res.code, rec.Detail)
	}
}

// TestAliases_Views: observe --by run_id, helped --session/--advisory,
// decisions N / show N / --no-tui, top --interval SECONDS, journal tail N,
// resume/complete --diverged and --no-record, reward/improve --narrated.
func TestAliases_Views(t *testing.T) {
	w := newKWorld(t)
	w.one(t, "halt", "--reason", "spinning")
	w.one(t, "intent", "declare", "--plan", "AUTH", "AUTH1", "AUTH2")
	w.repo.Commit("AUTH1: login", map[string]string{"a.go": "package a\n"})
	check := func(args []string, code int, want string) {
		t.Helper()
		res := dos(t, w.env, args...)
		if res.code != code || !strings.Contains(res.stdout, want) {
			t.Errorf("dos %s: exit %d, want %d with %q\n%s%s", strings.Join(args, " "), res.code, code, want, res.stdout, res.stderr)
		}
	}
	check([]string{"observe", "--by", "run_id"}, 0, kRunA)
	check([]string{"helped", "--session", kRunA, "--advisory"}, 0, "")
	check([]string{"decisions", "--no-tui"}, 0, "halt")
	check([]string{"decisions", "1"}, 0, "1. ")
	check([]string{"decisions", "show", "1"}, 0, "resolve  dos")
	check([]string{"decisions", "9"}, 1, "")
	check([]string{"decisions", "show", "x"}, 2, "")
	check([]string{"top", "--once", "--interval", "5.0"}, 0, "")
	check([]string{"journal", "tail", "1"}, 0, "intent.declare")
	check([]string{"journal", "tail", "x"}, 2, "")
	check([]string{"resume", "--run-id", kRunA}, 0, "RESUMABLE")
	check([]string{"resume", "--run-id", kRunA, "--diverged", "--no-record"}, 4, "DIVERGED")
	check([]string{"complete", "--run-id", kRunA, "--diverged"}, 3, "--diverged")
	check([]string{"reward", "--claim", "--witness", "confirm", "--narrated", "it works, trust me"}, 0, "ACCEPT")
	check([]string{"improve", "--suite-passed", "--truth-clean", "--work", "120", "--baseline-work", "100", "--narrated", "better"}, 0, "KEEP")
	for _, r := range w.records(t) {
		if strings.Contains(string(r.Detail), "trust me") {
			t.Fatal("--narrated text reached a record")
		}
	}
	res := dos(t, w.env, "decisions", "1", "--json")
	var d struct{ ID, Kind string }
	if err := json.Unmarshal([]byte(res.stdout), &d); err != nil || d.ID == "" {
		t.Fatalf("decisions 1 --json: %v %s", err, res.stdout)
	}
}
