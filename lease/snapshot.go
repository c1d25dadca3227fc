package lease

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dos-go/dos/vocab"
)

// The snapshot codec is the lease fold's saved state in a line format of
// its own rather than JSON: every hook call reads the whole snapshot, and
// decoding 200 leases with encoding/json cost a fresh process 0.8–1.5 ms
// (most of what 200 live leases added to `dos hook pretool`); this format
// parses the same leases in tens of microseconds. Every string is
// strconv-quoted, so a field never holds a raw tab or newline; the header
// names the lease count and an end line closes the file, so a torn or
// truncated snapshot never parses.
//
//	dos-lease-snapshot 1 SEQ ID COUNT
//	"lane"\t"kind"\t"run"\t"host"\tPID\tACQUIRED\tEXPIRES\tTTL\tPATHS\tTREE
//	end
//
// A list is "-" when nil, else its quoted items joined by commas (an empty
// list is the empty field).

// snapshotMagic opens every snapshot; the number is the format's version.
const snapshotMagic = "dos-lease-snapshot 1 "

// errSnapshot is any snapshot that is not whole and well formed.
var errSnapshot = errors.New("lease snapshot is malformed")

// Snapshot is the fold's saved state: the leases live after record Seq,
// whose id is ID.
type Snapshot struct {
	Seq    uint64
	ID     string
	Leases []vocab.HeldLease
}

// AppendSnapshot encodes s onto b.
func AppendSnapshot(b []byte, s Snapshot) []byte {
	b = append(b, snapshotMagic...)
	b = strconv.AppendUint(b, s.Seq, 10)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, s.ID)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(s.Leases)), 10)
	b = append(b, '\n')
	for _, l := range s.Leases {
		for i, f := range []string{l.Lane, l.LaneKind, l.Holder.RunID, l.Holder.Host} {
			if i > 0 {
				b = append(b, '\t')
			}
			b = strconv.AppendQuote(b, f)
		}
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(l.Holder.PID), 10)
		b = append(b, '\t')
		b = l.AcquiredAt.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '\t')
		b = l.ExpiresAt.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '\t')
		b = strconv.AppendInt(b, l.TTLSeconds, 10)
		b = append(b, '\t')
		b = appendList(b, l.Paths)
		b = append(b, '\t')
		b = appendList(b, l.Tree)
		b = append(b, '\n')
	}
	return append(b, "end\n"...)
}

func appendList(b []byte, l []string) []byte {
	if l == nil {
		return append(b, '-')
	}
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, s)
	}
	return b
}

// ParseSnapshot decodes what AppendSnapshot wrote; anything else (another
// version, a torn file, a hand edit that breaks the form) is an error.
// The bytes become one string and every field a slice of it, so a lease
// costs its struct and its lists, not an allocation per field.
func ParseSnapshot(b []byte) (Snapshot, error) {
	var s Snapshot
	line, rest, ok := strings.Cut(string(b), "\n")
	if !ok || !strings.HasPrefix(line, snapshotMagic) {
		return s, errSnapshot
	}
	h := strings.Fields(line[len(snapshotMagic):])
	if len(h) != 3 {
		return s, errSnapshot
	}
	var err error
	if s.Seq, err = strconv.ParseUint(h[0], 10, 64); err != nil {
		return s, errSnapshot
	}
	if s.ID, err = unquote(h[1]); err != nil {
		return s, errSnapshot
	}
	n, err := strconv.Atoi(h[2])
	if err != nil || n < 0 || n > len(rest)/10 {
		return s, errSnapshot
	}
	s.Leases = make([]vocab.HeldLease, 0, n)
	for range n {
		if line, rest, ok = strings.Cut(rest, "\n"); !ok {
			return s, errSnapshot
		}
		l, err := parseLease(line)
		if err != nil {
			return s, err
		}
		s.Leases = append(s.Leases, l)
	}
	if rest != "end\n" {
		return s, errSnapshot
	}
	if n == 0 {
		s.Leases = nil
	}
	return s, nil
}

func parseLease(line string) (vocab.HeldLease, error) {
	var l vocab.HeldLease
	var f [10]string
	for i := range f {
		var ok bool
		if f[i], line, ok = strings.Cut(line, "\t"); ok != (i < len(f)-1) {
			return l, errSnapshot
		}
	}
	var strs [4]string
	for i := range strs {
		s, err := unquote(f[i])
		if err != nil {
			return l, errSnapshot
		}
		strs[i] = s
	}
	l.Lane, l.LaneKind, l.Holder.RunID, l.Holder.Host = strs[0], strs[1], strs[2], strs[3]
	pid, err1 := strconv.Atoi(f[4])
	acq, err2 := time.Parse(time.RFC3339Nano, f[5])
	exp, err3 := time.Parse(time.RFC3339Nano, f[6])
	ttl, err4 := strconv.ParseInt(f[7], 10, 64)
	paths, err5 := parseList(f[8])
	tree, err6 := parseList(f[9])
	if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
		return l, errSnapshot
	}
	l.Holder.PID, l.AcquiredAt, l.ExpiresAt, l.TTLSeconds, l.Paths, l.Tree = pid, acq, exp, ttl, paths, tree
	return l, nil
}

func parseList(f string) ([]string, error) {
	if f == "-" {
		return nil, nil
	}
	out := []string{}
	for s := f; s != ""; {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, errSnapshot
		}
		v, err := unquote(q)
		if err != nil {
			return nil, errSnapshot
		}
		out = append(out, v)
		if s = s[len(q):]; s != "" {
			if s[0] != ',' || len(s) == 1 {
				return nil, errSnapshot
			}
			s = s[1:]
		}
	}
	return out, nil
}

// unquote is strconv.Unquote for a double-quoted field, without a copy
// when the field holds no escape (most lanes, runs, hosts and globs).
func unquote(q string) (string, error) {
	if len(q) >= 2 && q[0] == '"' && q[len(q)-1] == '"' && strings.IndexByte(q, '\\') < 0 && utf8.ValidString(q) && printable(q[1:len(q)-1]) {
		return q[1 : len(q)-1], nil
	}
	if len(q) == 0 || q[0] != '"' {
		return "", errSnapshot
	}
	return strconv.Unquote(q)
}

// printable reports whether s needs no escape in a quoted field: what
// strconv.Quote leaves as it is, for ASCII.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == '"' || c == 0x7f {
			return false
		}
	}
	return true
}
