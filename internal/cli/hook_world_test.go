package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// hookWorld is spec §12's common setup: a git repository with api/, web/
// and docs/, its journal at the default <ws>/.dos/journal, and lane web
// leased by another run (B) once leaseWeb is called.
type hookWorld struct {
	t    *testing.T
	repo *gittest.Repo
	ws   string
	now  time.Time
}

// hookPIDB is run B's holder pid: never this test's parent, so B's lease
// is never "ours" by pid.
const hookPIDB = "424242"

func newHookWorld(t *testing.T) *hookWorld {
	t.Helper()
	r := gittest.New(t)
	r.Commit("init", map[string]string{"api/a.py": "a\n", "web/b.js": "b\n", "docs/x.md": "x\n"})
	return &hookWorld{t: t, repo: r, ws: r.Dir, now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
}

// dos runs one command line in-process with stdin and only env.
func (w *hookWorld) dos(stdin string, env map[string]string, args ...string) result {
	w.t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	a := New(strings.NewReader(stdin), &out, &errb, getenv, Options{Now: func() time.Time { return w.now },
		Environ: func() []string { return MinimalEnviron(env) }, ExecPipes: ChildHandoff(nil, &out, &errb)})
	code := a.Run(context.Background(), args)
	return result{out.String(), errb.String(), code}
}

// hook runs `dos hook VERB --workspace WS ARGS…` on payload.
func (w *hookWorld) hook(verb, payload string, env map[string]string, args ...string) result {
	w.t.Helper()
	return w.dos(payload, env, append([]string{"hook", verb, "--workspace", w.ws}, args...)...)
}

// lease has run take lane with paths, held by pid.
func (w *hookWorld) lease(run, lane, paths, pid string) {
	w.t.Helper()
	r := w.dos("", nil, "--workspace", w.ws, "lease", "acquire", "--run-id", run, "--lane", lane, "--paths", paths, "--pid", pid, "--ttl", "1h")
	if r.code != 0 {
		w.t.Fatalf("lease acquire %s: %d %s %s", lane, r.code, r.stdout, r.stderr)
	}
}

func (w *hookWorld) leaseWeb() { w.lease(kRunB, "web", "web/", hookPIDB) }

// hookRecords are the journal's hook records.
func (w *hookWorld) hookRecords() []journal.Record {
	w.t.Helper()
	var out []journal.Record
	for _, r := range w.records() {
		if r.Kind == vocab.KindHook {
			out = append(out, r)
		}
	}
	return out
}

func (w *hookWorld) records() []journal.Record {
	w.t.Helper()
	j, err := journal.Open(filepath.Join(w.ws, ".dos", "journal"))
	if errors.Is(err, journal.ErrNoJournal) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	var out []journal.Record
	for r, err := range j.Scan(context.Background(), journal.Query{}) {
		if err != nil {
			w.t.Fatal(err)
		}
		out = append(out, *r)
	}
	return out
}

// pre is spec §12's P(x): a PreToolUse payload of session s in the
// workspace, with fields merged in.
func (w *hookWorld) pre(fields map[string]any) string {
	m := map[string]any{"session_id": "s", "cwd": w.ws, "hook_event_name": "PreToolUse"}
	maps.Copy(m, fields)
	b, err := json.Marshal(m)
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

func edit(path string) map[string]any {
	return map[string]any{"tool_name": "Edit", "tool_input": map[string]any{"file_path": path, "old_string": "a", "new_string": "b"}}
}

func bash(cmd string) map[string]any {
	return map[string]any{"tool_name": "Bash", "tool_input": map[string]any{"command": cmd}}
}

var (
	loopEnv = map[string]string{"DOS_LOOP": "1"}
	opEnv   = map[string]string{}
)

// ccOutput is Claude Code's PreToolUse / PostToolUse answer.
type ccOutput struct {
	HookSpecificOutput struct {
		HookEventName            string `json:"hookEventName"`
		PermissionDecision       string `json:"permissionDecision"`
		PermissionDecisionReason string `json:"permissionDecisionReason"`
		AdditionalContext        string `json:"additionalContext"`
	} `json:"hookSpecificOutput"`
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// decode parses a hook's stdout: exactly one JSON line.
func decodeHook(t *testing.T, r result) ccOutput {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d (a hook always exits 0): %s", r.code, r.stderr)
	}
	if strings.Count(r.stdout, "\n") != 1 || !strings.HasSuffix(r.stdout, "\n") {
		t.Fatalf("stdout is not one JSON line: %q (stderr %q)", r.stdout, r.stderr)
	}
	var o ccOutput
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatalf("stdout %q: %v", r.stdout, err)
	}
	return o
}

// hookDetail decodes a hook record's detail.
func hookDetail(t *testing.T, r journal.Record) vocab.HookDetail {
	t.Helper()
	var d vocab.HookDetail
	if err := r.Detail.Decode(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

// onlyHook returns the one hook record, failing otherwise.
func (w *hookWorld) onlyHook() (journal.Record, vocab.HookDetail) {
	w.t.Helper()
	hs := w.hookRecords()
	if len(hs) != 1 {
		w.t.Fatalf("%d hook records, want 1: %+v", len(hs), hs)
	}
	return hs[0], hookDetail(w.t, hs[0])
}

// silent asserts a hook printed nothing and exited 0.
func silent(t *testing.T, r result) {
	t.Helper()
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("want no output and exit 0, got %d %q (stderr %q)", r.code, r.stdout, r.stderr)
	}
}
