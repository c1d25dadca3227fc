package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/kernel/git/gittest"
	"github.com/dos-go/dos/schemas"
)

const (
	kRunA = "01JD6Z3Y8T0000000000000A01"
	kRunB = "01JD6Z3Y8T0000000000000B01"
)

// kworld is a workspace repository and an empty journal, with DOS_RUN_ID set.
type kworld struct {
	repo *gittest.Repo
	env  map[string]string
}

func newKWorld(t *testing.T) *kworld {
	r := gittest.New(t)
	return &kworld{repo: r, env: map[string]string{
		"DOS_WORKSPACE": r.Dir,
		"DOS_JOURNAL":   filepath.Join(t.TempDir(), "journal"),
		"DOS_RUN_ID":    kRunA,
	}}
}

// records reads every record of the world's journal.
func (w *kworld) records(t *testing.T) []journal.Record {
	t.Helper()
	j, err := journal.Open(w.env["DOS_JOURNAL"])
	if errors.Is(err, journal.ErrNoJournal) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []journal.Record
	for r, err := range j.Scan(context.Background(), journal.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *r)
	}
	return out
}

// dos runs the CLI and returns the result and the one record it appended
// (failing unless exactly one was appended).
func (w *kworld) one(t *testing.T, args ...string) (result, journal.Record) {
	t.Helper()
	before := len(w.records(t))
	res := dos(t, w.env, args...)
	recs := w.records(t)
	if len(recs) != before+1 {
		t.Fatalf("dos %s appended %d records, want exactly 1 (stdout %q stderr %q)", strings.Join(args, " "), len(recs)-before, res.stdout, res.stderr)
	}
	rec := recs[len(recs)-1]
	line, _ := json.Marshal(rec)
	if err := schemas.Validate(schemas.JournalRecord, line); err != nil {
		t.Fatalf("dos %s wrote a record the schema refuses: %v\n%s", strings.Join(args, " "), err, line)
	}
	return res, rec
}

