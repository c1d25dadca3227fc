package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// initSrcDocs is the reference's quickstart repository: src/ and docs/,
// one commit, then `dos init`.
func initSrcDocs(t *testing.T) *kworld {
	t.Helper()
	w := newKWorld(t)
	w.repo.Commit("seed", map[string]string{"src/a.py": "a\n", "docs/index.md": "# docs\n", "README.md": "r\n"})
	if r := dos(t, w.env, "init"); r.code != 0 || !strings.Contains(r.stdout, `derived 2 concurrent lane(s) [docs src]`) {
		t.Fatalf("init: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	return w
}

// The reference's quickstart collision scene: run A holds src, run B asks
// for src with --autopick and is granted docs, and the record says so; a
// third run finds nothing free.
func TestLease_QuickstartCollisionScene(t *testing.T) {
	w := initSrcDocs(t)
	res, rec := w.one(t, "lease", "acquire", "--lane", "src")
	if res.code != 0 || rec.Lane != "src" {
		t.Fatalf("A: exit %d %q", res.code, res.stdout)
	}
	w.env["DOS_RUN_ID"] = kRunB
	if r := dos(t, w.env, "lease", "acquire", "--lane", "src"); r.code != 1 || !strings.Contains(r.stdout, "lane src is held by "+kRunA) {
		t.Fatalf("B without --autopick: exit %d %q", r.code, r.stdout)
	}
	res, rec = w.one(t, "lease", "acquire", "--lane", "src", "--autopick")
	var d vocab.LeaseAcquireDetail
	rec.Detail.Decode(&d)
	if res.code != 0 || rec.Verdict != vocab.VerdictGranted || rec.Lane != "docs" || !d.AutoPicked || d.Requested != "src" ||
		d.PickedBecause != vocab.PickBusy || d.Reason != vocab.ReasonAutoPicked || strings.Join(d.Tree, ",") != "docs/**" ||
		d.Holding == nil || d.Holding.Holder.RunID != kRunA || !strings.Contains(res.stdout, "auto-picked free lane docs (requested src was busy: held by "+kRunA) {
		t.Fatalf("B with --autopick: exit %d %q %+v", res.code, res.stdout, d)
	}
	w.env["DOS_RUN_ID"] = "01JD6Z3Y8T0000000000000C01"
	res, rec = w.one(t, "lease", "acquire")
	rec.Detail.Decode(&d)
	if res.code != 1 || d.Reason != vocab.ReasonNoFreeLane || strings.Join(d.FreeLanes, ",") != "global" {
		t.Fatalf("C: exit %d %q %+v", res.code, res.stdout, d)
	}
	if r := dos(t, w.env, "lease", "acquire", "--lane", "global"); r.code != 1 || !strings.Contains(r.stdout, "must run alone") {
		t.Fatalf("exclusive beside live lanes: %d %q", r.code, r.stdout)
	}
	top := dos(t, w.env, "top", "--once", "--json")
	var frame struct {
		Board []struct{ Lane, State string } `json:"lane_board"`
	}
	json.Unmarshal([]byte(top.stdout), &frame)
	var board []string
	for _, l := range frame.Board {
		board = append(board, l.Lane+":"+l.State)
	}
	if strings.Join(board, " ") != "docs:HELD global:FREE src:HELD" {
		t.Fatalf("top's lane board %v (%s)", board, top.stderr)
	}
	if r := dos(t, w.env, "top", "--once"); !strings.Contains(r.stdout, "global") || !strings.Contains(r.stdout, "FREE") {
		t.Fatalf("top text %q", r.stdout)
	}
	w.env["DOS_RUN_ID"] = kRunA
	if res, _ := w.recordsAfter(t, "run", "end"); res.code != 0 || !strings.Contains(res.stdout, "released src") {
		t.Fatalf("run end %q", res.stdout)
	}
}

// recordsAfter runs the CLI and returns the records it appended.
func (w *kworld) recordsAfter(t *testing.T, args ...string) (result, []string) {
	before := len(w.records(t))
	res := dos(t, w.env, args...)
	var out []string
	for _, r := range w.records(t)[before:] {
		out = append(out, r.Syscall+":"+r.Lane)
	}
	return res, out
}

func TestArbitrate_DecidesAndWritesNothing(t *testing.T) {
	w := initSrcDocs(t)
	w.one(t, "lease", "acquire", "--lane", "src")
	w.env["DOS_RUN_ID"] = kRunB
	before := len(w.records(t))
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"arbitrate", "--lane", "docs"}, 0, "ADMIT  lane docs: concurrent lane docs is free"},
		{[]string{"arbitrate"}, 0, "auto-picked free lane docs (no lane asked for)"},
		{[]string{"arbitrate", "--lane", "src"}, 1, "REFUSE  lane src is held by " + kRunA},
		{[]string{"arbitrate", "--lane", "foo"}, 1, "foo is not a lane in this workspace's dos.toml"},
		{[]string{"arbitrate", "--lane", "foo", "--autopick"}, 0, "(requested foo is not a lane in this workspace)"},
		{[]string{"arbitrate", "--lane", "x", "--tree", "src/**"}, 1, "the identical glob src/** is claimed by " + kRunA},
		{[]string{"arbitrate", "--lane", "src", "--leases", "[]"}, 0, "ADMIT"},
		{[]string{"arbitrate", "--lane", "global", "--leases", `[{"lane":"src","lane_kind":"cluster","tree":["src/**"]}]`}, 1, "global is an exclusive lane"},
		{[]string{"arbitrate", "--leases", `[{"lane":"global","lane_kind":"global","tree":["**/*"]}]`}, 1, "exclusive lane global is live"},
	}
	for _, c := range cases {
		r := dos(t, w.env, c.args...)
		if r.code != c.code || !strings.Contains(r.stdout, c.want) {
			t.Errorf("%v: exit %d %q, want %d %q (%s)", c.args, r.code, r.stdout, c.code, c.want, r.stderr)
		}
	}
	for _, bad := range [][]string{{"arbitrate", "--leases", "nope"}, {"arbitrate", "--leases", `{"lane":"x"}`}, {"arbitrate", "--paths", "../x", "--lane", "x"}} {
		if r := dos(t, w.env, bad...); r.code != 2 {
			t.Errorf("%v: exit %d", bad, r.code)
		}
	}
	if n := len(w.records(t)); n != before {
		t.Fatalf("arbitrate wrote %d records", n-before)
	}
	res, rec := w.one(t, "arbitrate", "--lane", "docs", "--journal-decision")
	var d vocab.ArbitrateDetail
	rec.Detail.Decode(&d)
	if res.code != 0 || rec.Syscall != vocab.SysArbitrate || rec.Verdict != vocab.VerdictAdmit || !d.DecisionOnly || d.Live != 1 || rec.Lane != "docs" {
		t.Fatalf("--journal-decision: %q %+v", res.stdout, rec)
	}
}

