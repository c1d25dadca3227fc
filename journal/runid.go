package journal

import (
	"time"

	"github.com/oklog/ulid/v2"
)

// Run ids. A record's run_id (and parent_run_id) is one of two grammars:
//
//	| grammar | shape                                   | time part                         |
//	|---------|-----------------------------------------|-----------------------------------|
//	| ULID    | 26 Crockford base32 characters          | the first 10: epoch ms (48 bits)  |
//	| RID     | "RID-" + 15 Crockford base32 characters | the first 9: epoch ms (45 bits)   |
//
// ULIDs are what dos mints (`dos run start`, `dos run-id mint`); RID-… is
// the reference's run-id grammar (`dos run-id mint PROCESS --format rid`),
// accepted everywhere a run id is read so its users' hosts keep working.
// The RID alphabet is upper-case Crockford base32 (0-9 A-H J K M N P-T V-Z)
// and the last 6 characters are 30 bits of entropy.

// RIDPrefix starts every reference-grammar run id.
const RIDPrefix = "RID-"

// ridLen is the length of a RID: the prefix, 9 time and 6 entropy characters.
const ridLen = len(RIDPrefix) + 9 + 6

// crockford is the RID alphabet, upper case only.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// crockfordValue returns c's value in the RID alphabet, or -1.
func crockfordValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		v := int(c-'A') + 10
		if c > 'I' {
			v--
		}
		if c > 'L' {
			v--
		}
		if c > 'O' {
			v--
		}
		if c > 'U' {
			v--
		}
		return v
	}
	return -1
}

// ValidRunID reports whether s is a well-formed run id: a ULID or a RID.
func ValidRunID(s string) bool { return ValidULID(s) || ValidRID(s) }

// ValidULID reports whether s is a well-formed ULID (record ids, dos's run ids).
func ValidULID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil
}

// ValidRID reports whether s is a reference-grammar run id: "RID-" and 15
// characters of the upper-case Crockford alphabet.
func ValidRID(s string) bool {
	if len(s) != ridLen || s[:len(RIDPrefix)] != RIDPrefix {
		return false
	}
	for i := len(RIDPrefix); i < len(s); i++ {
		if crockfordValue(s[i]) < 0 {
			return false
		}
	}
	return true
}

// RunIDTime decodes the time a run id was minted at (millisecond
// precision, UTC); ok is false when s is not a run id.
func RunIDTime(s string) (t time.Time, ok bool) {
	if id, err := ulid.ParseStrict(s); err == nil {
		return ulid.Time(id.Time()).UTC(), true
	}
	if !ValidRID(s) {
		return time.Time{}, false
	}
	var ms int64
	for i := len(RIDPrefix); i < len(RIDPrefix)+9; i++ {
		ms = ms<<5 | int64(crockfordValue(s[i]))
	}
	return time.UnixMilli(ms).UTC(), true
}

// EncodeRID builds the RID for ms (epoch milliseconds, at most 2^45−1)
// and 30 bits of entropy. It is the inverse of RunIDTime on the time part.
func EncodeRID(ms int64, entropy uint32) string {
	b := make([]byte, ridLen)
	copy(b, RIDPrefix)
	for i := len(RIDPrefix) + 8; i >= len(RIDPrefix); i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
	}
	for i := ridLen - 1; i >= len(RIDPrefix)+9; i-- {
		b[i] = crockford[entropy&31]
		entropy >>= 5
	}
	return string(b)
}

// Trace ids. A run is one trace in OTLP: RunTraceID gives its 128 bits,
// and ParseRunID reads them back (a trace id pasted from Grafana or Tempo
// names its run).
//
//	| run id | trace id (16 bytes, big-endian)                                        |
//	|--------|------------------------------------------------------------------------|
//	| ULID   | the ULID's own 128 bits                                                |
//	| RID    | 0–5: the 45-bit time (epoch ms) in 48 bits, as a ULID's time part;     |
//	|        | 6–11: ridTraceMark, "RID-" and two zero bytes;                         |
//	|        | 12–15: the 30-bit entropy in 32 bits                                   |
//
// A RID's trace id is thus stable, never zero, sorts by time with the
// ULIDs' and maps back to exactly one RID. A ULID whose random part starts
// with the mark (48 bits, and two zero bits after it: one in 2^50) would
// read back as a RID; a trace id is taken for a RID only when it has the
// mark, a time below 2^45 and entropy below 2^30.

// ridTraceMark is bytes 6–11 of a RID's trace id.
var ridTraceMark = [6]byte{'R', 'I', 'D', '-', 0, 0}

// RunTraceID is the trace id of run id s (see above); ok is false when s
// is not a run id.
func RunTraceID(s string) (id [16]byte, ok bool) {
	if u, err := ulid.ParseStrict(s); err == nil {
		return u, true
	}
	if !ValidRID(s) {
		return id, false
	}
	var ms, entropy uint64
	for i := len(RIDPrefix); i < len(RIDPrefix)+9; i++ {
		ms = ms<<5 | uint64(crockfordValue(s[i]))
	}
	for i := len(RIDPrefix) + 9; i < ridLen; i++ {
		entropy = entropy<<5 | uint64(crockfordValue(s[i]))
	}
	for i := 0; i < 6; i++ {
		id[i] = byte(ms >> (40 - 8*i))
	}
	copy(id[6:12], ridTraceMark[:])
	for i := 0; i < 4; i++ {
		id[12+i] = byte(entropy >> (24 - 8*i))
	}
	return id, true
}

// ridOfTraceID is the RID whose trace id is id, if it is one.
func ridOfTraceID(id [16]byte) (string, bool) {
	if [6]byte(id[6:12]) != ridTraceMark || id[0]&0xe0 != 0 || id[12]&0xc0 != 0 {
		return "", false
	}
	var ms int64
	for _, b := range id[:6] {
		ms = ms<<8 | int64(b)
	}
	e := uint32(id[12])<<24 | uint32(id[13])<<16 | uint32(id[14])<<8 | uint32(id[15])
	return EncodeRID(ms, e), true
}
