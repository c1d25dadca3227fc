package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// Spec §12 cases 1–2: an Edit into lane web, which run B holds.
func TestHookPretool_EditInAnotherRunsLane_DeniedInALoop_WarnedForAnOperator(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	o := decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), loopEnv))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "lane web") ||
		!strings.HasPrefix(o.HookSpecificOutput.PermissionDecisionReason, "DOS PRE-admission: ") || o.HookSpecificOutput.HookEventName != "PreToolUse" {
		t.Fatalf("loop: %+v", o)
	}
	rec, d := w.onlyHook()
	if rec.Syscall != vocab.SysHookPretool || rec.Verdict != vocab.VerdictDeny || d.Reason != vocab.ReasonPathOverlap ||
		rec.Lane != "web" || d.Holding == nil || d.Holding.Lane != "web" || d.Holding.Holder.RunID != kRunB || !d.Loop {
		t.Fatalf("loop record: %+v %+v", rec, d)
	}
	if rec.Source != "hook:claude-code" || len(d.FootprintSHA256) != 1 || d.PathsCount != 1 || !d.FootprintKnown || d.Tool != "Edit" {
		t.Fatalf("loop record detail: %+v %+v", rec, d)
	}
	if strings.Contains(string(rec.Detail), "web/b.js") || strings.Contains(string(rec.Detail), `"s"`) {
		t.Fatalf("the record holds payload text: %s", rec.Detail)
	}

	o = decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/web/b.js")), opEnv))
	if o.HookSpecificOutput.PermissionDecision != "" || !strings.Contains(o.HookSpecificOutput.AdditionalContext, "lane web") {
		t.Fatalf("operator: %+v", o)
	}
	hs := w.hookRecords()
	if len(hs) != 2 || hs[1].Verdict != vocab.VerdictWarn || hookDetail(t, hs[1]).Reason != vocab.ReasonPathOverlap || hookDetail(t, hs[1]).Loop {
		t.Fatalf("operator record: %+v", hs)
	}
}

// Spec §12 cases 3–6 and the hostile Bash: a command's writes are
// read from its shell words, not scraped from dotted tokens.
func TestHookPretool_HostileBash_IsDeniedFromItsShellWords(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	for name, c := range map[string]struct {
		cmd, cwd string
	}{
		"sed -i":                 {"sed -i s/x/y/ web/b.js", ""},
		"rm a directory":         {"rm -rf web/", ""},
		"redirect, no dot":       {"cat x > web/new", ""},
		"dilution":               {"echo z > web/b.js; cat a/b.c d/e.f g/h.i", ""},
		"relative escape":        {"cp x ../web/b.js", "api"},
		"cd then write":          {"cd web && touch new", ""},
		"bash -c":                {`bash -c "echo x > web/b.js"`, ""},
		"command substitution":   {"echo $(tee web/b.js < /dev/null)", ""},
		"git checkout of a path": {"git checkout -- web/b.js", ""},
	} {
		t.Run(name, func(t *testing.T) {
			p := bash(c.cmd)
			if c.cwd != "" {
				p["cwd"] = filepath.Join(w.ws, c.cwd)
			}
			o := decodeHook(t, w.hook("pretool", w.pre(p), loopEnv))
			if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "lane web") {
				t.Fatalf("%q: %+v", c.cmd, o)
			}
		})
	}
}

// The hostile payload: `echo x > ../other/README.md` from a run
// whose lane is src/api. From the workspace root it leaves the workspace
// (scope-escape); from src/api it lands in src/other, which only the
// scope gate refuses.
func TestHookPretool_EchoIntoDotDotOther_FromLaneSrcAPI(t *testing.T) {
	w := newHookWorld(t)
	w.lease(kRunA, "api", "src/api/", "515151")
	run := map[string]string{"DOS_RUN_ID": kRunA}
	cmd := bash("echo x > ../other/README.md")

	o := decodeHook(t, w.hook("pretool", w.pre(cmd), run))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "outside the workspace") {
		t.Fatalf("from the root: %+v", o)
	}
	rec, d := w.onlyHook()
	if rec.Verdict != vocab.VerdictDeny || d.Reason != vocab.ReasonScopeEscape || d.Outside != 1 || rec.RunID != kRunA {
		t.Fatalf("from the root, record: %+v %+v", rec, d)
	}

	cmd["cwd"] = filepath.Join(w.ws, "src", "api")
	silent(t, w.hook("pretool", w.pre(cmd), run))
	gate := map[string]string{"DOS_RUN_ID": kRunA, "DOS_APPLY_GATE": "1"}
	o = decodeHook(t, w.hook("pretool", w.pre(cmd), gate))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "outside this run's lane api") {
		t.Fatalf("from src/api, gate on: %+v", o)
	}
}

