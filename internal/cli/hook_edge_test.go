package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// Spec §12 case 13 and the hostile inputs: anything that is not a
// JSON object is nothing to judge — no output, no record, exit 0.
func TestHook_MalformedInput_PassesSilentlyUnjournaled(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	post := `{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Edit","tool_input":{"file_path":"web/b.js"},"tool_response":{"ok":true}}`
	for name, in := range map[string]string{
		"not json": "{not json", "array": "[1,2]", "empty": "", "blank": " \n\t", "two objects": "{} {}",
		"a string": `"x"`, "post payload to pretool": post, "null": "null",
	} {
		for _, verb := range []string{"pretool", "posttool", "marker"} {
			if verb != "pretool" && name == "post payload to pretool" {
				continue
			}
			r := w.hook(verb, in, loopEnv)
			if r.code != 0 || r.stdout != "" {
				t.Errorf("%s %s: %d %q %q", verb, name, r.code, r.stdout, r.stderr)
			}
		}
	}
	if hs := w.hookRecords(); len(hs) != 0 {
		t.Fatalf("malformed input journaled: %+v", hs)
	}
}

// Spec §12 case 14: a 10 MB Write is judged; a 20 MiB payload passes
// through with a payload-too-large record.
func TestHook_PayloadBounds(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	big := map[string]any{"tool_name": "Write", "tool_input": map[string]any{"file_path": w.ws + "/web/b.js", "content": strings.Repeat("x", 10<<20)}}
	o := decodeHook(t, w.hook("pretool", w.pre(big), loopEnv))
	if o.HookSpecificOutput.PermissionDecision != "deny" {
		t.Fatalf("10 MB: %+v", o)
	}
	big["tool_input"].(map[string]any)["content"] = strings.Repeat("x", 20<<20)
	silent(t, w.hook("pretool", w.pre(big), loopEnv))
	hs := w.hookRecords()
	if len(hs) != 2 || hs[1].Verdict != vocab.VerdictPass || hookDetail(t, hs[1]).Reason != vocab.ReasonPayloadTooLarge {
		t.Fatalf("20 MiB: %+v", hs)
	}
}

// Spec §12 case 15: a journal that cannot be written does not lose the
// decision: the deny still prints, stderr warns, exit 0 — even with
// DOS_STRICT_JOURNAL=1, which would make any other verb exit 2.
func TestHook_UnwritableJournal_TheDenyStands(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes through read-only modes")
	}
	w := newHookWorld(t)
	w.leaseWeb()
	jdir := filepath.Join(w.ws, ".dos", "journal")
	if err := os.Chmod(jdir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(jdir, 0o755)
	env := map[string]string{"DOS_LOOP": "1", "DOS_STRICT_JOURNAL": "1"}
	r := w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), env)
	o := decodeHook(t, r)
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(r.stderr, "not journaled") {
		t.Fatalf("%+v stderr %q", o, r.stderr)
	}
}

// The same as root, who writes through read-only modes: the journal's
// writer lock is a directory, so every append fails while readers (the
// lease fold) still work.
func TestHook_JournalThatRefusesAppends_TheDenyStands(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	lock := filepath.Join(w.ws, ".dos", "journal", "LOCK")
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(lock, 0o755); err != nil {
		t.Fatal(err)
	}
	before := len(w.records())
	env := map[string]string{"DOS_LOOP": "1", "DOS_STRICT_JOURNAL": "1"}
	r := w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), env, "--strict")
	o := decodeHook(t, r)
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(r.stderr, "not journaled") {
		t.Fatalf("%+v stderr %q", o, r.stderr)
	}
	if n := len(w.records()); n != before {
		t.Fatalf("%d records appended through a refusing journal", n-before)
	}
}

// Spec §12 case 25 and §1: a hook never exits 2 — an unknown flag, verb
// or dialect is exit 1 with one stderr line, and prints nothing.
func TestHook_UsageErrorsExitOneNeverTwo(t *testing.T) {
	w := newHookWorld(t)
	for _, args := range [][]string{
		{"hook", "pretool", "--bogus"},
		{"hook", "stop", "--bogus=1"},
		{"hook", "pretool", "--dialect", "bogus"},
		{"hook", "posttool", "--dialect", "trae"},
		{"hook", "bogus"},
		{"hook", "stop", "--plan", "AUTH"},
		{"hook", "pretool", "extra-arg"},
		{"hook", "marker", "--max-markers", "x"},
	} {
		r := w.dos(w.pre(edit("web/b.js")), loopEnv, args...)
		if r.code != 1 || r.stdout != "" || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stderr == "" {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if hs := w.hookRecords(); len(hs) != 0 {
		t.Fatalf("usage errors journaled: %+v", hs)
	}
}

// Fail open: when dos itself cannot judge, the call goes ahead (exit 0,
// no decision), stderr says why, and — where the journal can be written —
// an internal-error record names the stage.
func TestHook_InternalError_FailsOpenWithARecord(t *testing.T) {
	w := newHookWorld(t)
	writeFile(t, filepath.Join(w.ws, ".dos", "hooks", "streams"), "a file where the stream directory goes")
	post := `{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"a"},"tool_response":"x"}`
	r := w.hook("posttool", post, loopEnv)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "internal error (stream)") || !strings.Contains(r.stderr, "the call goes ahead") {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
	rec, d := w.onlyHook()
	if rec.Syscall != vocab.SysHookPosttool || rec.Verdict != vocab.VerdictPass || d.Reason != vocab.ReasonInternalError || d.Stage != "stream" {
		t.Fatalf("%+v %+v", rec, d)
	}
}

// A corrupt journal tail (a complete line that is not a record) leaves
// dos unable to fold the leases: the call goes ahead rather than block.
func TestHook_CorruptJournal_FailsOpen(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	seg, _ := filepath.Glob(filepath.Join(w.ws, ".dos", "journal", "*.jsonl"))
	if len(seg) == 0 {
		t.Fatal("no segment")
	}
	f, err := os.OpenFile(seg[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("garbage that is not a record\n")
	f.Close()
	r := w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), loopEnv)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "internal error (leases)") {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
}
