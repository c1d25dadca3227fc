package exporters

import (
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The detail fast path. DetailAttributes' reference is encoding/json:
// decode into a map[string]any (numbers as json.Number), then flatten with
// keys sorted at each level. detailWalker computes the same flattening in
// one pass over the text the journal's reader already holds: no map, no
// reflection, and string values are substrings of the detail (no copy)
// unless they carry escapes. It takes the compact JSON json.Marshal writes,
// members in any order (the kernel's details are structs, in field order),
// with nested objects, arrays and escapes. Anything else — whitespace
// between tokens, a duplicate key, invalid JSON, nesting deeper than
// maxDetailDepth — makes it give up (ok false) and the reference path
// decides; the differential test and fuzz target in otlp_detail_test.go
// hold the two to the same output.

// maxDetailDepth bounds the walker's recursion; deeper details take the
// reference path.
const maxDetailDepth = 32

// dvKind is the kind of a flattened value.
type dvKind uint8

const (
	dvString dvKind = iota
	dvText          // an object inside an array: its JSON text, w.texts[first:first+count]
	dvInt
	dvFloat
	dvBool
	dvSlice // elements w.elems[first:first+count]
)

// dval is one flattened value.
type dval struct {
	kind         dvKind
	s            string
	n            int64 // dvInt; dvBool: 1 for true
	f            float64
	first, count int32
}

// dleaf is one flattened attribute: its key is w.keys[k0:k1] (the whole
// key, the prefix included).
type dleaf struct {
	k0, k1 int32
	val    dval
}

// dmember is an object member while its level is sorted: its leaves are
// w.leaves[l0:l1] in the order they were parsed (none for null, several
// for an object).
type dmember struct {
	key    string
	l0, l1 int32
}

// cmember is a member of an object inside an array while its JSON text
// is sorted: its value's text is at [start:end] of the text being built.
type cmember struct {
	key        string
	start, end int
}

// detailWalker holds the scratch of one flattening; reusing a walker
// across records makes flattening allocation-free.
type detailWalker struct {
	s      string
	path   []byte // the key prefix of the object being flattened
	keys   []byte // the leaves' keys, one after another
	leaves []dleaf
	elems  []dval
	texts  []byte    // the JSON text of objects inside arrays
	tmp    []dval    // array elements being parsed, copied to elems when the array ends
	mem    []dmember // members of the levels being sorted
	ltmp   []dleaf   // a level's leaves while they are put in key order
	cmem   []cmember
	cbuf   []byte
}

// walk flattens detail d under prefix; ok is false when the reference path
// must decide. The leaves are valid until the next walk.
func (w *detailWalker) walk(prefix, d string) bool {
	w.s = d
	w.path = append(w.path[:0], prefix...)
	w.keys, w.texts = w.keys[:0], w.texts[:0]
	w.leaves, w.elems, w.tmp, w.mem, w.cmem = w.leaves[:0], w.elems[:0], w.tmp[:0], w.mem[:0], w.cmem[:0]
	if len(d) < 2 || d[0] != '{' {
		return false
	}
	end, ok := w.object(0, 0)
	return ok && end == len(d)
}

// key returns leaf l's key.
func (w *detailWalker) key(l dleaf) []byte { return w.keys[l.k0:l.k1] }

// text returns a dvText value's JSON text.
func (w *detailWalker) text(v dval) []byte { return w.texts[v.first : v.first+v.count] }

// object flattens the object at s[i] under the key prefix w.path (which it
// leaves as it found), returning the offset after it. Each member is
// flattened as it is parsed; then the level's leaves are put in key order.
func (w *detailWalker) object(i, depth int) (int, bool) {
	s := w.s
	if depth > maxDetailDepth {
		return 0, false
	}
	i++ // '{'
	base, leafBase := len(w.mem), len(w.leaves)
	defer func() { w.mem = w.mem[:base] }()
	if i < len(s) && s[i] == '}' {
		return i + 1, true
	}
	plen := len(w.path)
	for {
		if i >= len(s) || s[i] != '"' {
			return 0, false
		}
		key, next, ok := w.str(i)
		if !ok || next+1 >= len(s) || s[next] != ':' {
			return 0, false
		}
		i = next + 1
		l0 := len(w.leaves)
		switch s[i] {
		case '{':
			w.path = append(append(w.path, '.'), key...)
			i, ok = w.object(i, depth+1)
			w.path = w.path[:plen]
		case 'n':
			if ok = len(s)-i >= 4 && s[i:i+4] == "null"; ok {
				i += 4
			}
		default:
			var v dval
			if v, i, ok = w.value(i, depth+1); ok {
				k0 := len(w.keys)
				w.keys = append(append(append(w.keys, w.path...), '.'), key...)
				w.leaves = append(w.leaves, dleaf{k0: int32(k0), k1: int32(len(w.keys)), val: v})
			}
		}
		if !ok || i >= len(s) {
			return 0, false
		}
		w.mem = append(w.mem, dmember{key: key, l0: int32(l0), l1: int32(len(w.leaves))})
		if s[i] == '}' {
			i++
			break
		}
		if s[i] != ',' {
			return 0, false
		}
		i++
	}
	mem := w.mem[base:]
	sorted := true
	for a := 1; a < len(mem); a++ {
		for b := a; b > 0 && mem[b].key <= mem[b-1].key; b-- {
			if mem[b].key == mem[b-1].key {
				return 0, false // the reference keeps the last; leave that to it
			}
			mem[b], mem[b-1] = mem[b-1], mem[b]
			sorted = false
		}
	}
	if !sorted {
		w.ltmp = append(w.ltmp[:0], w.leaves[leafBase:]...)
		at := leafBase
		for _, m := range mem {
			at += copy(w.leaves[at:], w.ltmp[int(m.l0)-leafBase:int(m.l1)-leafBase])
		}
	}
	return i, true
}

// value parses a string, number, boolean or array at s[i] (not null, not
// an object member's object).
func (w *detailWalker) value(i, depth int) (dval, int, bool) {
	s := w.s
	switch c := s[i]; {
	case c == '"':
		v, next, ok := w.str(i)
		return dval{kind: dvString, s: v}, next, ok
	case c == '-' || c >= '0' && c <= '9':
		end, ok := scanNumber(s, i)
		if !ok {
			return dval{}, 0, false
		}
		lit := s[i:end]
		if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return dval{kind: dvInt, n: n}, end, true
		}
		f, _ := strconv.ParseFloat(lit, 64)
		return dval{kind: dvFloat, f: f}, end, true
	case c == 't':
		if len(s)-i >= 4 && s[i:i+4] == "true" {
			return dval{kind: dvBool, n: 1}, i + 4, true
		}
	case c == 'f':
		if len(s)-i >= 5 && s[i:i+5] == "false" {
			return dval{kind: dvBool}, i + 5, true
		}
	case c == '[':
		return w.array(i, depth)
	}
	return dval{}, 0, false
}

