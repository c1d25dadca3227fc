// Package layers holds the test that keeps dos's arrows pointing one way
// (docs/ARCHITECTURE.md): it loads the real package graph with
// golang.org/x/tools/go/packages and fails on any import, direct or not,
// that a rule forbids, and on any call from a view into the journal's
// writing side.
package layers

import (
	"go/types"
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
			to: []string{"exporters/...", "notifiers/...", "internal/cli/pipes", "internal/cli/genman"}},
		{why: "the command tree leaves the pipes to dos-pipes", from: "internal/cli",
			to: []string{"exporters/...", "notifiers/...", "internal/cli/pipes"}},
		{why: "the vocabulary is pure: nothing of ours", from: "vocab", to: []string{"..."}},
		{why: "the pipes' one redactor is a leaf: it must not learn what it redacts from anywhere but its callers", from: "internal/redact",
			to: []string{"..."}},
		{why: "the lease fold is pure: the journal's record type and the vocabulary only", from: "lease",
			to: []string{"kernel/...", "internal/git", "exporters/...", "notifiers/...", "projections/..."}},
	}
}

// stdRules are standard-library imports a package may not reach at all
// (transitively): the vocabulary does no process or network I/O.
func stdRules() map[string][]string {
	return map[string][]string{
		"vocab": {"os/exec", "net", "net/http"},
		"lease": {"os/exec", "net"},
	}
}

// directStd are standard-library packages a package may not import itself
// (fmt imports os, so only the direct import is meaningful for os).
func directStd() map[string][]string {
	return map[string][]string{
		"vocab": {"os", "os/exec", "net", "io/fs", "syscall"},
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
	t.Helper()
	if testing.Short() {
		t.Skip("loads the whole package graph with the go command")
	}
	cfg := &packages.Config{Mode: mode, Dir: "../..", Tests: false}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the package graph did not load")
	}
	return pkgs
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
	pkgs := load(t, packages.NeedName|packages.NeedImports|packages.NeedDeps, "./...")
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
				if !ours || to == from || (r.from == "journal" && to == "internal/flock") {
					continue
				}
				for _, bad := range r.to {
					if match(bad, to) {
						t.Errorf("%s depends on %s: %s", from, to, r.why)
					}
				}
			}
		}
		for _, bad := range stdRules()[from] {
			if all[bad] {
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
