package kernel

import (
	"os"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

func TestMapRunID_StableAndOnlyWhenNeeded(t *testing.T) {
	for _, keep := range []string{"", "RID-1M7W0000000ABCD", runA} {
		if got, mapped := MapRunID(keep); got != keep || mapped {
			t.Errorf("MapRunID(%q) = %q, %v", keep, got, mapped)
		}
	}
	a, mapped := MapRunID("RID-1")
	b, _ := MapRunID("RID-1")
	c, _ := MapRunID("RID-2")
	if !mapped || a != b || a == c || !journal.ValidULID(a) {
		t.Fatalf("%q %q %q", a, b, c)
	}
}

func TestImportMapper_LaneOpsOntoDosRecords(t *testing.T) {
	m := newImportMapper()
	lines := []string{
		`{"op":"ACQUIRE","seq":1,"ts":"2026-11-10T08:59:00Z","lease":{"lane":"api","loop_ts":"L1","tree":["api/**","**/*","cli.py"],"host_id":"h","pid":7,"run_id":"RID-1M7W0000000ABCD","ttl_minutes":10}}`,
		`{"op":"HEARTBEAT","seq":2,"ts":"2026-11-10T09:05:00Z","lane":"api","loop_ts":"L1"}`,
		`{"op":"RELEASE","seq":3,"ts":"2026-11-10T09:06:00Z","lane":"api","loop_ts":"L1"}`,
		`{"op":"HEARTBEAT","seq":4,"ts":"2026-11-10T09:07:00Z","lane":"api","loop_ts":"L1"}`,
		`{"op":"ATTEMPT","seq":5,"ts":"2026-11-10T09:08:00Z","unit_id":"AUTH3","outcome":"WEIRD"}`,
		`{"op":"SPAWN","seq":6,"ts":"2026-11-10T09:09:00Z","lane":"docs/**"}`,
	}
	want := []struct{ sys, verdict, lane string }{
		{vocab.SysLeaseAcquire, vocab.VerdictGranted, "api"},
		{vocab.SysLeaseHeartbeat, vocab.VerdictRenewed, "api"},
		{vocab.SysLeaseRelease, vocab.VerdictReleased, "api"},
		{vocab.SysLeaseHeartbeat, vocab.VerdictNotHeld, "api"},
		{vocab.SysAttempt, "", ""},
		{"lane.spawn", "", ""},
	}
	var recs []journal.Record
	for i, l := range lines {
		x, err := m.Map([]byte(l))
		if err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		r := x.Record
		if r.Syscall != want[i].sys || r.Verdict != want[i].verdict || r.Lane != want[i].lane || r.Source != vocab.SourceImport {
			t.Fatalf("line %d: %+v", i, r)
		}
		recs = append(recs, r)
	}
	var acq vocab.LeaseAcquireDetail
	recs[0].Detail.Decode(&acq)
	if strings.Join(acq.Paths, " ") != "api/ . cli.py" || acq.TTLSeconds != 600 || acq.Holder.PID != 7 || acq.Holder.Host != "h" {
		t.Fatalf("acquire detail %+v", acq)
	}
	var att vocab.AttemptDetail
	recs[4].Detail.Decode(&att)
	if att.Unit != "AUTH3" || att.Outcome != vocab.OutcomeUnknown || att.AttemptedAtMS == 0 {
		t.Fatalf("attempt %+v", att)
	}
	for _, bad := range []string{`not json`, `{"op":"_CORRUPT"}`, `{"neither":1}`, `[1]`} {
		if _, err := m.Map([]byte(bad)); err == nil {
			t.Errorf("%s mapped", bad)
		}
	}
	x1, _ := newImportMapper().Map([]byte(lines[4]))
	x2, _ := newImportMapper().Map([]byte(lines[4]))
	if x1.Key != x2.Key || len(x1.Key) != 32 {
		t.Fatalf("keys %q %q", x1.Key, x2.Key)
	}
}

func TestReadTail_ReadsOnlyTheEnd(t *testing.T) {
	p := t.TempDir() + "/t.jsonl"
	body := strings.Repeat(`{"message":{"role":"assistant","model":"<synthetic>","content":"x"}}`+"\n", 1000) +
		`{"message":{"role":"assistant","model":"m","content":"the real end"}}` + "\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadTail(p, 200)
	if err != nil || len(b) > 200 || !strings.HasPrefix(string(b), "{") || !strings.Contains(string(b), "the real end") {
		t.Fatalf("%d bytes %q %v", len(b), b, err)
	}
	if v, _ := vocab.ClassifyVerifyResult(vocab.ParseTranscript(b), true); v.Token != vocab.VerdictHealthy {
		t.Fatalf("the tail's terminal: %s", v.Token)
	}
}
