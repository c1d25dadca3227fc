// Package layers holds the test that keeps dos's arrows pointing one way
// (docs/ARCHITECTURE.md): it loads the real package graph with
// golang.org/x/tools/go/packages and fails on any import, direct or not,
// that a rule forbids, and on any call from a view into the journal's
// writing side.
package layers

import (
	"go/types"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

const mod = "github.com/dos-go/dos"

// rule forbids packages matching from to depend on any package matching
// one of to, transitively (direct only when direct is set).
type rule struct {
	why    string
	from   string // a package path relative to the module, "x/..." for a tree
	to     []string
	except []string // packages matching to that from may still reach
	direct bool
}

func rules() []rule {
	return []rule{
		{why: "the journal imports nothing of ours but internal/flock", from: "journal",
			to: []string{"..."}},
		{why: "views, exporters and notifiers share the vocabulary, never the kernel", from: "projections/...",
			to: []string{"kernel/...", "hooks/...", "exporters/...", "notifiers/..."}},
		{why: "exporters never import the kernel", from: "exporters/...", to: []string{"kernel/...", "hooks/...", "notifiers/..."}},
		{why: "notifiers never import the kernel", from: "notifiers/...", to: []string{"kernel/...", "hooks/...", "exporters/..."}},
		{why: "the kernel never imports the pipes or the views", from: "kernel/...",
			to: []string{"exporters/...", "notifiers/...", "projections/...", "internal/cli/..."}},
		{why: "the everyday dos links no pipe and no man-page library (a verdict is mostly process start)", from: "cmd/dos",
			to: []string{"exporters/...", "notifiers/...", "internal/cli/pipes", "internal/cli/genman", "internal/mcp"}},
		{why: "the command tree leaves the pipes and the MCP server to dos-pipes", from: "internal/cli",
			to: []string{"exporters/...", "notifiers/...", "internal/cli/pipes", "internal/mcp"}},
		{why: "the MCP server calls the kernel and the views, never the pipes", from: "internal/mcp",
			to: []string{"exporters/...", "notifiers/...", "internal/cli/..."}},
		{why: "the vocabulary is pure: nothing of ours but the shell parser", from: "vocab", to: []string{"..."}, except: []string{"internal/shell"}},
		{why: "the shell parser is pure: nothing of ours", from: "internal/shell", to: []string{"..."}},
		{why: "the hooks core is pure: events, decisions and renderings from evidence handed in", from: "hooks",
			to: []string{"kernel/...", "internal/git", "internal/config", "internal/cli/...", "hooks/edge", "projections/...", "exporters/...", "notifiers/..."}},
		{why: "the installer matrix and merges are pure", from: "hooks/install",
			to: []string{"kernel/...", "journal", "internal/...", "hooks/edge", "projections/...", "exporters/...", "notifiers/..."}},
		{why: "the hook edge calls the kernel, never the views, the pipes or the CLI", from: "hooks/edge",
			to: []string{"projections/...", "exporters/...", "notifiers/...", "internal/cli/..."}},
		{why: "the kernel never imports the front door (the front door calls the kernel)", from: "kernel/...",
			to: []string{"hooks/..."}},
		{why: "the output conventions sit under every view: the vocabulary only", from: "internal/ui",
			to: []string{"journal", "kernel/...", "projections/...", "exporters/...", "notifiers/...", "internal/cli/..."}},
		{why: "the test-progress printer is a tool of its own", from: "internal/testprogress", to: []string{"..."}},
		{why: "the release packer is a build tool on the standard library alone", from: "internal/dist", to: []string{"..."}},
		{why: "the pipes' one redactor is a leaf: it must not learn what it redacts from anywhere but its callers", from: "internal/redact",
			to: []string{"..."}},
		{why: "the lease fold is pure: the journal's record type and the vocabulary only", from: "lease",
			to: []string{"kernel/...", "internal/git", "exporters/...", "notifiers/...", "projections/...", "config/...", "internal/config"}},
		{why: "dos.toml becomes plain values: config reads one file and reaches no kernel, view, git or pipe", from: "config",
			to: []string{"kernel/...", "projections/...", "exporters/...", "notifiers/...", "internal/cli/...", "internal/git", "internal/setup", "internal/config"}},
		{why: "init and doctor are an edge of their own, below the command tree", from: "internal/setup",
			to: []string{"internal/cli/...", "exporters/...", "notifiers/...", "projections/...", "kernel/..."}},
	}
}

// stdRules are standard-library imports a package may not reach at all
// (transitively): the vocabulary does no process or network I/O.
func stdRules() map[string][]string {
	return map[string][]string{
		"vocab":          {"os/exec", "net", "net/http"},
		"internal/shell": {"os/exec", "net", "net/http"},
		"lease":          {"os/exec", "net"},
		"config":         {"os/exec", "net"},
		"hooks":          {"os/exec", "net", "net/http"},
		"hooks/install":  {"os/exec", "net", "net/http"},
	}
}

// heavy are libraries the lean dos binary must not link at all.
func heavy() map[string][]string {
	return map[string][]string{
		"cmd/dos": {"github.com/modelcontextprotocol/go-sdk/mcp", "go.opentelemetry.io/otel/sdk/log", "github.com/slack-go/slack"},
	}
}

// directStd are standard-library packages a package may not import itself
// (fmt imports os, so only the direct import is meaningful for os).
func directStd() map[string][]string {
	return map[string][]string{
		"vocab":          {"os", "os/exec", "net", "io/fs", "syscall"},
		"internal/shell": {"os", "os/exec", "net", "io/fs", "syscall"},
		"hooks":          {"os", "os/exec", "net", "io/fs", "syscall"},
		"hooks/install":  {"os", "os/exec", "net", "io/fs", "syscall"},
	}
}

func match(pattern, rel string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return rel == pattern
}

func rel(path string) (string, bool) {
	if path == mod {
		return "", true
	}
	r, ok := strings.CutPrefix(path, mod+"/")
	return r, ok
}

func load(t *testing.T, mode packages.LoadMode, patterns ...string) []*packages.Package {
	return loadFor(t, "", mode, patterns...)
}

// loadFor loads the graph as it builds for goos ("" for this machine's),
// so files behind build constraints (_windows.go, _darwin.go) are seen.
func loadFor(t *testing.T, goos string, mode packages.LoadMode, patterns ...string) []*packages.Package {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the whole package graph with the go command")
	}
	cfg := &packages.Config{Mode: mode, Dir: "../..", Tests: false}
	if goos != "" {
		cfg.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the package graph did not load")
	}
	return pkgs
}

