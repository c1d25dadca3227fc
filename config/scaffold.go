package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// noiseDirs are top-level directories that never become lanes.
var noiseDirs = []string{"__pycache__", "node_modules", "dist", "build", "target", "venv", "env", "site-packages", "htmlcov", "bin", "vendor"}

// InferLanes picks the lane directories from a workspace's top-level
// directory names (the reference's lane_infer): no dot-directories, no
// build or dependency output, sorted, at most 12.
func InferLanes(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if d == "" || strings.HasPrefix(d, ".") || slices.Contains(noiseDirs, d) || strings.HasSuffix(d, ".egg-info") {
			continue
		}
		out = append(out, d)
	}
	sort.Strings(out)
	if len(out) > 12 {
		out = out[:12]
	}
	return out
}

// Example is a named dos.toml the reference ships (`dos init --example`).
type Example struct {
	Name, About string
	Concurrent  []string
	Exclusive   []string
	Trees       map[string][]string
}

// Examples are the taxonomies `dos init --example NAME` writes.
func Examples() []Example {
	return []Example{
		{Name: "workshop", About: "a product with a frontend and a backend, releases run alone",
			Concurrent: []string{"frontend", "backend"}, Exclusive: []string{"release", "global"},
			Trees: map[string][]string{
				"frontend": {"app/**", "web/**", "ui/**", "docs/UI-*"},
				"backend":  {"service/**", "api/**", "worker/**", "docs/SVC-*"},
				"release":  {"CHANGELOG.md", "VERSION", "release/**"},
				"global":   {"**/*"},
			}},
		{Name: "monorepo", About: "five lanes of a Go service monorepo (the README's example)",
			Concurrent: []string{"api", "web", "worker", "docs"}, Exclusive: []string{"release"},
			Trees: map[string][]string{
				"api":     {"cmd/api/**", "internal/api/**"},
				"web":     {"web/**"},
				"worker":  {"cmd/worker/**", "internal/worker/**"},
				"docs":    {"docs/**", "README.md"},
				"release": {"**/*"},
			}},
	}
}

// LookupExample finds an example by name.
func LookupExample(name string) (Example, error) {
	var names []string
	for _, e := range Examples() {
		if e.Name == name {
			return e, nil
		}
		names = append(names, e.Name)
	}
	return Example{}, fmt.Errorf("--example %q: no such example (one of %s)", name, strings.Join(names, ", "))
}

// Scaffold is the commented dos.toml `dos init` writes for a workspace
// whose top-level directories are dirs (already InferLanes'd), or for ex.
func Scaffold(dirs []string, ex *Example) string {
	var b strings.Builder
	b.WriteString(`# dos.toml — this workspace's own rules, read by dos (https://github.com/dos-go/dos).
# Check it with:  dos lint   ·   see what dos makes of the workspace:  dos doctor
workspace = "."

# Lanes: named slices of the tree. A run takes one with ` + "`dos lease acquire --lane L`" + `;
# a bare ` + "`dos lease acquire`" + ` (or a busy lane with --autopick) gets the first free
# lane of autopick. Concurrent lanes run side by side while their trees are
# disjoint; an exclusive lane runs alone. Trees are globs; dos compares them
# as prefixes (src/** is src/, **/* is everything).
[lanes]
`)
	var conc, excl, auto []string
	trees := map[string][]string{}
	switch {
	case ex != nil:
		fmt.Fprintf(&b, "# example %q: %s\n", ex.Name, ex.About)
		conc, excl, auto, trees = ex.Concurrent, ex.Exclusive, ex.Concurrent, ex.Trees
	case len(dirs) > 0:
		conc, excl, auto = dirs, []string{"global"}, dirs
		for _, d := range dirs {
			trees[d] = []string{d + "/**"}
		}
		trees["global"] = []string{"**/*"}
	default:
		b.WriteString("# no source directories found: one single-writer lane for the whole tree\n")
		excl = []string{"main"}
		trees["main"] = []string{"**/*"}
	}
	fmt.Fprintf(&b, "concurrent = %s\nexclusive = %s\nautopick = %s\n\n[lanes.trees]\n", list(conc), list(excl), list(auto))
	for _, n := range append(append([]string{}, conc...), excl...) {
		if t, ok := trees[n]; ok {
			fmt.Fprintf(&b, "%s = %s\n", n, list(t))
		}
	}
	b.WriteString(`
# [lanes.aliases]
# frontend = "web"        # a keyword that names a lane

[paths]
plans_glob = "docs/**/*-plan.md"   # the plan docs ` + "`dos plan`" + ` shows

# The ship stamp: a phase ships when a commit whose subject starts with
# "PHASE:" (or "PLAN: PHASE") and that changed files is reachable from HEAD.
[stamp]
style = "grep"
# subject_dirs = ["src"]   # require a "src/" prefix before the stamp
# trailer_stamp = true     # also accept "… (PLAN PHASE)" at the end of the subject

# Refusal reasons your fleet may give, beside the ten built in (dos man wedge):
# [reasons.NEEDS_REVIEW]
# category = "OPERATOR_GATE"   # TRUE_DRAIN | OPERATOR_GATE | STALE_CLAIM | MISROUTE | UNCLASSIFIED
# summary = "a human must look first"
`)
	return b.String()
}

func list(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
