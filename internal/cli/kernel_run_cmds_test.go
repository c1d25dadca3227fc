package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

func TestRunStartEnd_MintsExportsAndRecords(t *testing.T) {
	w := newKWorld(t)
	delete(w.env, "DOS_RUN_ID")
	res, rec := w.one(t, "run", "start", "--name", "auth-refactor", "--parent", kRunA)
	id := strings.TrimPrefix(strings.TrimSpace(res.stdout), "export DOS_RUN_ID=")
	if res.code != 0 || !journal.ValidRunID(id) || !strings.HasPrefix(res.stdout, "export DOS_RUN_ID=") {
		t.Fatalf("exit %d stdout %q", res.code, res.stdout)
	}
	if rec.Kind != journal.KindRun || rec.Syscall != "run.start" || rec.Verdict != "" || rec.RunID != id || rec.ParentRunID != kRunA ||
		rec.Subject != "auth-refactor" || detailKeys(rec) != "pid" {
		t.Fatalf("record %+v", rec)
	}
	jres, jrec := w.one(t, "run", "start", "--json")
	var got struct {
		Syscall  string `json:"syscall"`
		RunID    string `json:"run_id"`
		Seq      uint64 `json:"seq"`
		ExitCode *int   `json:"exit_code"`
	}
	if err := json.Unmarshal([]byte(jres.stdout), &got); err != nil || got.Syscall != "run.start" || got.RunID != jrec.RunID ||
		got.Seq != jrec.Seq || got.ExitCode == nil || *got.ExitCode != 0 {
		t.Fatalf("--json is not the verdict report of the record: %v %s", err, jres.stdout)
	}
	w.env["DOS_RUN_ID"] = id
	res, rec = w.one(t, "run", "end", "--status", "failed")
	if res.code != 0 || rec.Syscall != "run.end" || rec.RunID != id || rec.Detail.Map()["status"] != "failed" {
		t.Fatalf("end: %q %+v", res.stdout, rec)
	}
	for _, args := range [][]string{
		{"run", "start", "--parent", "nope"},
		{"run", "start", "--name", "has space"},
		{"run", "end", "--status", "meh"},
		{"run", "bogus"},
	} {
		if r := dos(t, w.env, args...); r.code != 2 {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
}

func TestRunIDMint_PrintsAULIDAndRecordsNothing(t *testing.T) {
	w := newKWorld(t)
	r := dos(t, w.env, "run-id", "mint")
	if r.code != 0 || !journal.ValidRunID(strings.TrimSpace(r.stdout)) {
		t.Fatalf("exit %d %q", r.code, r.stdout)
	}
	if len(w.records(t)) != 0 {
		t.Fatal("run-id mint wrote a record")
	}
}

func TestIntentAndHalt_Records(t *testing.T) {
	w := newKWorld(t)
	res, rec := w.one(t, "intent", "declare", "--plan", "AUTH", "AUTH1", "AUTH2")
	if res.code != 0 || rec.Kind != journal.KindIntent || rec.Syscall != "intent.declare" || rec.Subject != "AUTH" || rec.RunID != kRunA || detailKeys(rec) != "plan,steps" {
		t.Fatalf("declare %q %+v", res.stdout, rec)
	}
	var dd vocab.IntentDeclareDetail
	if rec.Detail.Decode(&dd); strings.Join(dd.Steps, " ") != "AUTH1 AUTH2" {
		t.Fatalf("steps %v", dd.Steps)
	}
	res, rec = w.one(t, "intent", "claim", "AUTH2") // nothing stamped AUTH2: an over-claim
	if res.code != 1 || rec.Syscall != "intent.claim" || rec.Subject != "AUTH2" || rec.Verdict != "NOT_SHIPPED" ||
		detailKeys(rec) != "files_changed,reason,step,via" || !strings.HasPrefix(res.stdout, "NOT_SHIPPED  run ") {
		t.Fatalf("claim %q %+v", res.stdout, rec)
	}
	sha := w.repo.Commit("auth1: the login endpoint", map[string]string{"api/login.go": "package api\n"})
	res, rec = w.one(t, "intent", "claim", "--plan", "AUTH", "AUTH1") // backed by a commit that changed a file
	if res.code != 0 || rec.Verdict != "SHIPPED" || rec.Detail.Map()["sha"] != sha || detailKeys(rec) != "files_changed,head,plan,reason,sha,step,via" {
		t.Fatalf("backed claim %q %+v", res.stdout, rec)
	}
	res, rec = w.one(t, "halt", "--reason", "spinning", "--lane", "api")
	if res.code != 0 || rec.Kind != journal.KindIntent || rec.Syscall != "halt" || rec.Verdict != "PROPOSED" || rec.Lane != "api" || rec.Detail.Map()["reason"] != "spinning" {
		t.Fatalf("halt %q %+v", res.stdout, rec)
	}
	golden(t, "kernel/halt.txt", res.stdout)
	for _, args := range [][]string{
		{"intent", "declare", "AUTH1", "AUTH1"},
		{"intent", "declare", "did the login thing"},
		{"intent", "claim", "AUTH2", "AUTH3"},
		{"intent", "claim", "--plan", "1x", "AUTH2"},
		{"halt", "--reason", "because I said so"},
		{"halt"},
	} {
		if r := dos(t, w.env, args...); r.code != 2 {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
	delete(w.env, "DOS_RUN_ID")
	if r := dos(t, w.env, "intent", "claim", "AUTH2"); r.code != 2 || !strings.Contains(r.stderr, "DOS_RUN_ID") {
		t.Fatalf("claim without a run: exit %d %q", r.code, r.stderr)
	}
	if n := len(w.records(t)); n != 4 {
		t.Fatalf("%d records, want 4", n)
	}
}

func TestQuickstart_ShowsTheCatchAndCleansUp(t *testing.T) {
	keep := filepath.Join(t.TempDir(), "demo")
	r := dos(t, nil, "quickstart", "--keep", keep)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"SHIPPED AUTH AUTH1 ", "NOT_SHIPPED AUTH AUTH2 (via none)", "dos trace ", "dos observe "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	w := &kworld{env: map[string]string{"DOS_JOURNAL": filepath.Join(keep, ".dos", "journal")}}
	var got []string
	for _, rec := range w.records(t) {
		got = append(got, rec.Syscall+":"+rec.Verdict+":"+rec.Subject)
	}
	want := "run.start::quickstart intent.declare::AUTH verify:SHIPPED:AUTH1 intent.claim:NOT_SHIPPED:AUTH2 verify:NOT_SHIPPED:AUTH2"
	if strings.Join(got, " ") != want {
		t.Fatalf("records %v, want %s", got, want)
	}
	if r := dos(t, nil, "quickstart", "--keep", keep); r.code != 2 {
		t.Fatalf("--keep into a non-empty dir: exit %d", r.code)
	}
	r = dos(t, nil, "quickstart")
	first := strings.SplitN(r.stdout, "\n", 2)[0]
	dir := first[strings.LastIndex(first, " ")+1:]
	if r.code != 0 || !strings.Contains(dir, "dos-quickstart-") {
		t.Fatalf("exit %d first line %q", r.code, first)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s was not removed: %v", dir, err)
	}
	// The way to keep it is said both ways, and `make demo KEEP=` passes it.
	if !strings.Contains(r.stdout, "`dos quickstart --keep DIR`, or `make demo KEEP=DIR`") {
		t.Errorf("no way to keep the repository:\n%s", r.stdout)
	}
	for keep, want := range map[string]string{"": "quickstart\n", "/tmp/my demo": "quickstart --keep '/tmp/my demo'\n"} {
		out, err := exec.Command("make", "-s", "-n", "-C", filepath.Join("..", ".."), "demo", "KEEP="+keep).CombinedOutput()
		if err != nil || !strings.HasSuffix(string(out), want) {
			t.Errorf("make demo KEEP=%q runs %q (%v), want ...%q", keep, out, err, want)
		}
	}
}
