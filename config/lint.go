package config

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// Lint severities, worst first.
const (
	SevError = "error"
	SevWarn  = "warn"
	SevInfo  = "info"
)

// Finding is one piece of dead or contradictory policy in dos.toml.
type Finding struct {
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Subject  string `json:"subject"`
	Detail   string `json:"detail"`
	Fix      string `json:"fix"`
	File     string `json:"file"`
	Line     int    `json:"line"` // 0 when the subject is not in the file
}

// String is the finding's one line: file:line: [sev] KIND 'subject': detail — fix.
func (f Finding) String() string {
	at := filepath.Base(f.File)
	if f.Line > 0 {
		at = fmt.Sprintf("%s:%d", at, f.Line)
	}
	return fmt.Sprintf("%s: [%s] %s '%s': %s — %s", at, f.Severity, f.Kind, f.Subject, f.Detail, f.Fix)
}

// Fails reports whether f fails `dos lint`: errors always, warnings
// unless strict (the reference's rule), info never.
func (f Finding) Fails(strict bool) bool {
	return f.Severity == SevError || (f.Severity == SevWarn && !strict)
}

// Lint checks the taxonomy and the reason registry beyond parsing
// (kernel-ext §A.8, plus lane names records can carry), and reports each
// table that fell back; planFiles are the names plans_glob matched. Pure:
// sorted error, warn, info, then by kind, subject.
func Lint(c *Config, planFiles []string) []Finding {
	l := &linter{c: c}
	for _, w := range c.Warnings {
		l.add("CONFIG_TABLE_MALFORMED", SevError, "["+cmp.Or(w.Table, "dos.toml")+"]", w.Msg, "fix the key: until then the table keeps its default", w.Key)
	}
	if c.Lanes.Declared {
		l.lanes()
	}
	l.reasons()
	l.plans(planFiles)
	slices.SortStableFunc(l.out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Subject, b.Subject))
	})
	return l.out
}

func sevRank(s string) int { return map[string]int{SevError: 0, SevWarn: 1, SevInfo: 2}[s] }

type linter struct {
	c   *Config
	out []Finding
}

func (l *linter) add(kind, sev, subject, detail, fix, key string) {
	l.out = append(l.out, Finding{Kind: kind, Severity: sev, Subject: subject, Detail: detail, Fix: fix, File: l.c.Path, Line: l.c.Line(key)})
}

// elem is the key of name's element in list (for its line).
func elem(list, name string, in []string) string {
	return fmt.Sprintf("lanes.%s[%d]", list, slices.Index(in, name))
}

func (l *linter) lanes() {
	ln := l.c.Lanes
	declared := func(n string) bool { return slices.Contains(ln.Concurrent, n) || slices.Contains(ln.Exclusive, n) }
	for _, n := range ln.Names() {
		if !vocab.ValidToken(n) {
			l.add("LANE_NAME_INVALID", SevError, n, "a lane name must be a token (a letter, then up to 63 letters, digits, '_', '.' or '-') to be recorded", "rename the lane", laneKey(ln, n))
		}
	}
	for _, n := range ln.Names() {
		inC, inA := slices.Contains(ln.Concurrent, n), slices.Contains(ln.Autopick, n)
		if len(ln.Tree(n)) == 0 && (inC || inA) {
			where := map[[2]bool]string{{true, false}: "concurrent", {false, true}: "autopick", {true, true}: "concurrent/autopick"}[[2]bool{inC, inA}]
			key := elem("concurrent", n, ln.Concurrent)
			if !inC {
				key = elem("autopick", n, ln.Autopick)
			}
			l.add("LANE_WITHOUT_TREE", SevError, n, "declared in [lanes]."+where+" but has no [lanes.trees] entry: its blast radius is unknown, so it can share with nothing", "add "+n+` = ["`+n+`/**"] under [lanes.trees]`, key)
		}
		if inC && slices.Contains(ln.Exclusive, n) {
			l.add("LANE_BOTH_CONCURRENT_AND_EXCLUSIVE", SevError, n, "listed in both [lanes].concurrent and [lanes].exclusive", "keep it in one list", elem("exclusive", n, ln.Exclusive))
		}
		if inA && !declared(n) {
			l.add("AUTOPICK_LANE_UNDECLARED", SevWarn, n, "[lanes].autopick names a lane in neither concurrent nor exclusive", "declare it, or drop it from autopick", elem("autopick", n, ln.Autopick))
		}
	}
	for _, kw := range sortedStrings(ln.Aliases) {
		if t := ln.Aliases[kw]; !declared(t) {
			l.add("ALIAS_TARGET_UNDECLARED", SevWarn, kw, fmt.Sprintf("alias %s points at %q, a lane in neither concurrent nor exclusive", kw, t), "point it at a declared lane", "lanes.aliases."+kw)
		}
	}
	l.overlaps()
}

