package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInit_ScaffoldsOnceAndNeverOverwrites(t *testing.T) {
	w := newKWorld(t)
	os.MkdirAll(filepath.Join(w.repo.Dir, "src"), 0o755)
	os.MkdirAll(filepath.Join(w.repo.Dir, "docs"), 0o755)
	os.MkdirAll(filepath.Join(w.repo.Dir, "node_modules"), 0o755)
	r := dos(t, w.env, "init")
	toml, _ := os.ReadFile(filepath.Join(w.repo.Dir, "dos.toml"))
	ign, _ := os.ReadFile(filepath.Join(w.repo.Dir, ".dos", ".gitignore"))
	if r.code != 0 || !strings.Contains(string(toml), `concurrent = ["docs", "src"]`) || string(ign) != "# dos's own state (journal, cursors, locks): never committed\n*\n" ||
		!strings.Contains(r.stdout, "wrote "+filepath.Join(w.repo.Dir, "dos.toml")) {
		t.Fatalf("init: %d %q\n%s", r.code, r.stdout, toml)
	}
	os.WriteFile(filepath.Join(w.repo.Dir, "dos.toml"), []byte("# mine\n"), 0o644)
	r = dos(t, w.env, "init")
	after, _ := os.ReadFile(filepath.Join(w.repo.Dir, "dos.toml"))
	if r.code != 1 || string(after) != "# mine\n" || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("second init: %d %q %q", r.code, r.stdout, r.stderr)
	}
	dir := filepath.Join(t.TempDir(), "new")
	if r := dos(t, w.env, "init", dir, "--example", "workshop", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"action": "wrote"`) {
		t.Fatalf("example: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "dos.toml")); !strings.Contains(string(b), `"frontend" = [`) && !strings.Contains(string(b), `frontend = ["app/**"`) {
		t.Fatalf("workshop:\n%s", b)
	}
	if r := dos(t, w.env, "init", t.TempDir(), "--example", "nope"); r.code != 2 || !strings.Contains(r.stderr, "workshop") {
		t.Fatalf("unknown example: %d %q", r.code, r.stderr)
	}
}

func TestLint_CLIExitCodesAndStrictConfig(t *testing.T) {
	w := newKWorld(t)
	write := func(s string) { os.WriteFile(filepath.Join(w.repo.Dir, "dos.toml"), []byte(s), 0o644) }
	if r := dos(t, w.env, "lint"); r.code != 0 || !strings.HasPrefix(r.stdout, "CLEAN  no dos.toml") {
		t.Fatalf("no file: %d %q", r.code, r.stdout)
	}
	write("[lanes]\nconcurrent = [\"api\", \"core\"]\n[lanes.trees]\napi = [\"src/api/**\"]\ncore = [\"src/**\"]\n")
	if r := dos(t, w.env, "lint"); r.code != 1 || !strings.Contains(r.stdout, "dos.toml:4: [warn] LANE_REGION_SHADOWED 'api'") {
		t.Fatalf("shadowed: %d %q", r.code, r.stdout)
	}
	if r := dos(t, w.env, "lint", "--strict"); r.code != 0 {
		t.Fatalf("--strict with warnings only: %d", r.code)
	}
	write("[lanes]\nconcurrent = [\"x\"]\n")
	r := dos(t, w.env, "lint", "--strict", "--json")
	var doc lintDoc
	if json.Unmarshal([]byte(r.stdout), &doc); r.code != 1 || doc.Counts["error"] != 1 || doc.Findings[0].Kind != "LANE_WITHOUT_TREE" || doc.Findings[0].Line != 2 {
		t.Fatalf("no tree: %d %s", r.code, r.stdout)
	}
	write("[lanes]\nconcurrent = \"api\"\n")
	w.env["DOS_RUN_ID"] = kRunA
	if r := dos(t, w.env, "lease", "acquire"); r.code != 0 || !strings.Contains(r.stderr, "warning: ignoring malformed [lanes] in "+filepath.Join(w.repo.Dir, "dos.toml")+":2") || !strings.Contains(r.stdout, "lane main") {
		t.Fatalf("malformed lanes fall back: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, w.env, "lease", "acquire", "--strict-config"); r.code != 2 || !strings.Contains(r.stderr, "strict config") {
		t.Fatalf("--strict-config: %d %q", r.code, r.stderr)
	}
	w.env["DOS_STRICT_CONFIG"] = "1"
	if r := dos(t, w.env, "arbitrate"); r.code != 2 {
		t.Fatalf("DOS_STRICT_CONFIG: %d %q", r.code, r.stderr)
	}
	if r := dos(t, w.env, "verify", "AUTH", "AUTH1"); r.code == 2 {
		t.Fatalf("a verdict that needs no dos.toml must not read it: %q", r.stderr)
	}
}

func TestDoctor_NamesEachProblem(t *testing.T) {
	w := initSrcDocs(t)
	w.env["DOS_PIPES"] = filepath.Join(t.TempDir(), "dos-pipes") // missing
	if r := dos(t, w.env, "doctor", "--check"); r.code != 0 || !strings.Contains(r.stdout, "HEALTHY") {
		t.Fatalf("healthy: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// break it: no repository, journal in a file, lint error
	ws := t.TempDir()
	blocker := filepath.Join(ws, "blocker")
	os.WriteFile(blocker, nil, 0o644)
	os.WriteFile(filepath.Join(ws, "dos.toml"), []byte("[lanes]\nconcurrent = [\"x\"]\n"), 0o644)
	env := map[string]string{"DOS_WORKSPACE": ws, "DOS_JOURNAL": filepath.Join(blocker, "journal"), "DOS_PIPES": w.env["DOS_PIPES"]}
	r := dos(t, env, "doctor", "--check")
	for _, want := range []string{"FAIL  repository", "is not a git repository", "FAIL  journal", "is not a directory", "warn  hooks", "warn  dos-pipes", "FAIL  dos.toml", "1 error(s)", "UNHEALTHY"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.code != 1 || !strings.Contains(r.stderr, "finding: dos.toml:2: [error] LANE_WITHOUT_TREE 'x'") {
		t.Fatalf("--check: %d %q", r.code, r.stderr)
	}
	if r := dos(t, env, "doctor"); r.code != 0 {
		t.Fatalf("without --check: %d", r.code)
	}
	// .dos not ignored in a repository
	w2 := newKWorld(t)
	w2.env["DOS_JOURNAL"] = ""
	w2.repo.Commit("x", map[string]string{"a": "a"})
	r = dos(t, w2.env, "doctor", "--json")
	var rep struct {
		Checks []struct {
			Name string
			OK   bool
		}
	}
	json.Unmarshal([]byte(r.stdout), &rep)
	for _, c := range rep.Checks {
		if c.Name == ".dos ignored" && c.OK {
			t.Fatalf(".dos reported ignored without a .gitignore: %s", r.stdout)
		}
	}
}

func TestPlan_CLIOnce(t *testing.T) {
	w := initSrcDocs(t)
	os.MkdirAll(filepath.Join(w.repo.Dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(w.repo.Dir, "docs", "auth-plan.md"), []byte("## AUTH AUTH1 — login\n## AUTH AUTH2 — sessions\n"), 0o644)
	w.repo.Commit("AUTH1: login", map[string]string{"src/login.py": "x"})
	w.one(t, "intent", "claim", "--plan", "AUTH", "AUTH2")
	r := dos(t, w.env, "plan", "--once")
	if r.code != 0 || !strings.Contains(r.stdout, "over-claim") || !strings.Contains(r.stdout, "under-claim") || !strings.Contains(r.stdout, "2 phase(s)") {
		t.Fatalf("plan: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, w.env, "plan", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"divergence": "over-claim"`) {
		t.Fatalf("plan --json: %q", r.stdout)
	}
}