// array parses the array at s[i]: nulls are left out, objects become
// their JSON text as json.Marshal writes it.
func (w *detailWalker) array(i, depth int) (dval, int, bool) {
	s := w.s
	if depth > maxDetailDepth {
		return dval{}, 0, false
	}
	i++ // '['
	base := len(w.tmp)
	defer func() { w.tmp = w.tmp[:base] }()
	if i < len(s) && s[i] == ']' {
		i++
	} else {
		for {
			if i >= len(s) {
				return dval{}, 0, false
			}
			switch s[i] {
			case 'n':
				if len(s)-i < 4 || s[i:i+4] != "null" {
					return dval{}, 0, false
				}
				i += 4
			case '{':
				t0 := len(w.texts)
				var ok bool
				if w.texts, i, ok = w.canon(w.texts, i, depth+1); !ok {
					return dval{}, 0, false
				}
				w.tmp = append(w.tmp, dval{kind: dvText, first: int32(t0), count: int32(len(w.texts) - t0)})
			default:
				v, next, ok := w.value(i, depth+1)
				if !ok {
					return dval{}, 0, false
				}
				w.tmp = append(w.tmp, v)
				i = next
			}
			if i >= len(s) {
				return dval{}, 0, false
			}
			if s[i] == ']' {
				i++
				break
			}
			if s[i] != ',' {
				return dval{}, 0, false
			}
			i++
		}
	}
	first := len(w.elems)
	w.elems = append(w.elems, w.tmp[base:]...)
	return dval{kind: dvSlice, first: int32(first), count: int32(len(w.elems) - first)}, i, true
}

