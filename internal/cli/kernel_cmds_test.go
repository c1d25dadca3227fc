package cli

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
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
		{"productivity-diminishing", []string{"productivity", "--deltas", "800,300,120"}, 3, vocab.SysProductivity, "DIMINISHING", "deltas,floor,min_steps,reason"},
		{"productivity-stalled", []string{"productivity", "--deltas", "800,300,0"}, 4, vocab.SysProductivity, "STALLED", "deltas,floor,min_steps,reason"},
		{"productivity-early", []string{"productivity", "--deltas", "0", "--lane", "api"}, 0, vocab.SysProductivity, "PRODUCTIVE", "deltas,floor,min_steps,reason"},
		{"efficiency-costly", []string{"efficiency", "--work", "3", "--tokens", "50000", "--floor", "0.001"}, 3, vocab.SysEfficiency, "COSTLY", "floor,min_tokens,ratio,reason,tokens,work"},
		{"efficiency-wasteful", []string{"efficiency", "--work", "0", "--tokens", "50000"}, 4, vocab.SysEfficiency, "WASTEFUL", "floor,min_tokens,ratio,reason,tokens,work"},
		{"efficiency-efficient", []string{"efficiency", "--work", "400", "--tokens", "50000", "--floor", "0.005"}, 0, vocab.SysEfficiency, "EFFICIENT", "floor,min_tokens,ratio,reason,tokens,work"},
		{"breaker-open", []string{"breaker", "--consecutive", "3", "--total", "4", "--on-trip", "human"}, 3, vocab.SysBreaker, "OPEN", "consecutive,max_consecutive,max_total,on_trip,reason,total"},
		{"breaker-closed", []string{"breaker", "--consecutive", "1", "--total", "4"}, 0, vocab.SysBreaker, "CLOSED", "consecutive,max_consecutive,max_total,on_trip,reason,total"},
		{"reward-accept", []string{"reward", "--claim", "--witness", "confirm"}, 0, vocab.SysReward, "ACCEPT", "claim,confirm,forgeable,reason,refute"},
		{"reward-poison", []string{"reward", "--claim", "--witness", "confirm,refute"}, 3, vocab.SysReward, "REJECT_POISON", "claim,confirm,forgeable,reason,refute"},
		{"reward-abstain", []string{"reward", "--claim", "--witness", "confirm", "--forgeable"}, 4, vocab.SysReward, "ABSTAIN", "claim,confirm,forgeable,reason,refute"},
		{"reward-no-claim", []string{"reward", "--no-claim", "--witness", "none"}, 5, vocab.SysReward, "NO_CLAIM", "claim,confirm,forgeable,reason,refute"},
		{"hook-exit-pass", []string{"hook-exit", "--code", "0"}, 0, vocab.SysHookExit, "PASS", "code,reason"},
		{"hook-exit-block", []string{"hook-exit", "--code", "2"}, 3, vocab.SysHookExit, "BLOCK", "code,reason"},
		{"hook-exit-warn", []string{"hook-exit", "--code", "1"}, 4, vocab.SysHookExit, "WARN", "code,reason"},
		{"hook-exit-defer", []string{"hook-exit", "--code", "7", "--map", "7=DEFER"}, 5, vocab.SysHookExit, "DEFER", "code,map,reason"},
		{"hook-exit-observe", []string{"hook-exit", "--code", "9", "--map", "9=OBSERVE"}, 6, vocab.SysHookExit, "OBSERVE", "code,map,reason"},
		{"hook-exit-zero-mapped", []string{"hook-exit", "--code", "0", "--map", "0=BLOCK"}, 3, vocab.SysHookExit, "BLOCK", "code,map,reason"},
		{"exec-capability-grants", []string{"exec-capability", "--command", "sudo -E python3 -c 'import os'"}, 3, vocab.SysExecCapability, "GRANTS_ARBITRARY_EXEC", "assignments,class,command_sha256,matched,reason,segments,words,wrappers"},
		{"exec-capability-bounded", []string{"exec-capability", "--command", "git status"}, 0, vocab.SysExecCapability, "BOUNDED", "assignments,command_sha256,reason,segments,words,wrappers"},
		{"exec-capability-empty", []string{"exec-capability", "--command", ""}, 0, vocab.SysExecCapability, "EMPTY", "assignments,command_sha256,reason,segments,words,wrappers"},
		{"improve-keep", []string{"improve", "--suite-passed", "--truth-clean", "--work", "120", "--baseline-work", "100"}, 0, vocab.SysImprove, "KEEP", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
		{"improve-revert", []string{"improve", "--truth-clean", "--work", "120", "--baseline-work", "100"}, 3, vocab.SysImprove, "REVERT", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
		{"improve-escalate", []string{"improve", "--suite-passed", "--truth-clean", "--work", "90", "--baseline-work", "100", "--consecutive-reverts", "2"}, 4, vocab.SysImprove, "ESCALATE", "baseline_work,max_reverts,reason,revert_streak,suite_passed,tokens,truth_clean,work"},
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
