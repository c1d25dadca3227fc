package lease

import (
	"path"
	"strings"
)

// The tree algebra (kernel-ext §B.1). A lane's tree is a list of globs;
// admission compares them as prefixes: an entry is normalised (\ → /,
// trimmed, case folded) and cut at its first '*', so "src/**" is the
// prefix "src/" and "**/*" is "", which collides with everything. Two
// prefixes collide when one starts with the other.

// NormalizeEntry is the prefix a tree entry (or a file path) stands for.
func NormalizeEntry(glob string) string {
	g := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(glob, `\`, "/")))
	g = strings.TrimPrefix(g, "./")
	if i := strings.IndexByte(g, '*'); i >= 0 {
		g = g[:i]
	}
	return g
}

func prefixes(tree []string) []string {
	out := make([]string, len(tree))
	for i, g := range tree {
		out[i] = NormalizeEntry(g)
	}
	return out
}

// Collide reports whether two normalised prefixes overlap: one starts with
// the other ("" collides with everything).
func Collide(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }

// Disjoint reports whether no entry of a collides with any of b. An empty
// tree is never disjoint: its blast radius is unknown.
func Disjoint(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	pb := prefixes(b)
	for _, p := range prefixes(a) {
		for _, q := range pb {
			if Collide(p, q) {
				return false
			}
		}
	}
	return true
}

// Overlap verdicts of a requested tree against a live lease's tree.
const (
	OverlapDisjoint = "disjoint"  // no entry collides
	OverlapSoft     = "soft"      // some collide, at most MaxSharedRatio of the request
	OverlapExact    = "exact"     // an identical (non-"**/*") glob: a hard collision at any ratio
	OverlapTooLarge = "too-large" // more than MaxSharedRatio of the request collides
)

// MaxSharedRatio is the share of a requested tree that may collide with a
// live lease and still be admitted (strictly greater refuses, so exactly a
// third admits). A configured ratio can only lower it.
const MaxSharedRatio = 1.0 / 3

// OverlapResult is OverlapVerdict's answer.
type OverlapResult struct {
	Verdict string
	Shared  int    // request entries colliding with some lease entry
	Of      int    // request entries
	Glob    string // the identical glob, for OverlapExact
}

// OverlapVerdict compares a requested tree with a live lease's tree, both
// known (non-empty): an identical glob refuses first, then the shared
// share against ratioMax (capped at MaxSharedRatio; <= 0 means the cap).
func OverlapVerdict(req, held []string, ratioMax float64) OverlapResult {
	if ratioMax <= 0 || ratioMax > MaxSharedRatio {
		ratioMax = MaxSharedRatio
	}
	ph := prefixes(held)
	set := map[string]bool{}
	for _, p := range ph {
		set[p] = true
	}
	for _, g := range req {
		if n := NormalizeEntry(g); n != "" && set[n] {
			return OverlapResult{Verdict: OverlapExact, Shared: 1, Of: len(req), Glob: g}
		}
	}
	shared := 0
	for _, p := range prefixes(req) {
		for _, q := range ph {
			if Collide(p, q) {
				shared++
				break
			}
		}
	}
	r := OverlapResult{Shared: shared, Of: len(req)}
	switch {
	case shared == 0:
		r.Verdict = OverlapDisjoint
	case float64(shared)/float64(max(1, len(req))) > ratioMax:
		r.Verdict = OverlapTooLarge
	default:
		r.Verdict = OverlapSoft
	}
	return r
}

// PathsTree turns cleaned --paths prefixes into tree globs: "." is the
// whole tree ("**/*"), any other P covers P and everything under it
// ("P/**").
func PathsTree(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = strings.TrimSuffix(p, "/")
		if p == "." || p == "" {
			out = append(out, "**/*")
			continue
		}
		out = append(out, path.Clean(p)+"/**")
	}
	return out
}

// TreeOf is the tree a lease covers: its recorded tree, else (records
// written before trees) its paths as a tree.
func TreeOf(tree, paths []string) []string {
	if len(tree) > 0 {
		return tree
	}
	return PathsTree(paths)
}

// InTree reports whether a repo-relative file lies in the tree: its
// normalised path starts with one of the tree's prefixes (a file "a.go"
// is also in the prefix "a.go/", which --paths a.go makes).
func InTree(file string, tree []string) bool {
	f := NormalizeEntry(file)
	for _, p := range prefixes(tree) {
		if strings.HasPrefix(f, p) || f+"/" == p {
			return true
		}
	}
	return false
}
