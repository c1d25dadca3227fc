package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

func (w *hookWorld) stopPayload(fields map[string]any) string {
	m := map[string]any{"session_id": "s", "cwd": w.ws, "hook_event_name": "Stop", "stop_hook_active": false}
	for k, v := range fields {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// transcript writes a Claude Code JSONL transcript with these assistant
// turns (each after a user line and a tool_use-only line).
func (w *hookWorld) transcript(turns ...string) string {
	w.t.Helper()
	var b strings.Builder
	for _, t := range turns {
		fmt.Fprintf(&b, `{"type":"user","message":{"role":"user","content":"go on"}}`+"\n")
		fmt.Fprintf(&b, `{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","name":"Bash","input":{}}]}}`+"\n")
		line, _ := json.Marshal(map[string]any{"type": "assistant", "message": map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "text", "text": t}}}})
		b.Write(append(line, '\n'))
	}
	p := filepath.Join(w.t.TempDir(), "transcript.jsonl")
	writeFile(w.t, p, b.String())
	return p
}

// Spec §12 cases 16–18: a DOS-CLAIM marker with no stamped commit blocks;
// stop_hook_active lets the next stop through (unless --force); the
// commit landing lets it through.
func TestHookStop_BlocksAnUnbackedClaimUntilTheCommitLands(t *testing.T) {
	w := newHookWorld(t)
	claim := w.stopPayload(map[string]any{"last_assistant_message": "All done.\nDOS-CLAIM: AUTH AUTH2\n"})
	o := decodeHook(t, w.hook("stop", claim, nil))
	if o.Decision != "block" || !strings.HasPrefix(o.Reason, "DOS verify: you claimed AUTH AUTH2 (via marker)") || o.HookSpecificOutput.PermissionDecision != "" {
		t.Fatalf("block: %+v", o)
	}
	rec, d := w.onlyHook()
	if rec.Syscall != vocab.SysHookStop || rec.Verdict != vocab.VerdictBlock || d.Reason != vocab.ReasonUnshipped ||
		d.Claims != 1 || d.Checked[0].Phase != "AUTH2" || d.Checked[0].Shipped || d.Checked[0].Via != "marker" {
		t.Fatalf("record: %+v %+v", rec, d)
	}

	active := w.stopPayload(map[string]any{"last_assistant_message": "DOS-CLAIM: AUTH AUTH2", "stop_hook_active": true})
	silent(t, w.hook("stop", active, nil))
	if o := decodeHook(t, w.hook("stop", active, nil, "--force")); o.Decision != "block" {
		t.Fatalf("--force: %+v", o)
	}

	w.repo.Commit("AUTH2: land the tokens", map[string]string{"api/auth.py": "ok\n"})
	silent(t, w.hook("stop", claim, nil))
	r := w.hook("stop", claim, nil, "--json")
	var j struct {
		OK      bool              `json:"ok"`
		Checked int               `json:"checked"`
		Results []vocab.HookClaim `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || !j.OK || j.Checked != 1 || !j.Results[0].Shipped || j.Results[0].SHA == "" {
		t.Fatalf("--json: %q %v", r.stdout, err)
	}
	var verdicts []string
	for _, h := range w.hookRecords() {
		verdicts = append(verdicts, h.Verdict+":"+hookDetail(t, h).Reason)
	}
	if got := strings.Join(verdicts, " "); got != "BLOCK:unshipped-claim PASS:stop-hook-active BLOCK:unshipped-claim ALLOW:claims-shipped ALLOW:claims-shipped" {
		t.Fatalf("records: %s", got)
	}
}

// Spec §12 cases 19–20: prose is no claim unless --strict; a marker in an
// earlier turn counts only with --last-turns; a missing or garbage
// transcript is no claim.
func TestHookStop_ClaimsComeFromTheLastTurnsMarkers(t *testing.T) {
	w := newHookWorld(t)
	prose := w.transcript("AUTH2 is done and shipped.")
	silent(t, w.hook("stop", w.stopPayload(map[string]any{"transcript_path": prose}), nil))
	if o := decodeHook(t, w.hook("stop", w.stopPayload(map[string]any{"transcript_path": prose}), nil, "--strict")); o.Decision != "block" || !strings.Contains(o.Reason, "via heuristic") {
		t.Fatalf("--strict: %+v", o)
	}
	earlier := w.transcript("DOS-CLAIM: AUTH AUTH3", "Now something else.")
	silent(t, w.hook("stop", w.stopPayload(map[string]any{"transcript_path": earlier}), nil))
	if o := decodeHook(t, w.hook("stop", w.stopPayload(map[string]any{"transcript_path": earlier}), nil, "--last-turns", "2")); o.Decision != "block" {
		t.Fatalf("--last-turns 2: %+v", o)
	}
	garbage := filepath.Join(t.TempDir(), "g.jsonl")
	writeFile(t, garbage, "\x00\x01 not json\n{]\n")
	for _, p := range []string{filepath.Join(t.TempDir(), "missing.jsonl"), garbage} {
		silent(t, w.hook("stop", w.stopPayload(map[string]any{"transcript_path": p}), nil))
	}
	// A marker whose words are not tokens is no claim.
	silent(t, w.hook("stop", w.stopPayload(map[string]any{"last_assistant_message": "DOS-CLAIM: $(rm -rf /) x"}), nil))
}

// --plan/--phase name a claim without any transcript (a skill's
// frontmatter), and stop judges them even on empty stdin.
func TestHookStop_FlagClaimOnEmptyStdin(t *testing.T) {
	w := newHookWorld(t)
	o := decodeHook(t, w.hook("stop", "", nil, "--plan", "AUTH", "--phase", "AUTH9"))
	if o.Decision != "block" || !strings.Contains(o.Reason, "AUTH AUTH9 (via flag)") {
		t.Fatalf("%+v", o)
	}
}

// The Go-native rung: this run's intent.claim records that git did not
// back block the stop too, until a commit lands.
func TestHookStop_OpenIntentClaimsOfTheRunBlock(t *testing.T) {
	w := newHookWorld(t)
	env := map[string]string{"DOS_RUN_ID": kRunA}
	if r := w.dos("", env, "--workspace", w.ws, "intent", "claim", "--plan", "BILL", "BILL1"); r.code != 1 {
		t.Fatalf("intent claim: %d %s %s", r.code, r.stdout, r.stderr)
	}
	o := decodeHook(t, w.hook("stop", w.stopPayload(nil), env))
	if o.Decision != "block" || !strings.Contains(o.Reason, "BILL BILL1 (via intent)") {
		t.Fatalf("%+v", o)
	}
	w.repo.Commit("BILL1: invoices", map[string]string{"api/bill.py": "ok\n"})
	silent(t, w.hook("stop", w.stopPayload(nil), env))
}
