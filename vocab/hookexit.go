package vocab

import (
	"slices"
	"strconv"
	"strings"
)

var hookVerbs = []string{VerdictPass, VerdictBlock, VerdictWarn, VerdictDefer, VerdictObserve}

// ParseHookMap reads --map entries C=VERB (comma-separated, repeatable).
func ParseHookMap(vals []string) (map[int]string, error) {
	m := map[int]string{}
	for _, v := range vals {
		for _, e := range strings.Split(v, ",") {
			if strings.TrimSpace(e) == "" {
				continue
			}
			c, verb, ok := strings.Cut(e, "=")
			code, err := strconv.Atoi(strings.TrimSpace(c))
			verb = strings.ToUpper(strings.TrimSpace(verb))
			if !ok || err != nil {
				return nil, Usagef("--map %q: write CODE=VERB, e.g. 3=DEFER", e)
			}
			if !slices.Contains(hookVerbs, verb) {
				return nil, Usagef("--map %q: VERB must be one of %s", e, strings.Join(hookVerbs, ", "))
			}
			if prev, dup := m[code]; dup && prev != verb {
				return nil, Usagef("--map maps code %d twice (%s and %s)", code, prev, verb)
			}
			m[code] = verb
		}
	}
	return m, nil
}

// HookMapDetail renders a hook map for a record's detail.
func HookMapDetail(m map[int]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strconv.Itoa(k)] = v
	}
	return out
}

// ClassifyHookExit maps a shell hook's exit code to an intervention: a
// mapped code → its verb (an explicit 0=BLOCK is honoured); 0 → PASS;
// 2 → BLOCK; anything else → WARN.
func ClassifyHookExit(code int, m map[int]string) Verdict {
	if v, ok := m[code]; ok {
		return Verdictf(v, ReasonMapped, "exit %d is mapped to %s", code, v)
	}
	switch code {
	case 0:
		return Verdictf(VerdictPass, ReasonExitZero, "exit 0: the hook passed")
	case 2:
		return Verdictf(VerdictBlock, ReasonExitTwo, "exit 2: the hook blocks")
	}
	return Verdictf(VerdictWarn, ReasonUnmapped, "exit %d is neither 0 nor 2 nor mapped: warn", code)
}
