package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
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
	var got journal.Record
	if err := json.Unmarshal([]byte(jres.stdout), &got); err != nil || got.ID != jrec.ID || got.Hash != jrec.Hash {
		t.Fatalf("--json is not the record: %v %s", err, jres.stdout)
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
	var dd kernel.IntentDeclareDetail
	if rec.Detail.Decode(&dd); strings.Join(dd.Steps, " ") != "AUTH1 AUTH2" {
		t.Fatalf("steps %v", dd.Steps)
	}
	res, rec = w.one(t, "intent", "claim", "AUTH2")
	if res.code != 0 || rec.Syscall != "intent.claim" || rec.Subject != "AUTH2" || rec.Verdict != "" || detailKeys(rec) != "step" {
		t.Fatalf("claim %q %+v", res.stdout, rec)
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
	if n := len(w.records(t)); n != 3 {
		t.Fatalf("%d records, want 3", n)
	}
}

func TestLease_CLI(t *testing.T) {
	w := newKWorld(t)
	b := map[string]string{}
	for k, v := range w.env {
		b[k] = v
	}
	b["DOS_RUN_ID"] = kRunB
	res, rec := w.one(t, "lease", "acquire", "--lane", "api", "--paths", "api/", "--ttl", "10m", "--pid", "11")
	var d kernel.LeaseAcquireDetail
	rec.Detail.Decode(&d)
	if res.code != 0 || rec.Kind != journal.KindLease || rec.Syscall != "lease.acquire" || rec.Verdict != "GRANTED" || rec.Lane != "api" ||
		d.Holder.RunID != kRunA || d.Holder.PID != 11 || d.TTLSeconds != 600 || d.ExpiresAt.IsZero() ||
		detailKeys(rec) != "expires_at,holder,paths,reason,ttl_seconds" {
		t.Fatalf("acquire %q %+v", res.stdout, rec)
	}
	before := len(w.records(t))
	r := dos(t, b, "lease", "acquire", "--lane", "v2", "--paths", "api/v2/", "--pid", "22")
	recs := w.records(t)
	last := recs[len(recs)-1]
	last.Detail.Decode(&d)
	if r.code != 1 || len(recs) != before+1 || last.Verdict != "REFUSED" || last.RunID != kRunB || d.Reason != "path-overlap" ||
		d.Holding == nil || d.Holding.Lane != "api" || d.Holding.Holder.PID != 11 || !strings.HasPrefix(r.stdout, "REFUSED  ") {
		t.Fatalf("overlap: exit %d %q %+v", r.code, r.stdout, last)
	}
	if r := dos(t, w.env, "lease", "acquire", "--lane", "api", "--pid", "12"); r.code != 1 || !strings.Contains(r.stdout, "held by") {
		t.Fatalf("same run, other pid: exit %d %q", r.code, r.stdout)
	}
	live := dos(t, w.env, "lease", "live", "--json")
	var leases []kernel.HeldLease
	if err := json.Unmarshal([]byte(live.stdout), &leases); err != nil || len(leases) != 1 || leases[0].Holder.PID != 11 {
		t.Fatalf("live: %v %s", err, live.stdout)
	}
	if r := dos(t, w.env, "lease", "live"); !strings.Contains(r.stdout, "api") || !strings.Contains(r.stdout, kRunA+"@") {
		t.Fatalf("live text %q", r.stdout)
	}
	w.env["DOS_PID"] = "11"
	if res, rec := w.one(t, "lease", "heartbeat"); res.code != 0 || rec.Verdict != "RENEWED" || rec.Syscall != "lease.heartbeat" {
		t.Fatalf("heartbeat as $DOS_PID %q %+v", res.stdout, rec)
	}
	w.env["DOS_PID"] = "eleven"
	if r := dos(t, w.env, "lease", "heartbeat"); r.code != 2 {
		t.Fatalf("malformed $DOS_PID: exit %d", r.code)
	}
	delete(w.env, "DOS_PID")
	if res, rec := w.one(t, "lease", "release", "--lane", "api", "--pid", "12"); res.code != 1 || rec.Verdict != "NOT_HELD" {
		t.Fatalf("release by another pid %q %+v", res.stdout, rec)
	}
	if res, rec := w.one(t, "lease", "release", "--lane", "api", "--pid", "11"); res.code != 0 || rec.Verdict != "RELEASED" {
		t.Fatalf("release %q %+v", res.stdout, rec)
	}
	if r := dos(t, w.env, "lease", "live"); strings.TrimSpace(r.stdout) != "no live leases" {
		t.Fatalf("live after release %q", r.stdout)
	}
	for _, args := range [][]string{
		{"lease", "acquire", "--paths", "x/"},
		{"lease", "acquire", "--lane", "a", "--ttl", "48h"},
		{"lease", "acquire", "--lane", "a", "--paths", "../x"},
		{"lease", "acquire", "--lane", "a", "--pid", "-3"},
		{"lease", "nope"},
	} {
		if r := dos(t, w.env, args...); r.code != 2 {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
}

func TestLease_UnwritableJournalIsAnErrorNotAGrant(t *testing.T) {
	w := newKWorld(t)
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	w.env["DOS_JOURNAL"] = filepath.Join(blocker, "journal")
	r := dos(t, w.env, "lease", "acquire", "--lane", "api")
	if r.code != 2 || strings.Contains(r.stdout, "GRANTED") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
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
	want := "run.start::quickstart intent.declare::AUTH verify:SHIPPED:AUTH1 intent.claim::AUTH2 verify:NOT_SHIPPED:AUTH2"
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
}
