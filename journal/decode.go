package journal

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeError says why a complete line is not a record.
type decodeError struct {
	pos    int
	reason string
}

func (e *decodeError) Error() string {
	return fmt.Sprintf("%s at byte %d", e.reason, e.pos)
}

// versionError says a line was written by a newer schema version.
type versionError struct {
	seq uint64
	v   int
}

func (e *versionError) Error() string {
	return fmt.Sprintf("record version %d is newer than this build's %d", e.v, Version)
}

// maxInterned bounds the per-decoder table of repeated short strings.
const maxInterned = 4096

// maxDepth bounds nesting inside detail.
const maxDepth = 256

// decoder parses journal lines. It is hand-written because a read of a
// million records must run well over a million records a second; the
// encoding/json reflection path runs at a fraction of that. A decoder is not
// safe for concurrent use: it reuses a scratch buffer and an intern table.
type decoder struct {
	buf    []byte
	pos    int
	intern map[string]string
	scrat  []byte
	// last holds the previous value of each interned member: consecutive
	// records mostly repeat them, and a compare is cheaper than a lookup.
	last [internedFields]string
	// deferred unescaped strings of the record being decoded, built with a
	// single allocation once the line is parsed.
	later  [8]deferred
	nLater int
	sb     strings.Builder
	// the last timestamp's text up to the seconds, and its time: records
	// come in time order, so most share it.
	tsPrefix [19]byte
	tsSec    time.Time
	// skimming validates lines fully but builds none of the string members
	// (id, run_id, parent_run_id, subject, hash, detail): for Verify, which
	// needs only seq and the raw bytes.
	skimming bool
}

// deferred is a string member waiting to be built: its bytes are line[start:end].
type deferred struct {
	dst        *string
	detail     *Detail
	start, end int
}

// Interned members, indexes into decoder.last.
const (
	fKind = iota
	fSyscall
	fVerdict
	fLane
	fHost
	fSource
	internedFields
)

// stopByte marks the bytes that end the fast scan of a string.
var stopByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// member bits, to catch missing and repeated members.
const (
	mV = 1 << iota
	mSeq
	mID
	mTS
	mKind
	mSyscall
	mVerdict
	mRunID
	mParent
	mLane
	mSubject
	mHost
	mSource
	mDetail
	mHash
	mRequired = mV | mSeq | mID | mTS | mKind | mSyscall | mVerdict | mRunID | mDetail | mHash
)

var requiredNames = []struct {
	bit  int
	name string
}{{mV, "v"}, {mSeq, "seq"}, {mID, "id"}, {mTS, "ts"}, {mKind, "kind"}, {mSyscall, "syscall"},
	{mVerdict, "verdict"}, {mRunID, "run_id"}, {mDetail, "detail"}, {mHash, "hash"}}

func (d *decoder) fail(reason string) error {
	return &decodeError{pos: d.pos, reason: reason}
}

