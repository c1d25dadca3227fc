package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/setup"
	"github.com/dos-go/dos/vocab"
)

// One run per host session: the first journaled call starts a run whose
// subject is the session's hash, later calls reuse it, another session
// gets another run, and the raw session id is in no file name or record.
func TestHook_OneRunPerHostSession(t *testing.T) {
	w := newHookWorld(t)
	raw := "sess/../../etc-passwd 42"
	p := func(session, path string) string {
		return w.pre(map[string]any{"session_id": session, "tool_name": "Write", "tool_input": map[string]any{"file_path": path, "content": "x"}})
	}
	for _, f := range []string{"api/1.py", "api/2.py", "api/3.py"} {
		silent(t, w.hook("pretool", p(raw, w.ws+"/"+f), nil))
	}
	silent(t, w.hook("pretool", p("other-session", w.ws+"/api/4.py"), nil))
	var starts []string
	runs := map[string]int{}
	for _, r := range w.records() {
		if r.Syscall == vocab.SysRunStart {
			starts = append(starts, r.RunID)
			if !strings.HasPrefix(r.Subject, "session-") || len(r.Subject) != len("session-")+16 || r.Source != "hook:claude-code" {
				t.Fatalf("run.start %+v", r)
			}
		}
		if r.Kind == vocab.KindHook {
			runs[r.RunID]++
		}
		if strings.Contains(string(r.Detail), "passwd") || strings.Contains(r.Subject, "passwd") || strings.Contains(string(r.Detail), "other-session") {
			t.Fatalf("raw session id in a record: %+v", r)
		}
	}
	if len(starts) != 2 || runs[starts[0]] != 3 || runs[starts[1]] != 1 {
		t.Fatalf("starts %v, hook records by run %v", starts, runs)
	}
	filepath.Walk(filepath.Join(w.ws, ".dos"), func(path string, _ os.FileInfo, _ error) error {
		if strings.Contains(path, "passwd") || strings.Contains(path, "other-session") {
			t.Errorf("session id in a file name: %s", path)
		}
		return nil
	})
	// $DOS_RUN_ID wins over the session's run.
	silent(t, w.hook("pretool", p(raw, w.ws+"/api/5.py"), map[string]string{"DOS_RUN_ID": kRunA}))
	hs := w.hookRecords()
	if last := hs[len(hs)-1]; last.RunID != kRunA {
		t.Fatalf("DOS_RUN_ID ignored: %+v", last)
	}
	if b, err := os.ReadFile(filepath.Join(w.ws, ".dos", ".gitignore")); err != nil || string(b) != setup.GitignoreBody {
		t.Fatalf(".dos/.gitignore: %q %v", b, err)
	}
}

// Spec §12 case 24: the same Read with the same result five times in one
// session: calls 1–2 print nothing, 3–4 REPEATING, 5 STALLED; the step
// file has five lines; without a session nothing is written.
func TestHookPosttool_ByteIdenticalResults(t *testing.T) {
	w := newHookWorld(t)
	post := `{"session_id":"s","cwd":"` + w.ws + `","hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"api/a.py"},"tool_response":{"content":"a\n"}}`
	var got []string
	for i := 0; i < 5; i++ {
		r := w.hook("posttool", post, nil)
		if r.stdout == "" {
			got = append(got, "-")
			continue
		}
		o := decodeHook(t, r)
		ctx := o.HookSpecificOutput.AdditionalContext
		if o.HookSpecificOutput.HookEventName != "PostToolUse" || !strings.HasPrefix(ctx, "DOS tool_stream ") {
			t.Fatalf("%+v", o)
		}
		got = append(got, strings.Fields(ctx)[2])
	}
	if s := strings.Join(got, " "); s != "- - REPEATING: REPEATING: STALLED:" {
		t.Fatalf("got %s", s)
	}
	steps, _ := filepath.Glob(filepath.Join(w.ws, ".dos", "hooks", "streams", "*.jsonl"))
	if len(steps) != 1 {
		t.Fatalf("step files %v", steps)
	}
	if b, _ := os.ReadFile(steps[0]); strings.Count(string(b), "\n") != 5 {
		t.Fatalf("step file:\n%s", b)
	}
	hs := w.hookRecords()
	if len(hs) != 3 || hookDetail(t, hs[2]).Reason != vocab.ReasonStalledTS || hookDetail(t, hs[2]).Streak != 5 {
		t.Fatalf("records %+v", hs)
	}
	// A different result breaks the run.
	silent(t, w.hook("posttool", strings.Replace(post, `a\n`, `b\n`, 1), nil))
	// No session: no output, no file.
	w2 := newHookWorld(t)
	silent(t, w2.hook("posttool", strings.Replace(post, `"session_id":"s",`, "", 1), nil))
	if _, err := os.Stat(filepath.Join(w2.ws, ".dos", "hooks", "streams")); !os.IsNotExist(err) {
		t.Fatalf("a stream without a session: %v", err)
	}
}

