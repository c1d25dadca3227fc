package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

func TestExecCapability_RecordNeverHoldsTheCommand(t *testing.T) {
	w := newKWorld(t)
	secret := "python -c 'print(\"hunter2-token\")'"
	_, rec := w.one(t, "exec-capability", "--command", secret)
	line, _ := json.Marshal(rec)
	if strings.Contains(string(line), "hunter2") || strings.Contains(string(line), "print") {
		t.Fatalf("the record carries the command text: %s", line)
	}
}

func TestEfficiency_UsageJSONFromStdinAndRefusals(t *testing.T) {
	w := newKWorld(t)
	usage := filepath.Join(t.TempDir(), "usage.json")
	os.WriteFile(usage, []byte(`{"prompt_tokens":40000,"completion_tokens":10000,"total_tokens":50000}`), 0o644)
	res, rec := w.one(t, "efficiency", "--work", "0", "--usage-json", usage)
	var d vocab.EfficiencyDetail
	rec.Detail.Decode(&d)
	if res.code != 4 || d.Tokens != 50000 || d.UsageShape != "inclusive" {
		t.Fatalf("exit %d detail %+v", res.code, d)
	}
	mixed := filepath.Join(t.TempDir(), "mixed.json")
	os.WriteFile(mixed, []byte(`{"input_tokens":1,"prompt_tokens":1}`), 0o644)
	for _, args := range [][]string{
		{"efficiency", "--work", "1", "--usage-json", mixed},
		{"efficiency", "--work", "1", "--usage-json", usage, "--tokens", "5"},
		{"efficiency", "--work", "1"},
		{"efficiency", "--work", "1", "--usage-json", filepath.Join(t.TempDir(), "missing.json")},
	} {
		if r := dos(t, w.env, args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d stderr %q, want 2", args, r.code, r.stderr)
		}
	}
	if n := len(w.records(t)); n != 1 {
		t.Fatalf("refusals appended records: %d", n)
	}
}

func TestPureVerdicts_BadInputExits2AndWritesNothing(t *testing.T) {
	w := newKWorld(t)
	for _, args := range [][]string{
		{"productivity", "--deltas", "5,-1,3"},
		{"productivity", "--deltas", "5,x"},
		{"productivity", "--deltas", "5", "--min-steps", "-1"},
		{"breaker", "--consecutive", "1", "--max-consecutive", "0", "--max-total", "0"},
		{"breaker", "--consecutive", "-1"},
		{"breaker", "--consecutive", "1", "--on-trip", "pager"},
		{"reward", "--claim", "--no-claim", "--witness", "confirm"},
		{"reward", "--claim", "--witness", "maybe"},
		{"hook-exit", "--code", "3", "--map", "3=STOP"},
		{"hook-exit"},
		{"efficiency", "--work", "1", "--tokens", "5000", "--floor", "NaN"},
		{"efficiency", "--work", "1", "--tokens", "5000", "--floor", "+Inf"},
		{"efficiency", "--work", "1", "--tokens", "5000", "--floor", "-Inf"},
		{"improve", "--work", "1", "--baseline-work", "0", "--efficiency-floor", "NaN"},
		{"improve", "--work", "1"},
		{"improve", "--work", "1", "--baseline-work", "0", "--max-reverts", "0"},
		{"productivity", "--deltas", "1", "--lane", "not a lane"},
	} {
		if r := dos(t, w.env, args...); r.code != 2 || r.stderr == "" || r.stdout != "" {
			t.Errorf("%v: exit %d stdout %q stderr %q, want exit 2 and one error line", args, r.code, r.stdout, r.stderr)
		}
	}
	if n := len(w.records(t)); n != 0 {
		t.Fatalf("bad input appended %d records", n)
	}
}