// Spec §12 case 7: a run is never refused inside its own lane, even with
// another run's lease live beside it.
func TestHookPretool_OwnLane_IsAllowedSilently(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	w.lease(kRunA, "api", "api/", "515151")
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/api/a.py")), map[string]string{"DOS_RUN_ID": kRunA}))
	rec, d := w.onlyHook()
	if rec.Verdict != vocab.VerdictAllow || d.Reason != vocab.ReasonOwnLane || rec.Lane != "api" || rec.RunID != kRunA {
		t.Fatalf("%+v %+v", rec, d)
	}
}

// Spec §12 case 8: with the scope gate on, leaving the run's own lane is
// refused in a loop and warned for an operator (whose lease is found by
// $DOS_PID).
func TestHookPretool_ScopeGate(t *testing.T) {
	w := newHookWorld(t)
	w.lease(kRunA, "api", "api/", "515151")
	o := decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/docs/x.md")), map[string]string{"DOS_RUN_ID": kRunA, "DOS_APPLY_GATE": "1"}))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.HasPrefix(o.HookSpecificOutput.PermissionDecisionReason, "DOS PRE apply-gate: ") {
		t.Fatalf("loop: %+v", o)
	}
	o = decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/docs/x.md")), map[string]string{"DOS_PID": "515151", "DOS_APPLY_GATE": "1"}))
	if o.HookSpecificOutput.PermissionDecision != "" || !strings.Contains(o.HookSpecificOutput.AdditionalContext, "scope gate") {
		t.Fatalf("operator: %+v", o)
	}
	for _, r := range w.hookRecords() {
		if hookDetail(t, r).Reason != vocab.ReasonScopeEscape {
			t.Fatalf("%+v", r)
		}
	}
	// Gate off: the same write is allowed.
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/docs/x.md")), map[string]string{"DOS_RUN_ID": kRunA}))
}

// Spec §12 case 9: dos's own decision-path sources, in a dos checkout,
// are denied to loop and operator alike, in any case.
func TestHookPretool_SelfModify_DeniedEvenForAnOperator(t *testing.T) {
	w := newHookWorld(t)
	writeFile(t, filepath.Join(w.ws, "go.mod"), "module github.com/dos-go/dos\n\ngo 1.26\n")
	writeFile(t, filepath.Join(w.ws, "kernel", "verify.go"), "package kernel\n")
	for _, env := range []map[string]string{loopEnv, opEnv} {
		o := decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/KERNEL/verify.go")), env))
		r := o.HookSpecificOutput.PermissionDecisionReason
		if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(r, "decision-path") || strings.Contains(r, "--force") {
			t.Fatalf("%v: %+v", env, o)
		}
	}
	// The operator's override softens it to a warning.
	o := decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/kernel/verify.go")), map[string]string{"DOS_ALLOW_SELF_MODIFY": "1"}))
	if o.HookSpecificOutput.PermissionDecision != "" || o.HookSpecificOutput.AdditionalContext == "" {
		t.Fatalf("override: %+v", o)
	}
	// Another repository's kernel/ is not dos's.
	writeFile(t, filepath.Join(w.ws, "go.mod"), "module example.com/other\n")
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/kernel/verify.go")), loopEnv))
}

// Spec §12 case 10: .dos/ is dos's state — the journal, leases, hook
// state — and no agent edits it.
func TestHookPretool_DosState_IsDenied(t *testing.T) {
	w := newHookWorld(t)
	for _, p := range []map[string]any{
		{"tool_name": "Write", "tool_input": map[string]any{"file_path": w.ws + "/.dos/journal/00000000000000000001.jsonl", "content": "x"}},
		{"tool_name": "Write", "tool_input": map[string]any{"file_path": ".dos/override/arm", "content": "x"}},
		bash("rm -rf .dos"),
	} {
		o := decodeHook(t, w.hook("pretool", w.pre(p), opEnv))
		if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, ".dos/") {
			t.Fatalf("%v: %+v", p, o)
		}
	}
	for _, r := range w.hookRecords() {
		if hookDetail(t, r).Reason != vocab.ReasonDosState || r.Verdict != vocab.VerdictDeny {
			t.Fatalf("%+v", r)
		}
	}
}

