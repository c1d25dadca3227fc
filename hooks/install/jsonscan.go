package install

import (
	"bytes"
	"encoding/json"
	"strings"
)

// A small scanner over valid JSON bytes: where each value of an object or
// array starts and ends, the file's indentation, and in-place edits — what
// the merge needs to splice without re-encoding the user's document.

// span is one JSON value's bytes [start, end).
type span struct{ start, end int }

// member is one object member: its key and its value's span.
type member struct {
	key string
	val span
}

// skipWS returns the index of the first non-space byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the end of the (valid) JSON value starting at i.
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = valueEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[j])) {
		j++
	}
	return j
}

// members lists the members of the object at b[i] ('{') and returns the
// index of its closing '}'.
func members(b []byte, i int) ([]member, int) {
	var out []member
	j := skipWS(b, i+1)
	for j < len(b) && b[j] != '}' {
		kEnd := valueEnd(b, j)
		var key string
		_ = json.Unmarshal(b[j:kEnd], &key)
		v := skipWS(b, skipWS(b, kEnd)+1) // past ':'
		vEnd := valueEnd(b, v)
		out = append(out, member{key, span{v, vEnd}})
		j = skipWS(b, vEnd)
		if j < len(b) && b[j] == ',' {
			j = skipWS(b, j+1)
		}
	}
	return out, j
}

// elements lists the elements of the array at b[i] ('[') and returns the
// index of its closing ']'.
func elements(b []byte, i int) ([]span, int) {
	var out []span
	j := skipWS(b, i+1)
	for j < len(b) && b[j] != ']' {
		end := valueEnd(b, j)
		out = append(out, span{j, end})
		j = skipWS(b, end)
		if j < len(b) && b[j] == ',' {
			j = skipWS(b, j+1)
		}
	}
	return out, j
}

// indentUnit is the file's indentation step: the whitespace before the
// top-level object's first key on its own line, else two spaces.
func indentUnit(b []byte, obj int) string {
	j := obj + 1
	nl := bytes.IndexByte(b[j:], '\n')
	if nl < 0 {
		return "  "
	}
	k := j + nl + 1
	e := k
	for e < len(b) && (b[e] == ' ' || b[e] == '\t') {
		e++
	}
	if e == k || e >= len(b) || b[e] != '"' {
		return "  "
	}
	return string(b[k:e])
}

// edit is one insertion or replacement of b[at:to] by text.
type edit struct {
	at, to int
	text   string
}

func apply(b []byte, edits []edit) []byte {
	// Edits never overlap; apply from the end so offsets stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		for j := 0; j < i; j++ {
			if edits[j].at > edits[i].at {
				edits[i], edits[j] = edits[j], edits[i]
			}
		}
	}
	out := append([]byte(nil), b...)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		out = append(out[:e.at], append([]byte(e.text), out[e.to:]...)...)
	}
	return out
}

// encode renders v indented by unit, its first line at depth.
func encode(v any, unit string, depth int) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(strings.Repeat(unit, depth), unit)
	_ = enc.Encode(v)
	return strings.TrimRight(buf.String(), "\n")
}
