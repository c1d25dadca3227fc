package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

func plan(name string) string { return filepath.Join("..", "..", "testdata", "plans", name) }

func transcript(name string) string {
	return filepath.Join("..", "..", "testdata", "transcripts", name)
}

// TestTruthVerbs_PrintExitAndAppendOneRecord runs each truth and picker
// verb: golden text and JSON, its exit code and the one record it appends.
func TestTruthVerbs_PrintExitAndAppendOneRecord(t *testing.T) {
	attempts := `[{"unit_id":"AUTH3","outcome":"drained","attempted_at_ms":9000000}]`
	cases := []struct {
		golden  string
		args    []string
		code    int
		syscall string
		verdict string
	}{
		{"verify-result-dead", []string{"verify-result", "--transcript", transcript("dead-429.jsonl")}, 3, vocab.SysVerifyResult, "DEAD"},
		{"verify-result-healthy", []string{"verify-result", "--transcript", transcript("healthy.jsonl")}, 0, vocab.SysVerifyResult, "HEALTHY"},
		{"verify-result-garbage", []string{"verify-result", "--transcript", transcript("garbage.jsonl")}, 3, vocab.SysVerifyResult, "DEAD"},
		{"verify-result-missing", []string{"verify-result", "--transcript", transcript("no-such.jsonl")}, 0, vocab.SysVerifyResult, "UNREADABLE"},
		{"coverage-underfilled", []string{"coverage", "--declared", "3", "--transcript", transcript("dead-429.jsonl"), "--transcript", transcript("healthy.jsonl")}, 3, vocab.SysCoverage, "UNDERFILLED"},
		{"coverage-full", []string{"coverage", "--declared", "2", "--states", "HEALTHY,HEALTHY"}, 0, vocab.SysCoverage, "FULL"},
		{"coverage-empty", []string{"coverage", "--declared", "0", "--states", "HEALTHY"}, 0, vocab.SysCoverage, "EMPTY"},
		{"coverage-starved", []string{"coverage", "--declared", "2", "--transcripts-glob", transcript("garbage*.jsonl")}, 3, vocab.SysCoverage, "STARVED"},
		{"pickable-in-flight", []string{"pickable", "AUTH3", "--state", `{"in_flight":true,"operator_gated":true}`, "--now-ms", "50"}, 20, vocab.SysPickable, "IN_FLIGHT"},
		{"pickable-cooldown", []string{"pickable", "AUTH3", "--state", `{"cooldown_until_ms":100}`, "--now-ms", "50"}, 23, vocab.SysPickable, "COOLDOWN"},
		{"pickable-draft", []string{"pickable", "AUTH3", "--state", `{"plan_class":"draft"}`, "--now-ms", "50"}, 10, vocab.SysPickable, "DRAFT_CLASS"},
		{"pickable-offerable", []string{"pickable", "AUTH3", "--state", `{"in_flight":false,"shipped":""}`, "--now-ms", "50"}, 0, vocab.SysPickable, "OFFERABLE"},
		{"cooldown-recent", []string{"cooldown", "AUTH3", "--now-ms", "10000000", "--attempts", attempts}, 3, vocab.SysCooldown, "RECENTLY_ATTEMPTED"},
		{"cooldown-clear", []string{"cooldown", "AUTH3", "--now-ms", "10000000", "--attempts", `[{"unit_id":"AUTH3","outcome":"error","attempted_at_ms":8100000}]`}, 0, vocab.SysCooldown, "CLEAR"},
		{"pick-priority-attempted", []string{"pick-priority", "AUTH3", "--attempts", attempts}, 3, vocab.SysPickPriority, "ATTEMPTED"},
		{"pick-priority-never", []string{"pick-priority", "AUTH3", "--attempts", "[]"}, 0, vocab.SysPickPriority, "NEVER_ATTEMPTED"},
		{"reconcile-quiet", []string{"reconcile", "AUTH2", "--claimed-done", "--no-oracle-shipped"}, 3, vocab.SysReconcile, "QUIET_INCOMPLETE"},
		{"reconcile-open", []string{"reconcile", "AUTH2", "--no-oracle-shipped"}, 4, vocab.SysReconcile, "HONEST_OPEN"},
		{"arg-provenance-unsupported", []string{"arg-provenance", "--tool", "update_incident", "--args", `{"incident_id":"INC0099999"}`, "--prior", `{"number":"INC0010023"}`}, 3, vocab.SysArgProvenance, "UNSUPPORTED"},
		{"arg-provenance-believe", []string{"arg-provenance", "--tool", "update_incident", "--args", `{"incident_id":"INC0010023","note":"done"}`, "--prior", `{"number":"INC0010023"}`}, 0, vocab.SysArgProvenance, "BELIEVE"},
		{"arg-provenance-first-call", []string{"arg-provenance", "--tool", "update_incident", "--args", `{"incident_id":"INC0099999"}`}, 0, vocab.SysArgProvenance, "BELIEVE"},
		{"rewind-no-signal", []string{"rewind"}, 0, vocab.SysRewind, "NO_REWIND"},
		{"rewind-unanchored", []string{"rewind", "--fire", "THRASHING"}, 3, vocab.SysRewind, "UNANCHORED"},
		{"enumerate-clean", []string{"enumerate", plan("auth-plan.md"), "--series", "AUTH"}, 0, vocab.SysEnumerate, "CLEAN"},
		{"enumerate-drift", []string{"enumerate", plan("auth-plan.md"), "--series", "AUTH", "--shipped", `["AUTH2","AUTH7"]`}, 3, vocab.SysEnumerate, "DRIFT"},
		{"enumerate-empty", []string{"enumerate", plan("empty-plan.md")}, 4, vocab.SysEnumerate, "EMPTY"},
		{"reconcile-verified", []string{"reconcile", "AUTH2", "--oracle-shipped"}, 0, vocab.SysReconcile, "VERIFIED"},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			w := newKWorld(t)
			res, rec := w.one(t, c.args...)
			if res.code != c.code || res.stderr != "" {
				t.Fatalf("exit %d stderr %q, want %d", res.code, res.stderr, c.code)
			}
			if rec.Kind != journal.KindVerdict || rec.Syscall != c.syscall || rec.Verdict != c.verdict || rec.RunID != kRunA || rec.Source != "cli" {
				t.Fatalf("record %+v", rec)
			}
			if !strings.HasPrefix(res.stdout, c.verdict+"  ") {
				t.Fatalf("stdout %q does not start with %q", res.stdout, c.verdict+"  ")
			}
			golden(t, "truth/"+c.golden+".txt", res.stdout)
			jres, jrec := w.one(t, append(c.args, "--json")...)
			var doc map[string]any
			if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || jres.code != c.code {
				t.Fatalf("--json: %v exit %d: %s", err, jres.code, jres.stdout)
			}
			if doc["verdict"] != c.verdict || doc["seq"] != float64(jrec.Seq) || doc["exit_code"] != float64(c.code) {
				t.Fatalf("--json %v", doc)
			}
			golden(t, "truth/"+c.golden+".json", jres.stdout)
		})
	}
}

