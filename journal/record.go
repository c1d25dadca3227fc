package journal

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"
)

// Version is the record schema version this build writes and fully understands.
const Version = 1

// MaxLineBytes is the largest line, newline included, a writer will append.
const MaxLineBytes = 1 << 20

// Record kinds written by this build. Readers keep records of unknown kinds.
const (
	KindVerdict = "verdict"
	KindLease   = "lease"
	KindIntent  = "intent"
	KindRun     = "run"
	KindNotify  = "notify"
	KindJournal = "journal" // the journal's own maintenance: journal.repair
	KindHook    = "hook"    // an agent host's hook call judged: hook.pretool, hook.stop, …
)

// knownKind reports whether this build may write records of kind k.
func knownKind(k string) bool {
	switch k {
	case KindVerdict, KindLease, KindIntent, KindRun, KindNotify, KindJournal, KindHook:
		return true
	}
	return false
}

// Record is one journal line. Append fills V, Seq, ID, TS and Hash.
type Record struct {
	V           int       `json:"v"`
	Seq         uint64    `json:"seq"`
	ID          string    `json:"id"`
	TS          time.Time `json:"ts"`
	Kind        string    `json:"kind"`
	Syscall     string    `json:"syscall"`
	Verdict     string    `json:"verdict"`
	RunID       string    `json:"run_id"`
	ParentRunID string    `json:"parent_run_id,omitempty"`
	Lane        string    `json:"lane,omitempty"`
	Subject     string    `json:"subject,omitempty"`
	Host        string    `json:"host,omitempty"`
	Source      string    `json:"source,omitempty"`
	Detail      Detail    `json:"detail"`
	Hash        string    `json:"hash"`
}

// MarshalJSON encodes r exactly as its journal line, without the newline.
func (r Record) MarshalJSON() ([]byte, error) {
	b := r.AppendLine(nil)
	return b[:len(b)-1], nil
}

// AppendLine appends r's journal line, newline included, to dst: the bytes
// the journal holds for it, without allocating when dst has room.
func (r *Record) AppendLine(dst []byte) []byte {
	dst = appendBody(dst, r)
	dst = append(dst, `,"hash":"`...)
	dst = append(dst, r.Hash...)
	return append(dst, "\"}\n"...)
}

// UnmarshalJSON decodes a journal line.
func (r *Record) UnmarshalJSON(b []byte) error {
	var d decoder
	return d.decode(b, r)
}

// Detail is a record's evidence: a compact JSON object, immutable like the
// record it belongs to.
type Detail string

// NewDetail encodes v (a map or struct of evidence counts) as a Detail.
func NewDetail(v any) (Detail, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode detail: %w", err)
	}
	if len(b) == 0 || b[0] != '{' {
		return "", fmt.Errorf("detail must be a JSON object, got %.20s", b)
	}
	return Detail(b), nil
}

// MustDetail is NewDetail for values known to encode, such as map[string]int.
func MustDetail(v any) Detail {
	d, err := NewDetail(v)
	if err != nil {
		panic(err)
	}
	return d
}

// Decode unmarshals the detail object into v.
func (d Detail) Decode(v any) error {
	if len(d) == 0 {
		return json.Unmarshal([]byte("{}"), v)
	}
	return json.Unmarshal([]byte(d), v)
}

// Map returns the detail as a generic map; numbers stay json.Number.
func (d Detail) Map() map[string]any {
	m := map[string]any{}
	if len(d) == 0 {
		return m
	}
	dec := json.NewDecoder(strings.NewReader(string(d)))
	dec.UseNumber()
	_ = dec.Decode(&m)
	return m
}

// MarshalJSON returns the raw object, "{}" when empty.
func (d Detail) MarshalJSON() ([]byte, error) {
	if len(d) == 0 {
		return []byte("{}"), nil
	}
	return []byte(d), nil
}

// UnmarshalJSON keeps a compact copy of the raw object.
func (d *Detail) UnmarshalJSON(b []byte) error {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return err
	}
	*d = Detail(buf.String())
	return nil
}

// ValidationError says why a record was refused before anything was written.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("record refused: %s %s", e.Field, e.Reason)
}

// ParseRunID reads a run id as a person pastes it: the ULID dos prints (in
// any case), the reference's RID-… (as it is), or the run's OTLP trace id —
// the same 128 bits as 32 hex digits, as Grafana and Tempo show it (dashes
// of the UUID form are ignored). It returns the canonical id the journal's
// records carry.
func ParseRunID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if ValidRID(s) {
		return s, nil
	}
	if id, err := ulid.ParseStrict(s); err == nil {
		return id.String(), nil
	}
	if h := strings.ReplaceAll(s, "-", ""); len(h) == 32 {
		var id ulid.ULID
		if _, err := hex.Decode(id[:], []byte(h)); err == nil {
			if rid, ok := ridOfTraceID(id); ok {
				return rid, nil // a RID run's trace id (RunTraceID)
			}
			return id.String(), nil
		}
	}
	return "", fmt.Errorf("%q is not a run id: give the 26-character ULID `dos run start` printed, a RID-… id, or the run's 32-hex-digit trace id", s)
}

// validate checks the caller-supplied fields of r.
func validate(r *Record) error {
	if !knownKind(r.Kind) {
		return &ValidationError{"kind", fmt.Sprintf("%q is not a kind this build writes", r.Kind)}
	}
	if r.Syscall == "" {
		return &ValidationError{"syscall", "is empty"}
	}
	for _, f := range []struct{ name, v string }{
		{"syscall", r.Syscall}, {"verdict", r.Verdict}, {"run_id", r.RunID},
		{"parent_run_id", r.ParentRunID}, {"lane", r.Lane}, {"subject", r.Subject},
		{"host", r.Host}, {"source", r.Source},
	} {
		if !utf8.ValidString(f.v) {
			return &ValidationError{f.name, "is not valid UTF-8"}
		}
		if len(f.v) > MaxLineBytes {
			return &ValidationError{f.name, "is larger than 1 MiB"}
		}
	}
	if r.RunID != "" && !ValidRunID(r.RunID) {
		return &ValidationError{"run_id", fmt.Sprintf("%q is not a run id (a ULID or RID-…)", r.RunID)}
	}
	if r.ParentRunID != "" && !ValidRunID(r.ParentRunID) {
		return &ValidationError{"parent_run_id", fmt.Sprintf("%q is not a run id (a ULID or RID-…)", r.ParentRunID)}
	}
	if len(r.Detail) > 0 {
		if len(r.Detail) > MaxLineBytes {
			return &ValidationError{"detail", "is larger than 1 MiB"}
		}
		if !utf8.ValidString(string(r.Detail)) {
			return &ValidationError{"detail", "is not valid UTF-8"}
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(r.Detail)); err != nil {
			return &ValidationError{"detail", "is not valid JSON: " + err.Error()}
		}
		if buf.Len() == 0 || buf.Bytes()[0] != '{' {
			return &ValidationError{"detail", "is not a JSON object"}
		}
		r.Detail = Detail(buf.String())
	}
	return nil
}