func TestScopeGate_StagedInsideAndOutsideTheLane(t *testing.T) {
	w := initSrcDocs(t)
	stage := func(files ...string) {
		for _, f := range files {
			p := filepath.Join(w.repo.Dir, f)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("x\n"), 0o644)
			w.repo.Git("add", "--", f)
		}
	}
	stage("src/b.py")
	res, rec := w.one(t, "scope-gate", "--lane", "src", "--staged")
	var d vocab.ScopeGateDetail
	rec.Detail.Decode(&d)
	if res.code != 0 || rec.Verdict != vocab.VerdictAllow || rec.Syscall != vocab.SysScopeGate || d.Source != "staged" || d.Touched != 1 {
		t.Fatalf("inside: %d %q %+v", res.code, res.stdout, d)
	}
	stage("README.md")
	res, rec = w.one(t, "scope-gate", "--lane", "src", "--staged")
	rec.Detail.Decode(&d)
	if res.code != 5 || rec.Verdict != vocab.VerdictScopeCreep || strings.Join(d.Outside, ",") != "README.md" || !strings.Contains(res.stdout, "README.md") {
		t.Fatalf("creep: %d %q %+v", res.code, res.stdout, d)
	}
	if res, _ := w.one(t, "scope-gate", "--lane", "docs", "--staged"); res.code != 6 || !strings.HasPrefix(res.stdout, "WRONG_TARGET  ") {
		t.Fatalf("wrong target: %d %q", res.code, res.stdout)
	}
	if res, _ := w.one(t, "scope-gate", "--lane", "src", "--file", "src/x.py", "--file", "config.py"); res.code != 0 {
		t.Fatalf("shared infra: %d %q", res.code, res.stdout)
	}
	if res, _ := w.one(t, "scope-gate", "--lane", "nope", "--file", "src/x.py"); res.code != 6 {
		t.Fatalf("unknown lane: %d %q", res.code, res.stdout)
	}
	w.repo.Git("commit", "-q", "-m", "x")
	if res, _ := w.one(t, "scope-gate", "--lane", "src", "--base", "HEAD~1"); res.code != 5 {
		t.Fatalf("range: %d %q", res.code, res.stdout)
	}
	for _, bad := range [][]string{{"scope-gate", "--lane", "src"}, {"scope-gate", "--base", "nope"}} {
		if r := dos(t, w.env, bad...); r.code != 2 {
			t.Errorf("%v: exit %d %q", bad, r.code, r.stderr)
		}
	}
	w.env["DOS_WORKSPACE"] = t.TempDir()
	if r := dos(t, w.env, "scope-gate", "--staged"); r.code != 2 || !strings.Contains(r.stderr, "not a git repository") {
		t.Errorf("not a repo: exit %d %q", r.code, r.stderr)
	}
}