func TestRunID_MalformedAnywhereIsExit2(t *testing.T) {
	w := newKWorld(t)
	w.env["DOS_RUN_ID"] = "run-42"
	r := dos(t, w.env, "breaker", "--consecutive", "1")
	if r.code != 2 || !strings.Contains(r.stderr, "$DOS_RUN_ID") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	w.env["DOS_RUN_ID"] = kRunA
	if r := dos(t, w.env, "breaker", "--consecutive", "1", "--run-id", "01JD6Z3Y8T"); r.code != 2 || !strings.Contains(r.stderr, "--run-id") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	if n := len(w.records(t)); n != 0 {
		t.Fatalf("appended %d records", n)
	}
	_, rec := w.one(t, "breaker", "--consecutive", "1", "--run-id", kRunB)
	if rec.RunID != kRunB {
		t.Fatalf("--run-id did not win over $DOS_RUN_ID: %q", rec.RunID)
	}
	delete(w.env, "DOS_RUN_ID")
	if _, rec := w.one(t, "breaker", "--consecutive", "1"); rec.RunID != "" {
		t.Fatalf("run id guessed: %q", rec.RunID)
	}
}

func TestJournalFailure_VerdictStandsUnlessStrict(t *testing.T) {
	w := newKWorld(t)
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	w.env["DOS_JOURNAL"] = filepath.Join(blocker, "journal") // under a regular file: cannot be created
	r := dos(t, w.env, "breaker", "--consecutive", "3")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "OPEN  ") || !strings.Contains(r.stderr, "warning: verdict not journaled") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	r = dos(t, w.env, "breaker", "--consecutive", "3", "--strict-journal")
	if r.code != 2 || !strings.HasPrefix(r.stdout, "OPEN  ") || !strings.Contains(r.stderr, "not journaled") {
		t.Fatalf("--strict-journal: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	w.env["DOS_STRICT_JOURNAL"] = "1"
	if r := dos(t, w.env, "breaker", "--consecutive", "0"); r.code != 2 {
		t.Fatalf("DOS_STRICT_JOURNAL=1: exit %d", r.code)
	}
	r = dos(t, w.env, "breaker", "--consecutive", "0", "--json")
	if r.code != 2 || !strings.Contains(r.stdout, `"journal_error"`) {
		t.Fatalf("--json: exit %d stdout %q", r.code, r.stdout)
	}
}

func TestExitCodes_GeneratedFromTheVerbTable(t *testing.T) {
	r := dos(t, nil, "exit-codes")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, v := range vocab.AllVerbs() {
		if !strings.Contains(r.stdout, "dos "+v.Name+" — ") {
			t.Errorf("exit-codes does not list %s", v.Name)
		}
	}
	golden(t, "kernel/exit-codes.txt", r.stdout)
	r = dos(t, nil, "exit-codes", "--json")
	var doc exitCodesDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Verbs) != len(vocab.AllVerbs()) || doc.UsageExitCode != 2 {
		t.Fatalf("%v %+v", err, doc)
	}
	golden(t, "kernel/exit-codes.json", r.stdout)
	r = dos(t, nil, "exit-codes", "lease.acquire")
	golden(t, "kernel/exit-codes-lease-acquire.txt", r.stdout)
	if r := dos(t, nil, "exit-codes", "verify", "--json"); !strings.Contains(r.stdout, `"NOT_SHIPPED"`) {
		t.Fatalf("%s", r.stdout)
	}
	if r := dos(t, nil, "exit-codes", "scope-gate"); !strings.Contains(r.stdout, "5  SCOPE_CREEP") || !strings.Contains(r.stdout, "6  WRONG_TARGET") {
		t.Fatalf("scope-gate: %s", r.stdout)
	}
	if r := dos(t, nil, "exit-codes", "lint"); !strings.Contains(r.stdout, "1  FINDINGS") {
		t.Fatalf("lint: %s", r.stdout)
	}
	if r := dos(t, nil, "exit-codes", "nope"); r.code != 2 {
		t.Fatalf("unknown verb: exit %d", r.code)
	}
	// Issue 16: the views, journal verify, export and notify are in the
	// table, and a verb of two words is found as typed.
	for _, args := range [][]string{{"lease", "acquire"}, {"lease-acquire"}, {"top"}, {"observe"}, {"trace"}, {"resume"}, {"export"}, {"notify"}, {"journal", "verify"}} {
		r := dos(t, nil, append([]string{"exit-codes"}, args...)...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "dos "+strings.ReplaceAll(strings.Join(args, " "), "-", " ")+" — ") {
			t.Errorf("exit-codes %v: exit %d %q %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := dos(t, nil, "exit-codes", "lease", "aquire"); r.code != 2 || !strings.Contains(r.stderr, "did you mean lease acquire?") {
		t.Errorf("exit-codes lease aquire: exit %d %q", r.code, r.stderr)
	}
}
