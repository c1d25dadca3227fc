package journal

import (
	"bytes"
	"encoding/binary"
)

// plainASCII reports whether b holds only printable ASCII without '\\': then
// no JSON string in it has an escape and every string ends at the next '"'.
// It checks eight bytes at a time.
func plainASCII(b []byte) bool {
	const lo, hi, bs = 0x2020202020202020, 0x8080808080808080, 0x5c5c5c5c5c5c5c5c
	const ones = 0x0101010101010101
	// A word is plain when no byte has its top bit set, none is below 0x20
	// and none equals '\\' (the classic has-zero-byte trick on w^bs).
	bad := func(w uint64) uint64 { return w | (w - lo) | ((w ^ bs) - ones) }
	for len(b) >= 16 {
		if (bad(binary.LittleEndian.Uint64(b))|bad(binary.LittleEndian.Uint64(b[8:])))&hi != 0 {
			return false
		}
		b = b[16:]
	}
	for len(b) >= 8 {
		if bad(binary.LittleEndian.Uint64(b))&hi != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x80 || c == '\\' {
			return false
		}
	}
	return true
}

// fastDecode decodes a line in exactly the form the writer produces
// (members in order, no whitespace, no escapes). It returns false without
// side effects worth keeping when the line is in any other form; the general
// decoder then takes it.
func (d *decoder) fastDecode(line []byte, r *Record) bool {
	d.buf, d.pos, d.nLater = line, 0, 0
	if !d.lit(`{"v":`) {
		return false
	}
	n, err := d.uint()
	if err != nil || n != Version {
		return false
	}
	r.V = Version
	if !d.lit(`,"seq":`) {
		return false
	}
	if r.Seq, err = d.uint(); err != nil || r.Seq == 0 {
		return false
	}
	if !d.lit(`,"id":"`) || !d.fastUnique(&r.ID) {
		return false
	}
	if !d.lit(`,"ts":"`) || len(line)-d.pos < len(tsLayout)+1 || line[d.pos+len(tsLayout)] != '"' {
		return false
	}
	if r.TS, err = d.parseTS(line[d.pos : d.pos+len(tsLayout)]); err != nil {
		return false
	}
	d.pos += len(tsLayout) + 1
	if !d.lit(`,"kind":"`) || !d.fastCommon(&r.Kind, fKind) ||
		!d.lit(`,"syscall":"`) || !d.fastCommon(&r.Syscall, fSyscall) ||
		!d.lit(`,"verdict":"`) || !d.fastCommon(&r.Verdict, fVerdict) ||
		!d.lit(`,"run_id":"`) || !d.fastUnique(&r.RunID) {
		return false
	}
	if d.lit(`,"parent_run_id":"`) && !d.fastUnique(&r.ParentRunID) {
		return false
	}
	if d.lit(`,"lane":"`) && !d.fastCommon(&r.Lane, fLane) {
		return false
	}
	if d.lit(`,"subject":"`) && !d.fastUnique(&r.Subject) {
		return false
	}
	if d.lit(`,"host":"`) && !d.fastCommon(&r.Host, fHost) {
		return false
	}
	if d.lit(`,"source":"`) && !d.fastCommon(&r.Source, fSource) {
		return false
	}
	if !d.lit(`,"detail":{`) {
		return false
	}
	start := d.pos - 1
	d.pos = start
	if !d.skipPlain() {
		return false
	}
	d.later[d.nLater] = deferred{detail: &r.Detail, start: start, end: d.pos}
	d.nLater++
	if !d.lit(`,"hash":"`) || !d.fastUnique(&r.Hash) || !d.lit(`}`) || d.pos != len(line) {
		return false
	}
	d.buildLater()
	return true
}

// lit consumes s if the input continues with it.
func (d *decoder) lit(s string) bool {
	if len(d.buf)-d.pos >= len(s) && string(d.buf[d.pos:d.pos+len(s)]) == s {
		d.pos += len(s)
		return true
	}
	return false
}

// fastString steps over the rest of an escape-free string whose opening
// quote is consumed.
func (d *decoder) fastString() ([]byte, bool) {
	i := bytes.IndexByte(d.buf[d.pos:], '"')
	if i < 0 {
		return nil, false
	}
	s := d.buf[d.pos : d.pos+i]
	d.pos += i + 1
	return s, true
}

func (d *decoder) fastUnique(dst *string) bool {
	start := d.pos
	s, ok := d.fastString()
	if !ok {
		return false
	}
	if d.nLater == len(d.later) {
		*dst = string(s)
		return true
	}
	d.later[d.nLater] = deferred{dst: dst, start: start, end: start + len(s)}
	d.nLater++
	return true
}

func (d *decoder) fastCommon(dst *string, field int) bool {
	s, ok := d.fastString()
	if !ok {
		return false
	}
	if string(s) == d.last[field] {
		*dst = d.last[field]
	} else {
		*dst = d.interned(s)
		d.last[field] = *dst
	}
	return true
}

// skipPlain validates and steps over the compact, escape-free JSON value at
// the cursor, iteratively. It accepts no whitespace: anything else makes the
// fast path give the line to the general decoder.
func (d *decoder) skipPlain() bool {
	var stack [maxDepth]byte
	sp := 0
	for {
		// a value
		switch c := d.peek(); {
		case c == '{' || c == '[':
			d.pos++
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			if d.eat(closer) {
				break
			}
			if sp == len(stack) {
				return false
			}
			stack[sp] = closer
			sp++
			if closer == '}' && !d.plainKey() {
				return false
			}
			continue
		case c == '"':
			d.pos++
			if _, ok := d.fastString(); !ok {
				return false
			}
		case c == '-' || (c >= '0' && c <= '9'):
			if d.number() != nil {
				return false
			}
		case d.lit("true"), d.lit("false"), d.lit("null"):
		default:
			return false
		}
		// after a value: close containers, or go on to the next member
		for {
			if sp == 0 {
				return true
			}
			if d.eat(',') {
				if stack[sp-1] == '}' && !d.plainKey() {
					return false
				}
				break
			}
			if !d.eat(stack[sp-1]) {
				return false
			}
			sp--
		}
	}
}

// plainKey steps over `"key":`.
func (d *decoder) plainKey() bool {
	if !d.eat('"') {
		return false
	}
	if _, ok := d.fastString(); !ok {
		return false
	}
	return d.eat(':')
}
