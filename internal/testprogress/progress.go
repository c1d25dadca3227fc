package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Event is one line of `go test -json` (cmd/test2json's TestEvent, plus
// the build events go test adds for packages that do not compile).
type Event struct {
	Time       time.Time
	Action     string // start, run, pass, fail, skip, output, build-output, build-fail, …
	Package    string
	ImportPath string // build-output and build-fail name the package here
	Test       string
	Elapsed    float64 // seconds
	Output     string
}

// pkgState is what is known of one package while it runs.
type pkgState struct {
	started       time.Time
	passed, fails int
	output        []string            // the package's own lines (panics, "FAIL" summaries)
	tests         map[string][]string // each running test's output, printed only if it fails
}

// progress turns the event stream into the lines a person reads: one line
// per finished package, the whole output of each failed test, and a
// heartbeat naming the packages still running. It does no I/O: Event and
// Tick return the lines to print.
type progress struct {
	module  string // trimmed from package paths
	running map[string]*pkgState
	failed  bool
	// counts for the summary
	ok, fail, skip int
}

func newProgress(module string) *progress {
	return &progress{module: module, running: map[string]*pkgState{}}
}

// name shortens a package path for display.
func (p *progress) name(pkg string) string {
	if s, ok := strings.CutPrefix(pkg, p.module+"/"); ok {
		return s
	}
	if pkg == p.module {
		return "."
	}
	return pkg
}

func (p *progress) state(pkg string, at time.Time) *pkgState {
	s := p.running[pkg]
	if s == nil {
		s = &pkgState{started: at, tests: map[string][]string{}}
		p.running[pkg] = s
	}
	return s
}

// Event folds one event and returns what to print.
func (p *progress) Event(e Event) []string {
	switch e.Action {
	case "build-output":
		return []string{strings.TrimRight(e.Output, "\n")}
	case "build-fail":
		p.failed = true
		return nil
	}
	if e.Package == "" {
		return nil
	}
	s := p.state(e.Package, e.Time)
	if e.Test != "" {
		switch e.Action {
		case "output":
			s.tests[e.Test] = append(s.tests[e.Test], strings.TrimRight(e.Output, "\n"))
		case "pass", "skip":
			if e.Action == "pass" {
				s.passed++
			}
			delete(s.tests, e.Test)
		case "fail":
			s.fails++
			p.failed = true
			out := s.tests[e.Test]
			delete(s.tests, e.Test)
			return append([]string{"--- FAIL " + p.name(e.Package) + " " + e.Test}, out...)
		}
		return nil
	}
	switch e.Action {
	case "output":
		s.output = append(s.output, strings.TrimRight(e.Output, "\n"))
	case "pass", "fail", "skip":
		delete(p.running, e.Package)
		return p.finished(e, s)
	}
	return nil
}

// finished is the line of a package that ended.
func (p *progress) finished(e Event, s *pkgState) []string {
	switch e.Action {
	case "skip":
		p.skip++
		return []string{fmt.Sprintf("?     %s  [no tests]", p.name(e.Package))}
	case "pass":
		p.ok++
		return []string{fmt.Sprintf("ok    %s  %.1fs  (%d %s)", p.name(e.Package), e.Elapsed, s.passed, plural(s.passed, "test", "tests"))}
	}
	p.fail++
	p.failed = true
	var out []string
	if s.fails == 0 { // a build error, a panic, a timeout: the package's own output says which
		out = append(out, s.output...)
		for _, name := range slices.Sorted(maps.Keys(s.tests)) { // and what the tests running then had said
			out = append(out, s.tests[name]...)
		}
	}
	return append(out, fmt.Sprintf("FAIL  %s  %.1fs  (%d passed, %d failed)", p.name(e.Package), e.Elapsed, s.passed, s.fails))
}

// Tick returns the heartbeat at now: the packages still running, longest
// first, each with how long it has run and how many tests have passed.
func (p *progress) Tick(now time.Time) []string {
	if len(p.running) == 0 {
		return nil
	}
	pkgs := make([]string, 0, len(p.running))
	for k := range p.running {
		pkgs = append(pkgs, k)
	}
	slices.SortFunc(pkgs, func(a, b string) int { return p.running[a].started.Compare(p.running[b].started) })
	var parts []string
	for _, k := range pkgs {
		s := p.running[k]
		parts = append(parts, fmt.Sprintf("%s (%ds, %d passed)", p.name(k), int(now.Sub(s.started).Seconds()), s.passed))
	}
	return []string{"...   still running: " + strings.Join(parts, ", ")}
}

// Summary is the last line.
func (p *progress) Summary(elapsed time.Duration) string {
	word := "PASS"
	if p.failed {
		word = "FAIL"
	}
	return fmt.Sprintf("%s  %d packages ok, %d failed, %d without tests, in %s", word, p.ok, p.fail, p.skip, elapsed.Round(time.Second))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