// TestTruthVerbs_BadInputIsExit2AndRecordsNothing pins the usage errors.
func TestTruthVerbs_BadInputIsExit2AndRecordsNothing(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"verify-result"}, "no transcript — pass --transcript PATH"},
		{[]string{"coverage", "--states", "HEALTHY"}, "--declared N is required"},
		{[]string{"coverage", "--declared", "2", "--states", "HEALTHY,BOGUS"}, "un-coercible state token"},
		{[]string{"coverage", "--declared", "2", "--states", ""}, "nothing to fold"},
		{[]string{"coverage", "--declared", "2"}, "nothing to fold"},
		{[]string{"pickable", "U", "--state", "[1]"}, "--state must be a JSON object, got list"},
		{[]string{"pickable", "U", "--state", "{"}, "--state is not valid JSON"},
		{[]string{"pickable", "U", "--state", `{"cooldown_until_ms":"soon"}`}, "cooldown_until_ms must be an integer"},
		{[]string{"cooldown", "AUTH3", "--attempts", `{"a":1}`}, "--attempts must be a JSON list"},
		{[]string{"cooldown", "AUTH3", "--attempts", `nope`}, "--attempts is not valid JSON"},
		{[]string{"pick-priority", "AUTH3", "--attempts", `[1]`}, "each item must be"},
		{[]string{"reconcile", "AUTH2"}, "provide either --oracle-shipped"},
		{[]string{"enumerate", plan("no-such-plan.md")}, "cannot read plan doc"},
		{[]string{"enumerate", plan("auth-plan.md"), "--shipped", `{"a":1}`}, "--shipped must be a JSON list"},
		{[]string{"arg-provenance", "--tool", "t", "--args", "[1]"}, "--args must be a JSON object"},
		{[]string{"arg-provenance", "--tool", "t", "--args", "{}", "--prior-file", "/no/such/file"}, "--prior-file /no/such/file cannot be read"},
		{[]string{"reconcile", "AUTH2", "--oracle-shipped", "--no-oracle-shipped"}, "at most one"},
	}
	for _, c := range cases {
		w := newKWorld(t)
		res := dos(t, w.env, c.args...)
		if res.code != 2 || !strings.Contains(res.stderr, c.want) || len(w.records(t)) != 0 {
			t.Errorf("dos %s: exit %d stderr %q, %d records", strings.Join(c.args, " "), res.code, res.stderr, len(w.records(t)))
		}
	}
}

// TestVerifyResult_ReadsTheHookEventOnStdin takes transcript_path from a
// hook event when --transcript is not given.
func TestVerifyResult_ReadsTheHookEventOnStdin(t *testing.T) {
	w := newKWorld(t)
	path, _ := filepath.Abs(transcript("dead-429.jsonl"))
	res := dosStdin(t, w.env, `{"hook_event_name":"SubagentStop","transcript_path":"`+path+`"}`, "verify-result")
	if res.code != 3 || !strings.HasPrefix(res.stdout, "DEAD  SYNTHETIC apiErrorStatus=429 class=RATE_LIMIT") {
		t.Fatalf("exit %d %q %q", res.code, res.stdout, res.stderr)
	}
}
