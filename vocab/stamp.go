package vocab

import "strings"

// The ship-stamp grammar: which commit subjects ship PLAN PHASE. A plain
// parameter struct, so the workspace's dos.toml [stamp] table becomes one
// value handed in; DefaultStampGrammar is the generic convention.

// StampGrammar is the [stamp] keys the verdicts read.
type StampGrammar struct {
	// SubjectDirs, when set, requires one of these dirs and '/' before the
	// stamp and turns the glued form off; empty allows one optional
	// leading path segment ("src/AUTH: AUTH6").
	SubjectDirs []string
	// BookkeepingPrefixes: subjects starting so never ship.
	BookkeepingPrefixes []string
	// ProgressMarkers: "<PHASE> <marker>" is progress, not a ship.
	ProgressMarkers []string
	// InfraBasenames are shared files the file-path rung never counts alone.
	InfraBasenames []string
}

// DefaultStampGrammar is the generic convention: no required dirs, no
// declared bookkeeping or markers, the reference's shared-infra names.
func DefaultStampGrammar() StampGrammar {
	return StampGrammar{InfraBasenames: strings.Fields("config.py __init__.py settings.py constants.py cli.py conftest.py pyproject.toml setup.py setup.cfg go.mod go.sum package.json Makefile")}
}

// GrammarOf is the grammar a workspace's [stamp] table (dos.toml,
// config.Load) declares: its lists over the generic default, which keeps
// the reference's shared-infra names when none are declared.
func GrammarOf(s Stamp) StampGrammar {
	g := DefaultStampGrammar()
	g.SubjectDirs, g.BookkeepingPrefixes, g.ProgressMarkers = s.SubjectDirs, s.BookkeepingPrefixes, s.ProgressMarkers
	if len(s.InfraBasenames) > 0 {
		g.InfraBasenames = s.InfraBasenames
	}
	return g
}

// CheckPhase accepts a phase token (AUTH1), a bare number (the numeric
// shorthand: verify AUTH 1) or "Phase N".
func CheckPhase(phase string) error {
	if ValidToken(phase) || allDigits(phase) && len(phase) <= 20 {
		return nil
	}
	if n, ok := phaseNumber(phase); ok && n != "" {
		return nil
	}
	return Usagef("phase %q is not a phase: a token (AUTH1), a number (1) or \"Phase N\"", phase)
}

// phaseNumber reads "Phase N" / "PhaseN" (any case): N.
func phaseNumber(s string) (string, bool) {
	low := strings.ToLower(s)
	if !strings.HasPrefix(low, "phase") {
		return "", false
	}
	n := strings.TrimSpace(low[len("phase"):])
	if n == "" || strings.Trim(n, "0123456789.") != "" {
		return "", false
	}
	return n, true
}

// StampVariants is every spelling of phase a subject may carry: as given,
// ' ↔ prime, "Phase N" ↔ PLAN N ↔ PLANN, and a bare N as PLANN.
func StampVariants(plan, phase string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	add(phase)
	add(strings.ReplaceAll(phase, "'", "prime"))
	add(strings.ReplaceAll(phase, "prime", "'"))
	if n, ok := phaseNumber(phase); ok {
		add(plan + n)
		add(plan + " " + n)
		add("Phase " + n)
	}
	if plan != "" && len(phase) > len(plan) && strings.EqualFold(phase[:len(plan)], plan) {
		if n := phase[len(plan):]; allDigits(strings.ReplaceAll(n, ".", "")) {
			add("Phase " + n)
			add("Phase" + n)
		}
	}
	if allDigits(phase) && plan != "" {
		add(plan + phase)
	}
	return out
}

// StampNeedles are the strings one of which any stamping subject contains
// (git's fixed-string prefilter).
func StampNeedles(plan, phase string) []string { return StampVariants(plan, phase) }

// stampBoundary reports whether s[i:] starts where no [A-Za-z0-9.-]
// follows the match (the end of the token).
func stampBoundary(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	c := s[i]
	return !(isLetter(c) || isDigit(c) || c == '.' || c == '-')
}

