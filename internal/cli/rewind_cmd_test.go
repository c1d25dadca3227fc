package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// TestRewind_AnchoredByAHaltCheckpoint: a halt record carrying a
// checkpoint whose digest matches the transcript's line anchors a REWIND;
// an edited transcript leaves it UNANCHORED.
func TestRewind_AnchoredByAHaltCheckpoint(t *testing.T) {
	w := newKWorld(t)
	lines := []string{`{"turn":0}`, `{"turn":1}`, `{"turn":2}`}
	tp := filepath.Join(w.repo.Dir, ".dos", "runs", kRunA, "transcript.jsonl")
	os.MkdirAll(filepath.Dir(tp), 0o755)
	os.WriteFile(tp, []byte(lines[0]+"\n\n"+lines[1]+"\n"+lines[2]+"\n"), 0o644)
	sum := sha256.Sum256([]byte(lines[1]))
	jw := journal.NewWriter(w.env["DOS_JOURNAL"], journal.Options{})
	_, err := jw.Append(context.Background(), journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysHalt, Verdict: vocab.VerdictProposed, RunID: kRunA,
		Detail: journal.MustDetail(map[string]any{"reason": "operator", "checkpoint_turn": 1, "transcript_digest": hex.EncodeToString(sum[:])})})
	jw.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, rec := w.one(t, "rewind", "--fire", "DIVERGED")
	if res.code != 0 || rec.Verdict != vocab.VerdictRewind {
		t.Fatalf("exit %d %s: %s%s", res.code, rec.Verdict, res.stdout, res.stderr)
	}
	golden(t, "truth/rewind-anchored.txt", res.stdout)
	os.WriteFile(tp, []byte(lines[0]+"\n"+`{"turn":"edited"}`+"\n"), 0o644)
	if res, rec := w.one(t, "rewind", "--fire", "DIVERGED"); res.code != 3 || rec.Verdict != vocab.VerdictUnanchored {
		t.Fatalf("edited transcript: exit %d %s", res.code, rec.Verdict)
	}
	if res := dos(t, w.env, "rewind", "--fire", "BORED"); res.code != 2 {
		t.Fatalf("--fire BORED: exit %d", res.code)
	}
	delete(w.env, "DOS_RUN_ID")
	if res := dos(t, w.env, "rewind"); res.code != 2 {
		t.Fatalf("no run: exit %d", res.code)
	}
}
