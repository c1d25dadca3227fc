package vocab

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseRegistry reads the rows of recently_completed from an
// execution-state file (dos.state.yaml): a block sequence of mappings of
// scalars, the only shape the registry rung reads. It is hand-written, not
// a YAML library, because every verdict's process links this package and
// the lean dos binary keeps YAML out (a test in internal/cli holds it to
// that); any other shape under the key is an error, which the rung counts
// as an empty registry.
func ParseRegistry(b []byte) ([]map[string]string, error) {
	var rows []map[string]string
	in := false
	indent := -1
	var cur map[string]string
	for n, raw := range strings.Split(string(b), "\n") {
		line := stripComment(strings.TrimRight(raw, "\r"))
		if strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "---" {
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " "))
		text := strings.TrimSpace(line)
		if lead == 0 {
			if cur != nil {
				rows, cur = append(rows, cur), nil
			}
			k, v, ok := strings.Cut(text, ":")
			in = ok && strings.TrimSpace(k) == "recently_completed"
			if in && strings.TrimSpace(v) != "" && strings.TrimSpace(v) != "[]" {
				return nil, fmt.Errorf("line %d: recently_completed must be a block list", n+1)
			}
			continue
		}
		if !in {
			continue
		}
		if strings.HasPrefix(text, "- ") || text == "-" {
			if indent >= 0 && lead != indent {
				return nil, fmt.Errorf("line %d: inconsistent indentation", n+1)
			}
			indent = lead
			if cur != nil {
				rows = append(rows, cur)
			}
			cur = map[string]string{}
			text = strings.TrimSpace(strings.TrimPrefix(text, "-"))
			if text == "" {
				continue
			}
		} else if cur == nil || lead <= indent {
			return nil, fmt.Errorf("line %d: expected a list item", n+1)
		}
		k, v, ok := strings.Cut(text, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: expected key: value", n+1)
		}
		val, err := yamlScalar(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
		cur[strings.TrimSpace(k)] = val
	}
	if cur != nil {
		rows = append(rows, cur)
	}
	return rows, nil
}

// stripComment drops a " #…" comment outside quotes.
func stripComment(s string) string {
	q := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

// yamlScalar reads a plain, single- or double-quoted scalar.
func yamlScalar(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, `"`):
		return strconv.Unquote(v)
	case strings.HasPrefix(v, "'"):
		if len(v) < 2 || !strings.HasSuffix(v, "'") {
			return "", fmt.Errorf("unterminated quote")
		}
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), nil
	case strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") || v == "|" || v == ">":
		return "", fmt.Errorf("only scalar values are read")
	}
	return v, nil
}
