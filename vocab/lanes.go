package vocab

import (
	"slices"
	"sort"
	"strings"
)

// Lane kinds: how a lane shares the workspace (dos.toml [lanes]).
const (
	LaneConcurrent = "concurrent" // runs beside other lanes whose trees are disjoint
	LaneExclusive  = "exclusive"  // runs alone: no other lease may be live
	LaneNamed      = "named"      // has a tree (or was asked for by name) but is in neither list
)

// Lanes is a workspace's lane taxonomy as dos.toml's [lanes] declares it:
// which lanes exist, which file tree (globs) each owns, which may run side
// by side, which run alone, the order a lane-less request walks, and
// keyword aliases. A plain value: config reads the file, lease decides
// with it, views show it.
type Lanes struct {
	Concurrent []string            `json:"concurrent"`
	Exclusive  []string            `json:"exclusive"`
	Autopick   []string            `json:"autopick"`
	Trees      map[string][]string `json:"trees"`
	Aliases    map[string]string   `json:"aliases"`
	// Declared is true when a dos.toml [lanes] table replaced the generic
	// default: only then is an undeclared lane name an error.
	Declared bool `json:"declared"`
}

// DefaultLanes is the generic taxonomy used when no dos.toml declares
// lanes: one concurrent lane "main" and one exclusive lane "global", both
// the whole tree, and "main" the lane a bare request gets.
func DefaultLanes() Lanes {
	return Lanes{
		Concurrent: []string{"main"},
		Exclusive:  []string{"global"},
		Autopick:   []string{"main"},
		Trees:      map[string][]string{"main": {"**/*"}, "global": {"**/*"}},
		Aliases:    map[string]string{},
	}
}

// KindOf is lane's kind: exclusive, concurrent or named (checked in that
// order), or "" when the taxonomy does not know the lane at all.
func (l Lanes) KindOf(lane string) string {
	switch {
	case slices.Contains(l.Exclusive, lane):
		return LaneExclusive
	case slices.Contains(l.Concurrent, lane):
		return LaneConcurrent
	case l.hasTree(lane) || slices.Contains(l.Autopick, lane):
		return LaneNamed
	}
	return ""
}

func (l Lanes) hasTree(lane string) bool {
	_, ok := l.Trees[lane]
	return ok
}

// Tree is lane's declared globs (nil when it declares none).
func (l Lanes) Tree(lane string) []string { return l.Trees[lane] }

// Names is every lane the taxonomy knows (concurrent, exclusive, autopick
// and tree keys), sorted.
func (l Lanes) Names() []string {
	seen := map[string]bool{}
	for _, list := range [][]string{l.Concurrent, l.Exclusive, l.Autopick} {
		for _, n := range list {
			seen[n] = true
		}
	}
	for n := range l.Trees {
		seen[n] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Resolve maps a requested name to a lane: the lane itself when the
// taxonomy knows it, else the lane an alias keyword (case-insensitive)
// points at. ok is false for a name the taxonomy does not know.
func (l Lanes) Resolve(name string) (lane string, ok bool) {
	if l.KindOf(name) != "" {
		return name, true
	}
	for kw, target := range l.Aliases {
		if strings.EqualFold(kw, name) {
			return target, l.KindOf(target) != ""
		}
	}
	return name, false
}

// Lane states on the lane board (top, decisions, helped).
const (
	LaneFree = "FREE"
	LaneHeld = "HELD"
)