// canon appends the value at s[i] as json.Marshal writes it after
// decoding into an any with json.Number: object keys sorted at every
// level, strings re-escaped with HTML escaping, numbers as written.
func (w *detailWalker) canon(dst []byte, i, depth int) ([]byte, int, bool) {
	s := w.s
	if depth > maxDetailDepth || i >= len(s) {
		return nil, 0, false
	}
	switch c := s[i]; {
	case c == '"':
		v, next, ok := w.str(i)
		return appendJSONString(dst, v), next, ok
	case c == '{':
		start, base := len(dst), len(w.cmem)
		defer func() { w.cmem = w.cmem[:base] }()
		i++
		if i < len(s) && s[i] == '}' {
			return append(dst, '{', '}'), i + 1, true
		}
		for {
			if i >= len(s) || s[i] != '"' {
				return nil, 0, false
			}
			key, next, ok := w.str(i)
			if !ok || next+1 >= len(s) || s[next] != ':' {
				return nil, 0, false
			}
			v := len(dst)
			if dst, i, ok = w.canon(dst, next+1, depth+1); !ok || i >= len(s) {
				return nil, 0, false
			}
			w.cmem = append(w.cmem, cmember{key: key, start: v, end: len(dst)})
			if s[i] == '}' {
				i++
				break
			}
			if s[i] != ',' {
				return nil, 0, false
			}
			i++
		}
		mem := w.cmem[base:]
		for a := 1; a < len(mem); a++ {
			for b := a; b > 0 && mem[b].key <= mem[b-1].key; b-- {
				if mem[b].key == mem[b-1].key {
					return nil, 0, false // duplicate key: the reference decides
				}
				mem[b], mem[b-1] = mem[b-1], mem[b]
			}
		}
		w.cbuf = append(w.cbuf[:0], '{')
		for k, m := range mem {
			if k > 0 {
				w.cbuf = append(w.cbuf, ',')
			}
			w.cbuf = append(append(appendJSONString(w.cbuf, m.key), ':'), dst[m.start:m.end]...)
		}
		w.cbuf = append(w.cbuf, '}')
		return append(dst[:start], w.cbuf...), i, true
	case c == '[':
		dst = append(dst, '[')
		i++
		if i < len(s) && s[i] == ']' {
			return append(dst, ']'), i + 1, true
		}
		for {
			var ok bool
			if dst, i, ok = w.canon(dst, i, depth+1); !ok || i >= len(s) {
				return nil, 0, false
			}
			if s[i] == ']' {
				return append(dst, ']'), i + 1, true
			}
			if s[i] != ',' {
				return nil, 0, false
			}
			dst = append(dst, ',')
			i++
		}
	case c == '-' || c >= '0' && c <= '9':
		end, ok := scanNumber(s, i)
		if !ok {
			return nil, 0, false
		}
		return append(dst, s[i:end]...), end, true
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(s)-i >= len(lit) && s[i:i+len(lit)] == lit {
			return append(dst, lit...), i + len(lit), true
		}
	}
	return nil, 0, false
}

// strSpecial marks the bytes str must look at: the quote, the backslash,
// control characters and the bytes of multi-byte UTF-8.
var strSpecial = func() (t [256]bool) {
	for c := range t {
		t[c] = c < ' ' || c == '"' || c == '\\' || c >= utf8.RuneSelf
	}
	return t
}()

// str decodes the JSON string at s[i] as encoding/json does (invalid
// UTF-8 and lone surrogates become U+FFFD): a substring of the detail when
// it has no escapes.
func (w *detailWalker) str(i int) (string, int, bool) {
	s := w.s
	start := i + 1 // after '"'
	for k := start; k < len(s); {
		for k < len(s) && !strSpecial[s[k]] {
			k++
		}
		if k >= len(s) {
			break
		}
		switch c := s[k]; {
		case c == '"':
			return s[start:k], k + 1, true
		case c == '\\':
			return unquoteFrom(s, start)
		case c < ' ':
			return "", 0, false
		default:
			r, size := utf8.DecodeRuneInString(s[k:])
			if r == utf8.RuneError && size == 1 {
				return unquoteFrom(s, start)
			}
			k += size
		}
	}
	return "", 0, false
}

// scanNumber returns the end of the JSON number at s[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return 0, false
		}
	}
	return i, true
}

// unquoteFrom decodes the string whose body starts at s[start] the slow
// way, as encoding/json's unquote does, returning it and the offset after
// its closing quote.
func unquoteFrom(s string, start int) (string, int, bool) {
	b := make([]byte, 0, 32)
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return string(b), i + 1, true
		case c < ' ':
			return "", 0, false
		case c == '\\':
			if i+1 >= len(s) {
				return "", 0, false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b, i = append(b, e), i+2
			case 'b':
				b, i = append(b, '\b'), i+2
			case 'f':
				b, i = append(b, '\f'), i+2
			case 'n':
				b, i = append(b, '\n'), i+2
			case 'r':
				b, i = append(b, '\r'), i+2
			case 't':
				b, i = append(b, '\t'), i+2
			case 'u':
				r := hex4(s, i+2)
				if r < 0 {
					return "", 0, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A valid pair is one rune; anything else is U+FFFD
					// (and whatever follows is decoded on its own).
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if r2 := hex4(s, i+2); r2 >= 0 {
							if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
								b, i = utf8.AppendRune(b, dec), i+6
								continue
							}
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", 0, false
			}
		case c < utf8.RuneSelf:
			b, i = append(b, c), i+1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b, i = utf8.AppendRune(b, r), i+size
		}
	}
	return "", 0, false
}

// hex4 reads the four hex digits at s[i], or -1.
func hex4(s string, i int) rune {
	if len(s)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// appendJSONString appends s quoted as encoding/json writes it with HTML
// escaping (json.Marshal's default): <, > and & as \u003c, \u003e, \u0026,
// control characters escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
}
