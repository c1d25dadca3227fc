package config

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/golden"
	"github.com/dos-go/dos/vocab"
)

var update = flag.Bool("update", false, "rewrite config/testdata/*.golden")

// loaded is what a golden holds: every table as loaded, the declared
// reasons only, and the warnings (with the file named by its base).
type loaded struct {
	Lanes         vocab.Lanes        `json:"lanes"`
	Stamp         vocab.Stamp        `json:"stamp"`
	StampDeclared bool               `json:"stamp_declared"`
	Reasons       []vocab.ReasonSpec `json:"declared_reasons"`
	ReasonCount   int                `json:"reason_count"`
	Paths         Paths              `json:"paths"`
	Warnings      []string           `json:"warnings"`
}

func render(c *Config, root string) string {
	l := loaded{Lanes: c.Lanes, Stamp: c.Stamp, StampDeclared: c.StampDeclared, ReasonCount: len(c.Reasons), Paths: c.Paths, Warnings: []string{}}
	for _, r := range c.Reasons {
		if !r.Base {
			l.Reasons = append(l.Reasons, r)
		}
	}
	for _, w := range c.Warnings {
		l.Warnings = append(l.Warnings, strings.ReplaceAll(w.String(), root, "ROOT"))
	}
	b, _ := json.MarshalIndent(l, "", "  ")
	return strings.ReplaceAll(string(b), root, "ROOT") + "\n"
}

// TestLoad_EveryKeyFallbackAndWarning loads one dos.toml per case and
// compares every table as loaded, and each warning, with its golden.
func TestLoad_EveryKeyFallbackAndWarning(t *testing.T) {
	cases := []struct{ name, toml string }{
		{"no-file", ""},
		{"every-key", `workspace = "."
[lanes]
concurrent = ["src", "docs"]
exclusive = ["global"]
autopick = ["src", "docs"]
[lanes.trees]
src = ["src/**"]
docs = ["docs/**", "*.md"]
global = ["**/*"]
[lanes.aliases]
frontend = "src"

[stamp]
style = "grep"
subject_dirs = ["src", "docs"]
summary_bundle_prefixes = "release:"
bookkeeping_prefixes = ["chore:", "wip:"]
progress_markers = ["wip"]
trailer_stamp = true
sub_phase_parent_fallback = true
code_dirs = ["src"]
infra_basenames = ["Makefile"]
infra_doc_basenames = "README.md"

[reasons.lane_needs_review]
category = "OPERATOR_GATE"
refusal = false
summary = "a human must look first"
fix = "dos decisions"
see_also = ["lane src", "dos man wedge"]

[reasons.SOAKING]
category = "STALE_CLAIM"
see_also = "lane docs"

[[reasons.morphology]]
substring = "soak"
category = "OPERATOR_GATE"

[paths]
plans_glob = "plans/*.md"
execution_state = "state/dos.state.yaml"
archive_lock = "/var/lock/dos.lock"
lane_journal = "x/lane.jsonl"

[overlap]
ratio_max = 0.25
`},
		{"bom-and-empty-tables", "\xef\xbb\xbf[lanes]\n[stamp]\n[paths]\n"},
		{"lanes-not-a-list", "[lanes]\nconcurrent = \"api\"\n"},
		{"lanes-list-of-ints", "[lanes]\nconcurrent = [\"a\",\n  2]\n"},
		{"lanes-tree-not-list", "[lanes]\nconcurrent = [\"a\"]\n[lanes.trees]\na = \"a/**\"\n"},
		{"lanes-alias-not-string", "[lanes]\n[lanes.aliases]\nfe = 3\n"},
		{"lanes-not-a-table", "lanes = 3\n"},
		{"lanes-inline-tree", "[lanes]\nconcurrent = [\"a\"]\ntrees = { a = [\"a/**\"], b = [1] }\n"},
		{"stamp-unknown-key", "[stamp]\nstyle = \"grep\"\nsubjectdirs = [\"src\"]\n"},
		{"stamp-bool-not-bool", "[stamp]\ntrailer_stamp = \"yes\"\n"},
		{"stamp-list-of-ints", "[stamp]\nsubject_dirs = [1]\n"},
		{"stamp-style-not-string", "[stamp]\nstyle = 1\n"},
		{"reasons-duplicate-base", "[reasons.self_modify]\ncategory = \"MISROUTE\"\n"},
		{"reasons-duplicate-in-file", "[reasons.X]\ncategory = \"MISROUTE\"\n[reasons.' x']\ncategory = \"MISROUTE\"\n"},
		{"reasons-bad-category", "[reasons.X]\ncategory = \"NOPE\"\n"},
		{"reasons-missing-category", "[reasons.X]\nsummary = \"s\"\n"},
		{"reasons-refusal-not-bool", "[reasons.X]\ncategory = \"MISROUTE\"\nrefusal = 1\n"},
		{"reasons-not-a-table", "[reasons]\nX = 1\n"},
		{"reasons-unknown-key", "[reasons.X]\ncategory = \"MISROUTE\"\nwhy = 1\n"},
		{"paths-unknown-key", "[paths]\nplnas_glob = \"x\"\n"},
		{"paths-root-is-unknown", "[paths]\nroot = \"/\"\n"},
		{"paths-not-string", "[paths]\nplans_glob = 3\n"},
		{"syntax-error", "[lanes]\nconcurrent = [\"a\"\n[stamp]\n"},
		{"two-tables-fall-back-one-stays", "[lanes]\nconcurrent = \"x\"\n[stamp]\ntrailer_stamp = true\n[paths]\nnope = 1\n"},
		{"other-tables-ignored", "[overlap]\nratio_max = 2\n[cooldown]\nwindow_ms = 1\n[[concurrency_class]]\nname = \"a\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if c.toml != "" {
				os.WriteFile(filepath.Join(root, FileName), []byte(c.toml), 0o644)
			}
			got := render(Load(root), root)
			golden.Check(t, filepath.Join("testdata", "load", c.name+".golden"), got, *update)
		})
	}
}

func TestLoad_WarningsNameFileLineAndKey(t *testing.T) {
	root := t.TempDir()
	c := Parse(root, filepath.Join(root, FileName), []byte("# x\n[lanes]\nconcurrent = [\"a\"]\nexclusive = \"g\"\n[stamp]\n\nbogus = 1\n"))
	if len(c.Warnings) != 2 {
		t.Fatalf("warnings %+v", c.Warnings)
	}
	want := []Warning{
		{Line: 7, Table: "stamp", Key: "stamp.bogus"},
		{Line: 4, Table: "lanes", Key: "lanes.exclusive"},
	}
	for i, w := range c.Warnings {
		if w.Line != want[i].Line || w.Table != want[i].Table || w.Key != want[i].Key || w.Path != filepath.Join(root, FileName) {
			t.Errorf("warning %d: %+v, want %+v", i, w, want[i])
		}
	}
	if c.Lanes.Declared || strings.Join(c.Lanes.Concurrent, ",") != "main" {
		t.Errorf("[lanes] did not fall back: %+v", c.Lanes)
	}
	if err := c.StrictError(); err == nil || !strings.Contains(err.Error(), "(and 1 more)") {
		t.Errorf("strict: %v", err)
	}
	if Default(root).StrictError() != nil {
		t.Error("no file is strict-clean")
	}
}

func TestLoad_UnreadableFileIsOneWarning(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, FileName), 0o755) // a directory: reading fails
	c := Load(root)
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].String(), "cannot read") || c.Lanes.Declared {
		t.Fatalf("%+v", c.Warnings)
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Check(t, path, got, *update)
}
