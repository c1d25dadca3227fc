package vocab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Token usage as hosts report it. Two shapes exist:
//
//	additive   input_tokens + output_tokens + cache_read_input_tokens +
//	           cache_creation_input_tokens (each counted once)
//	inclusive  prompt_tokens + completion_tokens, with *_details breaking
//	           those down (cached_tokens ⊆ prompt, reasoning_tokens ⊆
//	           completion) and total_tokens = prompt + completion
//
// A document mixing the two, or whose parts disagree, is refused: a wrong
// token count would make a wasteful run look efficient.

// Usage is the tokens a usage document adds up to.
type Usage struct {
	Shape  string // additive | inclusive
	Tokens int64
}

var (
	additiveKeys  = []string{"input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"}
	inclusiveKeys = []string{"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details", "completion_tokens_details"}
)

// ParseUsage reads one usage object (or an object holding it under
// "usage") and returns its total tokens.
func ParseUsage(b []byte) (Usage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(b), &m); err != nil || m == nil {
		return Usage{}, Usagef("--usage-json: not a JSON object")
	}
	if inner, ok := m["usage"]; ok && !hasAny(m, additiveKeys) && !hasAny(m, inclusiveKeys) {
		m = nil
		if err := json.Unmarshal(inner, &m); err != nil || m == nil {
			return Usage{}, Usagef("--usage-json: \"usage\" is not a JSON object")
		}
	}
	add, inc := hasAny(m, additiveKeys), hasAny(m, inclusiveKeys)
	switch {
	case add && inc:
		return Usage{}, Usagef("--usage-json mixes the additive (input_tokens, …) and inclusive (prompt_tokens, …) shapes")
	case add:
		var sum int64
		for _, k := range additiveKeys {
			n, err := count(m, k)
			if err != nil {
				return Usage{}, err
			}
			sum += n
		}
		return Usage{Shape: "additive", Tokens: sum}, nil
	case inc:
		return parseInclusive(m)
	}
	return Usage{}, Usagef("--usage-json has neither input_tokens/output_tokens nor prompt_tokens/completion_tokens")
}

func parseInclusive(m map[string]json.RawMessage) (Usage, error) {
	prompt, err := count(m, "prompt_tokens")
	if err != nil {
		return Usage{}, err
	}
	completion, err := count(m, "completion_tokens")
	if err != nil {
		return Usage{}, err
	}
	if _, ok := m["total_tokens"]; ok {
		total, err := count(m, "total_tokens")
		if err != nil {
			return Usage{}, err
		}
		if total != prompt+completion {
			return Usage{}, Usagef("--usage-json is inconsistent: total_tokens %d ≠ prompt_tokens %d + completion_tokens %d", total, prompt, completion)
		}
	}
	for _, d := range []struct {
		key    string
		parent int64
		name   string
	}{{"prompt_tokens_details", prompt, "prompt_tokens"}, {"completion_tokens_details", completion, "completion_tokens"}} {
		raw, ok := m[d.key]
		if !ok || string(raw) == "null" {
			continue
		}
		var parts map[string]json.RawMessage
		if err := json.Unmarshal(raw, &parts); err != nil {
			return Usage{}, Usagef("--usage-json: %s is not an object", d.key)
		}
		for _, k := range slices.Sorted(maps.Keys(parts)) {
			n, err := count(parts, k)
			if err != nil {
				return Usage{}, Usagef("--usage-json: %s.%s: %v", d.key, k, err)
			}
			if n > d.parent {
				return Usage{}, Usagef("--usage-json is inconsistent: %s.%s %d exceeds %s %d", d.key, k, n, d.name, d.parent)
			}
		}
	}
	return Usage{Shape: "inclusive", Tokens: prompt + completion}, nil
}

func hasAny(m map[string]json.RawMessage, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// count reads a non-negative integer member; absent or null is 0.
func count(m map[string]json.RawMessage, k string) (int64, error) {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return 0, nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil || n < 0 {
		return 0, Usagef("--usage-json: %s must be a non-negative integer, got %s", k, truncRaw(raw))
	}
	return n, nil
}

func truncRaw(b []byte) string {
	if len(b) > 20 {
		return fmt.Sprintf("%s…", b[:20])
	}
	return string(b)
}