func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

// IsBookkeeping reports a subject that never ships: "…snapshot:",
// "archive|rollup <8 digits>…", a vX.Y.Z: summary bundle, or a declared
// bookkeeping prefix.
func IsBookkeeping(subject string, g StampGrammar) bool {
	low := strings.ToLower(strings.TrimSpace(subject))
	head, _, ok := strings.Cut(low, ":")
	if ok && (strings.HasSuffix(head, "snapshot") || strings.Contains(head, " snapshot")) {
		return true
	}
	if ok && len(head) > 1 && head[0] == 'v' && strings.Count(head, ".") == 2 && strings.Trim(head[1:], "0123456789.") == "" {
		return true
	}
	for _, w := range []string{"archive ", "rollup "} {
		if i := strings.Index(low, w); i >= 0 && i < 30 {
			rest := low[i+len(w):]
			if len(rest) >= 8 && allDigits(rest[:8]) {
				return true
			}
		}
	}
	for _, p := range g.BookkeepingPrefixes {
		if p != "" && strings.HasPrefix(low, strings.ToLower(p)) {
			return true
		}
	}
	return false
}

// MatchStamp reports whether subject ships plan phase under g. Two forms,
// case-insensitive, anchored at the start, each after an optional "seg/"
// (one of SubjectDirs when set, which also turns the glued form off):
//
//	prefixed: PLAN[:] <blank> P⟂   "AUTH: AUTH2 …", "src/AUTH: AUTH6", "AUTH 14 …"
//	glued:    [PLAN]P:             "AUTH2: …", "src/AUTH2: …", "1: …" for phase 1
//
// where P is a variant of the phase and ⟂ means no [A-Za-z0-9.-] follows.
// Bookkeeping subjects and "P <progress marker>" never ship.
func MatchStamp(subject, plan, phase string, g StampGrammar) bool {
	s := strings.TrimLeft(subject, " \t")
	if IsBookkeeping(s, g) {
		return false
	}
	glued := len(g.SubjectDirs) == 0
	if len(g.SubjectDirs) > 0 {
		ok := false
		for _, d := range g.SubjectDirs {
			if d = strings.TrimSuffix(d, "/") + "/"; hasPrefixFold(s, d) {
				s, ok = s[len(d):], true
				break
			}
		}
		if !ok {
			return false
		}
	} else if i := strings.IndexByte(s, '/'); i > 0 && i < len(s)-1 && !strings.ContainsAny(s[:i], " \t:") {
		if seg := s[:i]; isLetter(seg[0]) || isDigit(seg[0]) || seg[0] == '_' {
			if matchForms(s[i+1:], plan, phase, glued, g) {
				return true
			}
		}
	}
	return matchForms(s, plan, phase, glued, g)
}

func matchForms(s, plan, phase string, glued bool, g StampGrammar) bool {
	for _, p := range StampVariants(plan, phase) {
		if plan != "" && hasPrefixFold(s, plan) {
			rest := s[len(plan):]
			rest = strings.TrimPrefix(rest, ":")
			if t := strings.TrimLeft(rest, " \t"); len(t) < len(rest) && hasPrefixFold(t, p) && stampBoundary(t, len(p)) && !progress(t[len(p):], g) {
				return true
			}
		}
		if !glued {
			continue
		}
		for _, lead := range []string{"", plan} {
			t := s
			if lead != "" {
				if !hasPrefixFold(t, lead) {
					continue
				}
				t = t[len(lead):]
			}
			if hasPrefixFold(t, p) && len(t) > len(p) && t[len(p)] == ':' {
				return true
			}
		}
	}
	return false
}

// progress reports "<blank><marker>" after the phase: a progress note.
func progress(after string, g StampGrammar) bool {
	t := strings.TrimLeft(after, " \t")
	if len(t) == len(after) {
		return false
	}
	for _, m := range g.ProgressMarkers {
		if m != "" && hasPrefixFold(t, m) && stampBoundary(t, len(m)) {
			return true
		}
	}
	return false
}
