package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

func TestLease_CLI(t *testing.T) {
	w := newKWorld(t)
	b := map[string]string{}
	for k, v := range w.env {
		b[k] = v
	}
	b["DOS_RUN_ID"] = kRunB
	res, rec := w.one(t, "lease", "acquire", "--lane", "api", "--paths", "api/", "--ttl", "10m", "--pid", "11")
	var d vocab.LeaseAcquireDetail
	rec.Detail.Decode(&d)
	if res.code != 0 || rec.Kind != journal.KindLease || rec.Syscall != "lease.acquire" || rec.Verdict != "GRANTED" || rec.Lane != "api" ||
		d.Holder.RunID != kRunA || d.Holder.PID != 11 || d.TTLSeconds != 600 || d.ExpiresAt.IsZero() ||
		detailKeys(rec) != "expires_at,holder,lane_kind,paths,reason,requested,tree,ttl_seconds" {
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
	if r := dos(t, w.env, "lease", "acquire", "--lane", "api", "--paths", "api/", "--pid", "12"); r.code != 0 || !strings.Contains(r.stdout, "already this run's: renewed") {
		t.Fatalf("same run, other pid: exit %d %q", r.code, r.stdout)
	}
	live := dos(t, w.env, "lease", "live", "--json")
	var leases []vocab.HeldLease
	if err := json.Unmarshal([]byte(live.stdout), &leases); err != nil || len(leases) != 1 || leases[0].Holder.PID != 12 {
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
	if res, rec := w.one(t, "lease", "release", "--lane", "api", "--run-id", kRunB); res.code != 1 || rec.Verdict != "NOT_HELD" {
		t.Fatalf("release by another run %q %+v", res.stdout, rec)
	}
	if res, rec := w.one(t, "lease", "release", "--lane", "api", "--pid", "13"); res.code != 0 || rec.Verdict != "RELEASED" {
		t.Fatalf("release from a third process of the run %q %+v", res.stdout, rec)
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