// osEdge is the system-call package of Windows. It imports net for its
// socket wrappers, so through the journal's lock every package would
// "reach" net on Windows; what it reaches is not the package's own I/O.
const osEdge = "golang.org/x/sys/windows"

// depsNotVia is deps without what p reaches only through via.
func depsNotVia(p *packages.Package, via string) map[string]bool {
	seen := map[string]bool{}
	var walk func(*packages.Package)
	walk = func(q *packages.Package) {
		for path, imp := range q.Imports {
			if !seen[path] && path != via {
				seen[path] = true
				walk(imp)
			}
		}
	}
	walk(p)
	return seen
}

// deps returns every package p depends on, transitively.
func deps(p *packages.Package) map[string]bool {
	seen := map[string]bool{}
	var walk func(*packages.Package)
	walk = func(q *packages.Package) {
		for path, imp := range q.Imports {
			if !seen[path] {
				seen[path] = true
				walk(imp)
			}
		}
	}
	walk(p)
	return seen
}

func TestLayers_ArrowsPointOneWay(t *testing.T) {
	arrows(t, load(t, packages.NeedName|packages.NeedImports|packages.NeedDeps, "./..."))
}

// The platform files (durable_windows.go, flock_windows.go, exec_windows.go,
// console_windows.go, durable_darwin.go) keep the same arrows.
func TestLayers_ArrowsPointOneWayOnWindowsAndMacOS(t *testing.T) {
	for _, goos := range []string{"windows", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			arrows(t, loadFor(t, goos, packages.NeedName|packages.NeedImports|packages.NeedDeps, "./..."))
		})
	}
}

func arrows(t *testing.T, pkgs []*packages.Package) {
	t.Helper()
	checked := map[string]bool{}
	for _, p := range pkgs {
		from, ok := rel(p.PkgPath)
		if !ok {
			continue
		}
		all := deps(p)
		for _, r := range rules() {
			if !match(r.from, from) {
				continue
			}
			checked[r.from] = true
			for dep := range all {
				to, ours := rel(dep)
				if !ours || to == from || (r.from == "journal" && to == "internal/flock") || slices.Contains(r.except, to) {
					continue
				}
				for _, bad := range r.to {
					if match(bad, to) {
						t.Errorf("%s depends on %s: %s", from, to, r.why)
					}
				}
			}
		}
		for _, bad := range heavy()[from] {
			if all[bad] {
				t.Errorf("%s links %s: the lean binary every hook starts must stay lean", from, bad)
			}
		}
		std := depsNotVia(p, osEdge)
		for _, bad := range stdRules()[from] {
			if std[bad] {
				t.Errorf("%s depends on %s: it must do no process or network I/O", from, bad)
			}
		}
		for _, bad := range directStd()[from] {
			if _, ok := p.Imports[bad]; ok {
				t.Errorf("%s imports %s: it must do no I/O", from, bad)
			}
		}
	}
	for _, r := range rules() {
		if !checked[r.from] {
			t.Errorf("rule %q matched no package: the layout moved and the rule guards nothing", r.from)
		}
	}
}

// writers are the journal's writing side and the file calls that change a
// directory: no view may call them.
func writers() map[string][]string {
	return map[string][]string{
		mod + "/journal": {"NewWriter", "Prune", "Repair", "Append", "AppendBatch", "WriteFileAtomic"},
		"os":             {"WriteFile", "Create", "OpenFile", "Remove", "RemoveAll", "Rename", "Mkdir", "MkdirAll", "Truncate"},
	}
}

// TestProjections_NeverWrite type-checks the views and fails on any use of
// the journal's writing side or of a file-changing call in them.
func TestProjections_NeverWrite(t *testing.T) {
	pkgs := load(t, packages.NeedName|packages.NeedTypes|packages.NeedTypesInfo|packages.NeedSyntax, "./projections/...")
	uses := 0
	for _, p := range pkgs {
		for id, obj := range p.TypesInfo.Uses {
			if obj.Pkg() == nil {
				continue
			}
			uses++
			names, watched := writers()[obj.Pkg().Path()]
			if !watched || !slices.Contains(names, obj.Name()) {
				continue
			}
			if _, ok := obj.(*types.Func); ok {
				t.Errorf("%s: %s uses %s.%s: views never write", p.Fset.Position(id.Pos()), p.PkgPath, obj.Pkg().Name(), obj.Name())
			}
		}
	}
	if uses < 100 {
		t.Fatalf("saw only %d uses: the views were not type-checked", uses)
	}
}
