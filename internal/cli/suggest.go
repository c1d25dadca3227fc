package cli

import "strings"

// Typos must not succeed silently: a flag value that names a token of the
// vocabulary (a verdict, a syscall, a --by dimension) is matched without
// regard to case, and a near miss is refused with the closest names.

// MatchToken finds v in allowed, case-insensitively, and returns it as the
// vocabulary spells it. A value that matches nothing is a usage error
// naming the flag and, when some are close, what was meant.
func MatchToken(flag, v string, allowed []string) (string, error) {
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a, nil
		}
	}
	if near := Suggest(v, allowed); len(near) > 0 {
		return "", UsageErrorf("--%s %q is not one dos knows; did you mean %s?", flag, v, strings.Join(near, " or "))
	}
	if len(allowed) <= 8 {
		return "", UsageErrorf("--%s %q: must be one of %s", flag, v, strings.Join(allowed, ", "))
	}
	return "", UsageErrorf("--%s %q is not one dos knows; `dos exit-codes` lists them", flag, v)
}

// OneOf checks a flag value against its allowed set (case aside).
func OneOf(flag, v string, allowed ...string) error {
	_, err := MatchToken(flag, v, allowed)
	return err
}

// Suggest returns the names in candidates within a small edit distance of
// v (case aside), closest first, at most three.
func Suggest(v string, candidates []string) []string {
	lv := strings.ToLower(v)
	limit := max(2, len(lv)/3)
	type hit struct {
		s string
		d int
	}
	var hits []hit
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(lv, lc)
		if d <= limit || (len(lv) >= 3 && strings.HasPrefix(lc, lv)) {
			hits = append(hits, hit{c, d})
		}
	}
	for i := 1; i < len(hits); i++ { // insertion sort: a handful of names
		for j := i; j > 0 && hits[j].d < hits[j-1].d; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	var out []string
	for _, h := range hits[:min(len(hits), 3)] {
		out = append(out, h.s)
	}
	return out
}

// distance is the Levenshtein distance between a and b, by bytes (the
// names compared are ASCII tokens). Kept here rather than a dependency:
// it is ten lines, and cobra's own is unexported.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