// decode parses line (without its newline) into r, overwriting every field.
func (d *decoder) decode(line []byte, r *Record) error {
	*r = Record{}
	if plainASCII(line) {
		if d.fastDecode(line, r) {
			return nil
		}
		*r = Record{}
	} else if !utf8.Valid(line) {
		d.buf, d.pos = line, 0
		return d.fail("invalid UTF-8")
	}
	d.buf, d.pos, d.nLater = line, 0, 0
	d.ws()
	if !d.eat('{') {
		return d.fail("line is not a JSON object")
	}
	seen := 0
	d.ws()
	if d.eat('}') {
		return d.fail("empty object")
	}
	for {
		d.ws()
		key, escaped, err := d.rawStr()
		if err != nil {
			return err
		}
		if escaped {
			key = []byte(string(key)) // rawStr's scratch is reused below
		}
		d.ws()
		if !d.eat(':') {
			return d.fail("expected ':'")
		}
		d.ws()
		bit, err := d.member(key, r)
		if err != nil {
			if r.V > Version {
				return &versionError{seq: r.Seq, v: r.V}
			}
			return err
		}
		if bit != 0 {
			if seen&bit != 0 {
				return d.fail("repeated member " + strconv.Quote(string(key)))
			}
			seen |= bit
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		if d.eat('}') {
			break
		}
		return d.fail("expected ',' or '}'")
	}
	d.ws()
	if d.pos != len(d.buf) {
		return d.fail("trailing bytes after the object")
	}
	d.buildLater()
	if seen&mV != 0 && r.V > Version {
		return &versionError{seq: r.Seq, v: r.V}
	}
	if seen&mRequired != mRequired {
		for _, m := range requiredNames {
			if seen&m.bit == 0 {
				return d.fail("missing member " + strconv.Quote(m.name))
			}
		}
	}
	if r.V < 1 {
		return d.fail("version must be at least 1")
	}
	if r.Seq == 0 {
		return d.fail("seq must be at least 1")
	}
	return nil
}

// member decodes the value of key into r and returns key's bit (0: unknown).
func (d *decoder) member(key []byte, r *Record) (int, error) {
	var err error
	switch string(key) {
	case "v":
		var n uint64
		n, err = d.uint()
		if n > 1<<31 {
			return 0, d.fail("version out of range")
		}
		r.V = int(n)
		return mV, err
	case "seq":
		r.Seq, err = d.uint()
		return mSeq, err
	case "id":
		return mID, d.unique(&r.ID)
	case "ts":
		start := d.pos
		raw, _, err := d.rawStr()
		if err != nil {
			return 0, err
		}
		if r.TS, err = d.parseTS(raw); err != nil {
			d.pos = start
			return 0, d.fail("ts is not RFC 3339")
		}
		return mTS, nil
	case "kind":
		return mKind, d.common(&r.Kind, fKind)
	case "syscall":
		return mSyscall, d.common(&r.Syscall, fSyscall)
	case "verdict":
		return mVerdict, d.common(&r.Verdict, fVerdict)
	case "run_id":
		return mRunID, d.unique(&r.RunID)
	case "parent_run_id":
		return mParent, d.unique(&r.ParentRunID)
	case "lane":
		return mLane, d.common(&r.Lane, fLane)
	case "subject":
		return mSubject, d.unique(&r.Subject)
	case "host":
		return mHost, d.common(&r.Host, fHost)
	case "source":
		return mSource, d.common(&r.Source, fSource)
	case "detail":
		if d.peek() != '{' {
			return 0, d.fail("detail is not an object")
		}
		start := d.pos
		if err = d.skip(0); err != nil {
			return 0, err
		}
		if !d.skimming {
			r.Detail = Detail(d.buf[start:d.pos])
		}
		return mDetail, nil
	case "hash":
		return mHash, d.unique(&r.Hash)
	}
	return 0, d.skip(0)
}

// unique decodes a string member that differs record to record. Unescaped
// ones are built later, all of a record's in one allocation.
func (d *decoder) unique(dst *string) error {
	raw, escaped, err := d.rawStr()
	if err != nil {
		return err
	}
	if d.skimming {
		return nil
	}
	if escaped || d.nLater == len(d.later) {
		*dst = string(raw)
		return nil
	}
	start := d.pos - 1 - len(raw)
	d.later[d.nLater] = deferred{dst: dst, start: start, end: start + len(raw)}
	d.nLater++
	return nil
}

// buildLater builds the deferred strings from one backing string.
func (d *decoder) buildLater() {
	if d.nLater == 0 || d.skimming {
		d.nLater = 0
		return
	}
	n := 0
	for _, l := range d.later[:d.nLater] {
		n += l.end - l.start
	}
	d.sb.Reset()
	d.sb.Grow(n)
	for _, l := range d.later[:d.nLater] {
		d.sb.Write(d.buf[l.start:l.end])
	}
	all := d.sb.String()
	off := 0
	for _, l := range d.later[:d.nLater] {
		v := all[off : off+l.end-l.start]
		if l.detail != nil {
			*l.detail = Detail(v)
		} else {
			*l.dst = v
		}
		off += l.end - l.start
	}
	d.nLater = 0
}

// common decodes a string member that repeats across records, sharing one
// copy of each value.
func (d *decoder) common(dst *string, field int) error {
	raw, _, err := d.rawStr()
	if err != nil {
		return err
	}
	if string(raw) == d.last[field] {
		*dst = d.last[field]
		return nil
	}
	*dst = d.interned(raw)
	d.last[field] = *dst
	return nil
}

func (d *decoder) ws() {
	for d.pos < len(d.buf) {
		switch d.buf[d.pos] {
		case ' ', '\t', '\r', '\n':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) peek() byte {
	if d.pos < len(d.buf) {
		return d.buf[d.pos]
	}
	return 0
}

func (d *decoder) eat(c byte) bool {
	if d.pos < len(d.buf) && d.buf[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// uint parses a non-negative JSON integer.
func (d *decoder) uint() (uint64, error) {
	start := d.pos
	var n uint64
	for d.pos < len(d.buf) && d.buf[d.pos] >= '0' && d.buf[d.pos] <= '9' {
		c := uint64(d.buf[d.pos] - '0')
		if n > (1<<64-1-c)/10 {
			return 0, d.fail("integer overflows uint64")
		}
		n = n*10 + c
		d.pos++
	}
	switch {
	case d.pos == start:
		return 0, d.fail("expected an unsigned integer")
	case d.buf[start] == '0' && d.pos-start > 1:
		return 0, d.fail("leading zero in integer")
	}
	if c := d.peek(); c == '.' || c == 'e' || c == 'E' {
		return 0, d.fail("expected an integer")
	}
	return n, nil
}

// rawStr parses a JSON string and returns its bytes: a slice of the line
// when it has no escapes, else the decoded bytes in a scratch buffer that
// the next escaped string reuses.
func (d *decoder) rawStr() ([]byte, bool, error) {
	if !d.eat('"') {
		return nil, false, d.fail("expected a string")
	}
	start := d.pos
	for d.pos < len(d.buf) && !stopByte[d.buf[d.pos]] {
		d.pos++
	}
	if d.pos >= len(d.buf) {
		return nil, false, d.fail("unterminated string")
	}
	switch c := d.buf[d.pos]; {
	case c == '"':
		d.pos++
		return d.buf[start : d.pos-1], false, nil
	case c == '\\':
		b, err := d.strEscaped(start)
		return b, true, err
	default:
		return nil, false, d.fail("control character in string")
	}
}

func (d *decoder) interned(raw []byte) string {
	if s, ok := d.intern[string(raw)]; ok {
		return s
	}
	s := string(raw)
	if d.intern == nil {
		d.intern = make(map[string]string, 64)
	}
	if len(d.intern) < maxInterned && len(s) <= 64 {
		d.intern[s] = s
	}
	return s
}

// strEscaped finishes a string that contains escapes, from its first byte.
func (d *decoder) strEscaped(start int) ([]byte, error) {
	out := append(d.scrat[:0], d.buf[start:d.pos]...)
	for d.pos < len(d.buf) {
		c := d.buf[d.pos]
		switch {
		case c == '"':
			d.pos++
			d.scrat = out
			return out, nil
		case c < 0x20:
			return nil, d.fail("control character in string")
		case c != '\\':
			out = append(out, c)
			d.pos++
			continue
		}
		d.pos++
		if d.pos >= len(d.buf) {
			break
		}
		e := d.buf[d.pos]
		d.pos++
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, err := d.hex4()
			if err != nil {
				return nil, err
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if d.pos+1 < len(d.buf) && d.buf[d.pos] == '\\' && d.buf[d.pos+1] == 'u' {
					save := d.pos
					d.pos += 2
					lo, err := d.hex4()
					if err != nil {
						return nil, err
					}
					if r2 = utf16.DecodeRune(r, lo); r2 == utf8.RuneError {
						d.pos = save
					}
				}
				r = r2
			}
			out = utf8.AppendRune(out, r)
		default:
			d.pos--
			return nil, d.fail("invalid escape in string")
		}
	}
	return nil, d.fail("unterminated string")
}

func (d *decoder) hex4() (rune, error) {
	if d.pos+4 > len(d.buf) {
		return 0, d.fail("short \\u escape")
	}
	var r rune
	for _, c := range d.buf[d.pos : d.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, d.fail("invalid \\u escape")
		}
	}
	d.pos += 4
	return r, nil
}