func laneKey(ln vocab.Lanes, n string) string {
	for _, list := range []struct {
		name string
		in   []string
	}{{"concurrent", ln.Concurrent}, {"exclusive", ln.Exclusive}, {"autopick", ln.Autopick}} {
		if slices.Contains(list.in, n) {
			return elem(list.name, n, list.in)
		}
	}
	return "lanes.trees." + n
}

// overlaps compares every pair of concurrent lanes with trees: a lane
// whose every prefix lies inside the other's is shadowed (dead); other
// collisions, identical trees included, overlap.
func (l *linter) overlaps() {
	ln := l.c.Lanes
	var cs []string
	for _, n := range ln.Concurrent {
		if len(ln.Tree(n)) > 0 && !slices.Contains(cs, n) {
			cs = append(cs, n)
		}
	}
	sort.Strings(cs)
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			ta, tb := ln.Tree(a), ln.Tree(b)
			if lease.Disjoint(ta, tb) {
				continue
			}
			aIn, bIn := within(ta, tb), within(tb, ta)
			switch {
			case aIn && !bIn:
				l.add("LANE_REGION_SHADOWED", SevWarn, a, fmt.Sprintf("every glob of %s lies inside %s's tree (%s): the two can never run side by side", a, b, strings.Join(tb, ", ")), "narrow "+b+"'s tree, or make one of them exclusive", "lanes.trees."+a)
			case bIn && !aIn:
				l.add("LANE_REGION_SHADOWED", SevWarn, b, fmt.Sprintf("every glob of %s lies inside %s's tree (%s): the two can never run side by side", b, a, strings.Join(ta, ", ")), "narrow "+a+"'s tree, or make one of them exclusive", "lanes.trees."+b)
			default:
				l.add("CONCURRENT_LANES_OVERLAP", SevWarn, a+"+"+b, fmt.Sprintf("concurrent lanes %s (%s) and %s (%s) share files", a, strings.Join(ta, ", "), b, strings.Join(tb, ", ")), "make their trees disjoint", "lanes.trees."+b)
			}
		}
	}
}

// within reports whether every prefix of a starts with some prefix of b.
func within(a, b []string) bool {
	for _, g := range a {
		p, in := lease.NormalizeEntry(g), false
		for _, h := range b {
			if strings.HasPrefix(p, lease.NormalizeEntry(h)) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	return true
}

var placeholder = regexp.MustCompile(`^<.*>$`)

func (l *linter) reasons() {
	names := l.c.Lanes.Names()
	for _, r := range l.c.Reasons {
		for _, s := range r.SeeAlso {
			name, ok := strings.CutPrefix(strings.TrimSpace(s), "lane ")
			name = strings.TrimSpace(name)
			if !ok || placeholder.MatchString(name) || slices.Contains(names, name) {
				continue
			}
			l.add("REASON_SEE_ALSO_DANGLES", SevInfo, r.Token, fmt.Sprintf("see_also %q names a lane that is not declared", s), "declare the lane or fix the reference", "reasons."+cmp.Or(l.c.reasonKeys[r.Token], r.Token)+".see_also")
		}
	}
}

var planHead = regexp.MustCompile(`^(\d+)_`)

func (l *linter) plans(files []string) {
	by := map[string][]string{}
	for _, f := range files {
		if m := planHead.FindStringSubmatch(filepath.Base(f)); m != nil {
			by[m[1]] = append(by[m[1]], filepath.Base(f))
		}
	}
	for _, head := range sortedStrings(by) {
		if len(by[head]) > 1 {
			l.add("PLAN_NUMBER_DUPLICATE", SevWarn, head, "plans share the number "+head+": "+strings.Join(by[head], ", "), "renumber one of them", "paths.plans_glob")
		}
	}
}

func sortedStrings[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
