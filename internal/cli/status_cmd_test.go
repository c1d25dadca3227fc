package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// TestStatus_RealGit folds a run in a real repository: a fresh RID that
// never beat is STALLED 4; a run that declared two steps, one of them
// shipped by a stamped commit, is ADVANCING with 1/2 verified; positional
// and --run-id name the same run; a malformed run id is exit 2.
func TestStatus_RealGit(t *testing.T) {
	w := newKWorld(t)
	delete(w.env, "DOS_RUN_ID")
	born := gittest.Epoch
	rid := journal.EncodeRID(born.UnixMilli(), 12345)
	nowMS := strconv.FormatInt(born.Add(2*time.Minute).UnixMilli(), 10)

	res, rec := w.one(t, "status", rid, "--now-ms", nowMS)
	if res.code != 4 || rec.Syscall != vocab.SysStatus || rec.Verdict != vocab.VerdictStalled || rec.RunID != rid {
		t.Fatalf("fresh RID: exit %d %+v\n%s", res.code, rec, res.stdout)
	}
	golden(t, "truth/status-fresh-rid.txt", res.stdout)

	// A fresh world: the journal keeps ts non-decreasing, so the pinned
	// declaration must come first.
	w = newKWorld(t)
	delete(w.env, "DOS_RUN_ID")
	w.repo.Commit("init", map[string]string{"go.mod": "module x\n"})
	// The declaration is appended at a pinned time, so the golden is exact.
	jw := journal.NewWriter(w.env["DOS_JOURNAL"], journal.Options{Now: func() time.Time { return born.Add(time.Minute) }})
	if _, err := jw.Append(context.Background(), journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentDeclare, RunID: rid, Subject: "AUTH",
		Detail: journal.MustDetail(vocab.IntentDeclareDetail{Plan: "AUTH", Steps: []string{"AUTH1", "AUTH2"}})}); err != nil {
		t.Fatal(err)
	}
	jw.Close()
	w.repo.Commit("AUTH1: login", map[string]string{"auth.go": "package auth\n"})
	now := strconv.FormatInt(w.repo.Epoch().UnixMilli(), 10)
	res, rec = w.one(t, "status", "--run-id", rid, "--now-ms", now, "--stopped")
	if res.code != 0 || rec.Verdict != vocab.VerdictAdvancing {
		t.Fatalf("exit %d %s\n%s", res.code, rec.Verdict, res.stdout)
	}
	golden(t, "truth/status-resumable.txt", res.stdout)
	jres, _ := w.one(t, "status", rid, "--now-ms", now, "--stopped", "--json")
	var doc struct {
		Progress struct {
			Verified []string `json:"verified_steps"`
		} `json:"progress"`
		Resume *struct {
			Verdict, NextStep string
		} `json:"resume"`
		Claimed any `json:"claimed"`
	}
	if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || strings.Join(doc.Progress.Verified, ",") != "AUTH1" || doc.Resume == nil || doc.Resume.Verdict != "RESUMABLE" || doc.Claimed != nil {
		t.Fatalf("--json %v: %s", err, jres.stdout)
	}
	golden(t, "truth/status-resumable.json", jres.stdout)

	for _, bad := range [][]string{{"status", "bogus"}, {"status"}, {"status", rid, "--run-id", kRunA}} {
		if res := dos(t, w.env, bad...); res.code != 2 {
			t.Errorf("dos %v: exit %d %s", bad, res.code, res.stderr)
		}
	}
}
