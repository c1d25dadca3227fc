package journal

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testKey = bytes.Repeat([]byte{0x42}, KeySize)

func keyed() Options { o := testOptions(); o.Key = testKey; return o }

// rewriteRecord edits seq's verdict and re-chains every later hash, as an
// attacker knowing the documented canonicalisation would.
func rewriteRecord(t *testing.T, dir string, seq uint64) {
	t.Helper()
	prev := GenesisHash
	for _, seg := range segmentFiles(t, dir) {
		b, _ := os.ReadFile(seg)
		var out []byte
		for _, line := range bytes.SplitAfter(b, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			body, _, _ := splitHash(bytes.TrimSuffix(line, []byte("\n")))
			var r Record
			var d decoder
			d.decode(bytes.TrimSuffix(line, []byte("\n")), &r)
			if r.Seq == seq {
				body = bytes.Replace(body, []byte(`"verdict":"SHIPPED"`), []byte(`"verdict":"NOT_SHIPPED"`), 1)
			}
			prev = chainHash(prev, body)
			out = appendLine(out, body, prev)
		}
		os.WriteFile(seg, out, 0o644)
		os.Remove(strings.TrimSuffix(seg, segmentExt) + indexExt)
	}
}

func verifyKeyed(t *testing.T, dir string) *CheckpointReport {
	t.Helper()
	rep, err := VerifyCheckpoints(context.Background(), dir, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCheckpoints_EveryCommitIsSignedAndARechainedRewriteFails(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, Options{Now: testOptions().Now, Key: testKey, SegmentSize: 600})
	appendN(t, w, 12)
	w.Close()
	if n := len(segmentFiles(t, dir)); n < 3 {
		t.Fatalf("want seals inside the run, got %d segments", n)
	}
	rep := verifyKeyed(t, dir)
	if rep.Problem != "" || rep.SignedSeq != 12 || rep.KeyedFrom != 1 || rep.Checkpoints < 12 {
		t.Fatalf("untouched: %+v", rep)
	}
	rewriteRecord(t, dir, 5)
	if v, _ := Verify(context.Background(), dir); !v.Intact() {
		t.Fatalf("the re-chain did not hold, the test proves nothing: %+v", v.Breach)
	}
	for r, err := range At(dir).Scan(context.Background(), Query{From: 5, Until: 5}) {
		if err != nil || r.Verdict != "NOT_SHIPPED" {
			t.Fatalf("seq 5 was not rewritten: %+v %v", r, err)
		}
	}
	if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "rewritten") || rep.ProblemSeq != 5 {
		t.Fatalf("rewritten: %+v", rep)
	}
	if rep, _ := VerifyCheckpoints(context.Background(), dir, bytes.Repeat([]byte{1}, KeySize)); !strings.Contains(rep.Problem, "MAC") {
		t.Fatalf("another key: %+v", rep)
	}
}

func TestCheckpoints_WhatAnAgentWithoutTheKeyCannotHide(t *testing.T) {
	cp := func(dir string) string { return filepath.Join(dir, checkpointName) }
	build := func(t *testing.T) string {
		dir := t.TempDir()
		w := NewWriter(dir, keyed())
		appendN(t, w, 6)
		w.Close()
		return dir
	}
	t.Run("appended without the key", func(t *testing.T) {
		dir := build(t)
		w := NewWriter(dir, testOptions())
		appendN(t, w, 1)
		w.Close()
		if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "carry no checkpoint") || rep.ProblemSeq != 7 {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("newest checkpoints deleted, then rewritten", func(t *testing.T) {
		dir := build(t)
		b, _ := os.ReadFile(cp(dir))
		lines := bytes.SplitAfter(b, []byte("\n"))
		os.WriteFile(cp(dir), bytes.Join(lines[:3], nil), 0o644)
		rewriteRecord(t, dir, 5)
		if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "carry no checkpoint") {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("oldest checkpoints deleted", func(t *testing.T) {
		dir := build(t)
		b, _ := os.ReadFile(cp(dir))
		lines := bytes.SplitAfter(b, []byte("\n"))
		os.WriteFile(cp(dir), bytes.Join(lines[2:], nil), 0o644)
		if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "earlier checkpoints were deleted") {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("all checkpoints deleted", func(t *testing.T) {
		dir := build(t)
		os.Remove(cp(dir))
		if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "no checkpoint") {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("newest records deleted under their checkpoint", func(t *testing.T) {
		dir := build(t)
		seg := segmentFiles(t, dir)[0]
		b, _ := os.ReadFile(seg)
		lines := bytes.SplitAfter(b, []byte("\n"))
		os.WriteFile(seg, bytes.Join(lines[:4], nil), 0o644)
		if rep := verifyKeyed(t, dir); !strings.Contains(rep.Problem, "no longer holds") {
			t.Fatalf("%+v", rep)
		}
		// and every reader notices the journal ends before the checkpoint
		bad := 0
		for _, err := range At(dir).Records(context.Background(), 0) {
			if err != nil && strings.Contains(err.Error(), "last keyed checkpoint reached seq 6") {
				bad++
			}
		}
		if bad != 1 {
			t.Fatalf("readers reported the lost tail %d times", bad)
		}
	})
	t.Run("a batch lost to a crash is superseded, not a breach", func(t *testing.T) {
		dir := build(t)
		// the checkpoint of a batch (seq 7..8) was made durable, its records never were
		f, _ := os.OpenFile(cp(dir), os.O_APPEND|os.O_WRONLY, 0)
		c := checkpoint{From: 7, Seq: 8, Hash: strings.Repeat("a", 64)}
		c.MAC = checkpointMAC(testKey, c)
		f.WriteString(`{"from":7,"seq":8,"hash":"` + c.Hash + `","mac":"` + c.MAC + `"}` + "\n")
		f.Close()
		w := NewWriter(dir, keyed())
		appendN(t, w, 2)
		w.Close()
		if rep := verifyKeyed(t, dir); rep.Problem != "" || rep.Superseded != 1 || rep.SignedSeq != 8 {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("keyed mode turned on later", func(t *testing.T) {
		dir := t.TempDir()
		w := NewWriter(dir, testOptions())
		appendN(t, w, 3)
		w.Close()
		w = NewWriter(dir, keyed())
		appendN(t, w, 2)
		w.Close()
		if rep := verifyKeyed(t, dir); rep.Problem != "" || rep.KeyedFrom != 4 || rep.SignedSeq != 5 {
			t.Fatalf("%+v", rep)
		}
	})
}