func detailKeys(r journal.Record) string {
	m := r.Detail.Map()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// TestPureVerdicts_PrintExitAndAppendOneRecord runs every pure verdict
// verb: text and JSON golden, exit code, and the one record it appends.
func TestPureVerdicts_PrintExitAndAppendOneRecord(t *testing.T) {
	cases := []struct {
		golden  string
		args    []string
		code    int
		syscall string
		verdict string
		keys    string
	}{
		{"productivity-diminishing", []string{"productivity", "--deltas", "800,300,120"}, 3, kernel.SysProductivity, "DIMINISHING", "deltas,floor,min_steps,reason"},
		{"productivity-stalled", []string{"productivity", "--deltas", "800,300,0"}, 4, kernel.SysProductivity, "STALLED", "deltas,floor,min_steps,reason"},
		{"productivity-early", []string{"productivity", "--deltas", "0", "--lane", "api"}, 0, kernel.SysProductivity, "PRODUCTIVE", "deltas,floor,min_steps,reason"},
		{"efficiency-costly", []string{"efficiency", "--work", "3", "--tokens", "50000"}, 3, kernel.SysEfficiency, "COSTLY", "floor,min_tokens,ratio,reason,tokens,work"},
		{"efficiency-wasteful", []string{"efficiency", "--work", "0", "--tokens", "50000"}, 4, kernel.SysEfficiency, "WASTEFUL", "floor,min_tokens,ratio,reason,tokens,work"},
		{"efficiency-efficient", []string{"efficiency", "--work", "400", "--tokens", "50000", "--floor", "0.005"}, 0, kernel.SysEfficiency, "EFFICIENT", "floor,min_tokens,ratio,reason,tokens,work"},
		{"breaker-open", []string{"breaker", "--consecutive", "3", "--total", "4", "--on-trip", "human"}, 3, kernel.SysBreaker, "OPEN", "consecutive,max_consecutive,max_total,on_trip,reason,total"},
		{"breaker-closed", []string{"breaker", "--consecutive", "1", "--total", "4"}, 0, kernel.SysBreaker, "CLOSED", "consecutive,max_consecutive,max_total,on_trip,reason,total"},
		{"reward-accept", []string{"reward", "--claim", "--witness", "confirm"}, 0, kernel.SysReward, "ACCEPT", "claim,confirm,forgeable,reason,refute"},
		{"reward-poison", []string{"reward", "--claim", "--witness", "confirm,refute"}, 3, kernel.SysReward, "REJECT_POISON", "claim,confirm,forgeable,reason,refute"},
		{"reward-abstain", []string{"reward", "--claim", "--witness", "confirm", "--forgeable"}, 4, kernel.SysReward, "ABSTAIN", "claim,confirm,forgeable,reason,refute"},
		{"reward-no-claim", []string{"reward", "--no-claim", "--witness", "none"}, 5, kernel.SysReward, "NO_CLAIM", "claim,confirm,forgeable,reason,refute"},
		{"hook-exit-pass", []string{"hook-exit", "--code", "0"}, 0, kernel.SysHookExit, "PASS", "code,reason"},
		{"hook-exit-block", []string{"hook-exit", "--code", "2"}, 3, kernel.SysHookExit, "BLOCK", "code,reason"},
		{"hook-exit-warn", []string{"hook-exit", "--code", "1"}, 4, kernel.SysHookExit, "WARN", "code,reason"},
		{"hook-exit-defer", []string{"hook-exit", "--code", "7", "--map", "7=DEFER"}, 5, kernel.SysHookExit, "DEFER", "code,map,reason"},
		{"hook-exit-observe", []string{"hook-exit", "--code", "9", "--map", "9=OBSERVE"}, 6, kernel.SysHookExit, "OBSERVE", "code,map,reason"},
		{"hook-exit-zero-mapped", []string{"hook-exit", "--code", "0", "--map", "0=BLOCK"}, 3, kernel.SysHookExit, "BLOCK", "code,map,reason"},
		{"exec-capability-grants", []string{"exec-capability", "--command", "sudo -E python3 -c 'import os'"}, 3, kernel.SysExecCapability, "GRANTS_ARBITRARY_EXEC", "assignments,class,command_sha256,matched,reason,segments,words,wrappers"},
		{"exec-capability-bounded", []string{"exec-capability", "--command", "git status"}, 0, kernel.SysExecCapability, "BOUNDED", "assignments,command_sha256,reason,segments,words,wrappers"},
		{"exec-capability-empty", []string{"exec-capability", "--command", ""}, 0, kernel.SysExecCapability, "EMPTY", "assignments,command_sha256,reason,segments,words,wrappers"},
		{"improve-keep", []string{"improve", "--suite-passed", "--truth-clean", "--work", "120", "--baseline-work", "100"}, 0, kernel.SysImprove, "KEEP", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
		{"improve-revert", []string{"improve", "--truth-clean", "--work", "120", "--baseline-work", "100"}, 3, kernel.SysImprove, "REVERT", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
		{"improve-escalate", []string{"improve", "--suite-passed", "--truth-clean", "--work", "90", "--baseline-work", "100", "--consecutive-reverts", "2"}, 4, kernel.SysImprove, "ESCALATE", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			w := newKWorld(t)
			res, rec := w.one(t, c.args...)
			if res.code != c.code || res.stderr != "" {
				t.Fatalf("exit %d stderr %q, want %d", res.code, res.stderr, c.code)
			}
			if rec.Kind != journal.KindVerdict || rec.Syscall != c.syscall || rec.Verdict != c.verdict || rec.RunID != kRunA ||
				rec.Source != "cli" || rec.Host == "" || detailKeys(rec) != c.keys {
				t.Fatalf("record %+v (detail keys %s)", rec, detailKeys(rec))
			}
			if !strings.HasPrefix(res.stdout, c.verdict+"  ") {
				t.Fatalf("stdout %q does not start with %q", res.stdout, c.verdict+"  ")
			}
			golden(t, "kernel/"+c.golden+".txt", res.stdout)
			jres, jrec := w.one(t, append(c.args, "--json")...)
			var doc kernel.Report
			if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || jres.code != c.code {
				t.Fatalf("--json: %v exit %d: %s", err, jres.code, jres.stdout)
			}
			if doc.Seq != jrec.Seq || doc.Verdict != c.verdict || doc.ExitCode != c.code || doc.RunID != kRunA {
				t.Fatalf("--json %+v", doc)
			}
			golden(t, "kernel/"+c.golden+".json", jres.stdout)
		})
	}
}

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
	var d kernel.EfficiencyDetail
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
		{"productivity", "--deltas", "5", "--min-steps", "0"},
		{"productivity"},
		{"breaker", "--consecutive", "1", "--max-consecutive", "0", "--max-total", "0"},
		{"breaker", "--consecutive", "-1"},
		{"breaker", "--consecutive", "1", "--on-trip", "pager"},
		{"reward", "--witness", "confirm"},
		{"reward", "--claim", "--no-claim", "--witness", "confirm"},
		{"reward", "--claim", "--witness", "maybe"},
		{"hook-exit", "--code", "3", "--map", "3=STOP"},
		{"hook-exit"},
		{"exec-capability", "--command", "echo 'unbalanced"},
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
	for _, v := range kernel.Verbs() {
		if !strings.Contains(r.stdout, "dos "+v.Name+" — ") {
			t.Errorf("exit-codes does not list %s", v.Name)
		}
	}
	golden(t, "kernel/exit-codes.txt", r.stdout)
	r = dos(t, nil, "exit-codes", "--json")
	var doc exitCodesDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Verbs) != len(kernel.Verbs()) || doc.UsageExitCode != 2 {
		t.Fatalf("%v %+v", err, doc)
	}
	golden(t, "kernel/exit-codes.json", r.stdout)
	r = dos(t, nil, "exit-codes", "lease.acquire")
	golden(t, "kernel/exit-codes-lease-acquire.txt", r.stdout)
	if r := dos(t, nil, "exit-codes", "verify", "--json"); !strings.Contains(r.stdout, `"NOT_SHIPPED"`) {
		t.Fatalf("%s", r.stdout)
	}
	if r := dos(t, nil, "exit-codes", "nope"); r.code != 2 {
		t.Fatalf("unknown verb: exit %d", r.code)
	}
}
