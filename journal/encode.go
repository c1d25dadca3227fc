package journal

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// tsLayout is the one timestamp form the journal writes.
const tsLayout = "2006-01-02T15:04:05.000000000Z"

// hashSuffixLen is len(`,"hash":"` + 64 hex + `"}`).
const hashSuffixLen = 9 + 64 + 2

// appendBody appends r's canonical bytes: the line up to, not including, the
// hash member. Field order is fixed; empty optional members are omitted.
func appendBody(b []byte, r *Record) []byte {
	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, int64(r.V), 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, r.Seq, 10)
	b = appendMember(b, "id", r.ID)
	b = append(b, `,"ts":"`...)
	b = r.TS.UTC().AppendFormat(b, tsLayout)
	b = append(b, '"')
	b = appendMember(b, "kind", r.Kind)
	b = appendMember(b, "syscall", r.Syscall)
	b = appendMember(b, "verdict", r.Verdict)
	b = appendMember(b, "run_id", r.RunID)
	b = appendOptional(b, "parent_run_id", r.ParentRunID)
	b = appendOptional(b, "lane", r.Lane)
	b = appendOptional(b, "subject", r.Subject)
	b = appendOptional(b, "host", r.Host)
	b = appendOptional(b, "source", r.Source)
	b = append(b, `,"detail":`...)
	if len(r.Detail) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, r.Detail...)
	}
	return b
}

// appendLine appends body, the hash member and the newline.
func appendLine(b, body []byte, hash string) []byte {
	b = append(b, body...)
	b = append(b, `,"hash":"`...)
	b = append(b, hash...)
	return append(b, "\"}\n"...)
}

func appendMember(b []byte, name, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, v)
}

func appendOptional(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return appendMember(b, name, v)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Control characters, '"' and '\\'
// are escaped; everything else, HTML characters included, is written as is.
// s must be valid UTF-8 (validate checks it before encoding).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				b = append(b, `\u202`...)
				b = append(b, hexDigits[r&0xF])
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// FormatTS renders t the way the journal writes timestamps.
func FormatTS(t time.Time) string {
	return t.UTC().Format(tsLayout)
}