// Spec §12 case 11: reads and no-write commands print nothing and are not
// journaled (they are most tool calls).
func TestHookPretool_ReadsPassUnjournaled(t *testing.T) {
	w := newHookWorld(t)
	w.leaseWeb()
	for _, p := range []map[string]any{
		{"tool_name": "Read", "tool_input": map[string]any{"file_path": w.ws + "/web/b.js"}},
		bash("git log -- web/b.js"),
		bash("cat web/b.js | grep x | wc -l"),
		{"tool_name": "Grep", "tool_input": map[string]any{"pattern": "x", "path": "web"}},
	} {
		silent(t, w.hook("pretool", w.pre(p), loopEnv))
	}
	if hs := w.hookRecords(); len(hs) != 0 {
		t.Fatalf("reads journaled: %+v", hs)
	}
}

// Spec §12 case 12, with the exec-capability rule: an unknown
// footprint beside another run's lease warns; with no lease, the exec
// grant itself is reported, and --strict denies it.
func TestHookPretool_UnknownFootprintAndExecGrants(t *testing.T) {
	w := newHookWorld(t)
	o := decodeHook(t, w.hook("pretool", w.pre(bash("npm test")), loopEnv))
	if !strings.Contains(o.HookSpecificOutput.AdditionalContext, "arbitrary code execution") || o.HookSpecificOutput.PermissionDecision != "" {
		t.Fatalf("exec, no lease: %+v", o)
	}
	o = decodeHook(t, w.hook("pretool", w.pre(bash("python3 -c 'print(1)'")), loopEnv, "--strict"))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "--strict") {
		t.Fatalf("exec, strict: %+v", o)
	}
	silent(t, w.hook("pretool", w.pre(bash("make-believe-tool")), loopEnv)) // unknown, but no lease and no exec: ALLOW
	w.leaseWeb()
	o = decodeHook(t, w.hook("pretool", w.pre(bash("npm test")), loopEnv))
	if !strings.Contains(o.HookSpecificOutput.AdditionalContext, "cannot tell what this call writes") {
		t.Fatalf("unknown with a lease: %+v", o)
	}
	var reasons []string
	for _, r := range w.hookRecords() {
		reasons = append(reasons, r.Verdict+":"+hookDetail(t, r).Reason)
	}
	want := "WARN:exec-capability DENY:exec-capability ALLOW:no-lane WARN:unknown-footprint"
	if strings.Join(reasons, " ") != want {
		t.Fatalf("records %v, want %s", reasons, want)
	}
}

// With dos.toml's lanes, a lease taken by lane name carries the lane's
// tree, and pretool judges writes against it; [hooks] scope_gate = true
// turns the scope gate on as DOS_APPLY_GATE does.
func TestHookPretool_LaneTreesFromDosToml(t *testing.T) {
	w := newHookWorld(t)
	writeFile(t, filepath.Join(w.ws, "dos.toml"), "[lanes]\nconcurrent = [\"api\", \"web\"]\n[lanes.trees]\napi = [\"api/**\"]\nweb = [\"web/**\", \"assets/*.css\"]\n")
	if r := w.dos("", nil, "--workspace", w.ws, "lease", "acquire", "--run-id", kRunB, "--lane", "web", "--pid", hookPIDB, "--ttl", "1h"); r.code != 0 {
		t.Fatalf("acquire web: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := w.dos("", nil, "--workspace", w.ws, "lease", "acquire", "--run-id", kRunA, "--lane", "api", "--pid", "515151", "--ttl", "1h"); r.code != 0 {
		t.Fatalf("acquire api: %d %s %s", r.code, r.stdout, r.stderr)
	}
	run := map[string]string{"DOS_RUN_ID": kRunA}
	o := decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/assets/site.css")), run))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "lane web (web/**,assets/*.css)") {
		t.Fatalf("a file of web's tree: %+v", o)
	}
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/api/a.py")), run))
	silent(t, w.hook("pretool", w.pre(edit(w.ws+"/docs/x.md")), run))
	writeFile(t, filepath.Join(w.ws, "dos.toml"), "[hooks]\nscope_gate = true\n[lanes]\nconcurrent = [\"api\", \"web\"]\n[lanes.trees]\napi = [\"api/**\"]\nweb = [\"web/**\", \"assets/*.css\"]\n")
	o = decodeHook(t, w.hook("pretool", w.pre(edit(w.ws+"/docs/x.md")), run))
	if o.HookSpecificOutput.PermissionDecision != "deny" || !strings.Contains(o.HookSpecificOutput.PermissionDecisionReason, "outside this run's lane api (api/**)") {
		t.Fatalf("scope_gate from dos.toml: %+v", o)
	}
}