// Spec §5: with a cap of 3 the first three stops are held open and the
// next ones go through; --reset starts again; unarmed it never blocks.
func TestHookMarker_Budget(t *testing.T) {
	w := newHookWorld(t)
	stop := w.stopPayload(nil)
	silent(t, w.hook("marker", stop, nil, "--max-markers", "3")) // not armed
	var got []string
	for i := 0; i < 5; i++ {
		r := w.hook("marker", stop, loopEnv, "--max-markers", "3")
		if r.stdout == "" {
			got = append(got, "allow")
			continue
		}
		if o := decodeHook(t, r); o.Decision != "block" || !strings.Contains(o.Reason, "wait-marker") {
			t.Fatalf("%+v", o)
		}
		got = append(got, "block")
	}
	if s := strings.Join(got, " "); s != "block block block allow allow" {
		t.Fatalf("got %s", s)
	}
	silent(t, w.hook("marker", stop, nil, "--reset"))
	if o := decodeHook(t, w.hook("marker", stop, loopEnv, "--max-markers", "3")); o.Decision != "block" {
		t.Fatalf("after reset: %+v", o)
	}
}

// Claude Code runs the hooks of parallel tool calls concurrently: eight
// first calls of one session at once still start exactly one run.
func TestHook_ConcurrentFirstCallsStartOneRun(t *testing.T) {
	w := newHookWorld(t)
	payload := w.pre(map[string]any{"session_id": "parallel", "tool_name": "Write", "tool_input": map[string]any{"file_path": w.ws + "/api/p.py", "content": "x"}})
	done := make(chan result, 8)
	for i := 0; i < 8; i++ {
		go func() { done <- w.hook("pretool", payload, nil) }()
	}
	for i := 0; i < 8; i++ {
		if r := <-done; r.code != 0 || r.stdout != "" {
			t.Errorf("call %d: %d %q %q", i, r.code, r.stdout, r.stderr)
		}
	}
	starts, runs := 0, map[string]bool{}
	for _, r := range w.records() {
		if r.Syscall == vocab.SysRunStart {
			starts++
		}
		if r.Kind == vocab.KindHook {
			runs[r.RunID] = true
		}
	}
	if starts != 1 || len(runs) != 1 || len(w.hookRecords()) != 8 {
		t.Fatalf("%d run.start, hook records in runs %v, %d hook records", starts, runs, len(w.hookRecords()))
	}
}

// dos helped counts what the front door caught: a denied tool call and a
// blocked false "done", each beside the calls and stops judged.
func TestHelped_CountsTheFrontDoorsCatches(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), loopEnv))
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/api/a.py")), loopEnv))
	decodeHook(t, w.hook("stop", w.stopPayload(map[string]any{"last_assistant_message": "DOS-CLAIM: AUTH AUTH7"}), nil))
	r := w.dos("", nil, "--workspace", w.ws, "--json", "helped", "--explain")
	var doc struct {
		Catches []struct {
			Key      string `json:"key"`
			Count    int    `json:"count"`
			Of       int    `json:"of"`
			Examples []struct {
				What string `json:"what"`
			} `json:"examples"`
		} `json:"catches"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("%d %q %v", r.code, r.stderr, err)
	}
	got := map[string]string{}
	for _, c := range doc.Catches {
		if len(c.Examples) > 0 {
			got[c.Key] = fmt.Sprintf("%d/%d %s", c.Count, c.Of, c.Examples[0].What)
		}
	}
	if got["tool-calls-denied"] != "1/2 denied Edit (path-overlap) in lane web" || got["false-dones-blocked"] != "1/1 blocked a stop: AUTH7 claimed, no stamped commit behind it" {
		t.Fatalf("%v", got)
	}
}
