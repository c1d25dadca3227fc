package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/golden"
)

// sixMistakes holds more than six distinct mistakes: a concurrent lane
// without a tree (line 3), a lane both concurrent and exclusive (4), an
// undeclared autopick lane that has no tree either (5), an alias to
// nowhere (14), a shadowed lane (7), two overlapping lanes (10), a
// dangling see_also (17), a malformed [paths] (19) and two plans sharing
// a number.
const sixMistakes = `[lanes]
concurrent = ["api", "core",
  "ghost", "web", "www", "ops"]
exclusive = ["global", "ops"]
autopick = ["api", "nowhere"]
[lanes.trees]
api = ["src/api/**"]
core = ["src/**"]
web = ["web/**"]
www = ["web/static/**", "www/**"]
ops = ["ops/**"]
global = ["**/*"]
[lanes.aliases]
fe = "frontend"
[reasons.NEEDS_OPS]
category = "OPERATOR_GATE"
see_also = ["lane opz", "lane <name>", "dos man wedge"]
[paths]
plans = "x"
`

func TestLint_ReportsEveryMistakeWithItsLine(t *testing.T) {
	root := t.TempDir()
	c := Parse(root, filepath.Join(root, FileName), []byte(sixMistakes))
	fs := Lint(c, []string{"docs/01_auth-plan.md", "docs/01_billing-plan.md", "docs/02_x-plan.md"})
	want := []string{
		"dos.toml:19: [error] CONFIG_TABLE_MALFORMED '[paths]'",
		"dos.toml:4: [error] LANE_BOTH_CONCURRENT_AND_EXCLUSIVE 'ops'",
		"dos.toml:3: [error] LANE_WITHOUT_TREE 'ghost'",
		"dos.toml:5: [error] LANE_WITHOUT_TREE 'nowhere'",
		"dos.toml:14: [warn] ALIAS_TARGET_UNDECLARED 'fe'",
		"dos.toml:5: [warn] AUTOPICK_LANE_UNDECLARED 'nowhere'",
		"dos.toml:10: [warn] CONCURRENT_LANES_OVERLAP 'web+www'",
		"dos.toml:7: [warn] LANE_REGION_SHADOWED 'api'",
		"dos.toml:18: [warn] PLAN_NUMBER_DUPLICATE '01'",
		"dos.toml:17: [info] REASON_SEE_ALSO_DANGLES 'NEEDS_OPS'",
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
	golden.Check(t, filepath.Join("testdata", "lint", "six-mistakes.golden"), strings.Join(got, "\n")+"\n", *update)
	fails := func(strict bool) int {
		n := 0
		for _, f := range fs {
			if f.Fails(strict) {
				n++
			}
		}
		return n
	}
	if fails(false) != 9 || fails(true) != 4 {
		t.Errorf("fails: %d default, %d strict", fails(false), fails(true))
	}
}

func TestLint_CleanAndDefault(t *testing.T) {
	root := t.TempDir()
	c := Parse(root, filepath.Join(root, FileName), []byte("[lanes]\nconcurrent = [\"docs\", \"src\"]\nexclusive = [\"global\"]\nautopick = [\"docs\", \"src\"]\n[lanes.trees]\ndocs = [\"docs/**\"]\nsrc = [\"src/**\"]\nglobal = [\"**/*\"]\n"))
	if fs := Lint(c, nil); len(fs) != 0 {
		t.Fatalf("clean file: %v", fs)
	}
	if fs := Lint(Default(root), nil); len(fs) != 0 {
		t.Fatalf("no file: %v", fs)
	}
	c = Parse(root, filepath.Join(root, FileName), []byte("[lanes]\nconcurrent = [\"has space\"]\n[lanes.trees]\n\"has space\" = [\"x/**\"]\n"))
	if fs := Lint(c, nil); len(fs) != 1 || fs[0].Kind != "LANE_NAME_INVALID" || fs[0].Line != 2 {
		t.Fatalf("invalid name: %v", fs)
	}
}
