package kernel

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
)

// The mapping of the reference's journals onto records. Pure: lines in,
// records out; the lane journal's lease state is carried between lines by
// an importMapper so a RELEASE names the holder its ACQUIRE did.

// Imported is one reference line mapped to a record, with the time it was
// originally written (zero when the line had none).
type Imported struct {
	Record journal.Record
	TS     time.Time
	Key    string
}

// importMapper maps lines in order; it holds the lane journal's leases by
// (loop_ts, lane).
type importMapper struct {
	leases map[[2]string]vocab.HeldLease
}

func newImportMapper() *importMapper { return &importMapper{leases: map[[2]string]vocab.HeldLease{}} }

// importKey is the idempotence key of a line: SHA-256 over its journal
// kind, a newline and the trimmed line, 32 hex digits.
func importKey(kind string, line []byte) string {
	h := sha256.New()
	h.Write([]byte(kind + "\n"))
	h.Write(line)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// refTime parses the reference's stamps: "%Y-%m-%dT%H:%M:%SZ", or RFC 3339.
func refTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05Z", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// MapRunID keeps a well-formed run id and maps any other non-empty one to
// a ULID derived from it (time part 0, entropy its SHA-256), so one
// original run stays one run, import after import.
func MapRunID(orig string) (id string, mapped bool) {
	if orig == "" || journal.ValidRunID(orig) {
		return orig, false
	}
	sum := sha256.Sum256([]byte(orig))
	var u ulid.ULID
	copy(u[6:], sum[:10])
	return u.String(), true
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func num(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case float64:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return 0
}

// withImported adds detail["imported"] = o to the JSON object of v.
func withImported(v any, o vocab.ImportOrigin) journal.Detail {
	m := map[string]any{}
	if b, err := json.Marshal(v); err == nil {
		json.Unmarshal(b, &m)
	}
	if m == nil {
		m = map[string]any{}
	}
	m["imported"] = o
	d, err := journal.NewDetail(m)
	if err != nil {
		return journal.MustDetail(map[string]any{"imported": o})
	}
	return d
}

// Map maps one line of a reference journal. kind is "verdict" or "lane",
// or "" to tell from the line (a lane entry has "op").
func (m *importMapper) Map(line []byte) (Imported, error) {
	var e map[string]any
	if err := json.Unmarshal(line, &e); err != nil || e == nil {
		return Imported{}, fmt.Errorf("not a JSON object")
	}
	if _, ok := e["op"]; ok {
		return m.mapLane(line, e)
	}
	if _, ok := e["syscall"]; ok {
		return mapVerdict(line, e)
	}
	return Imported{}, fmt.Errorf("neither a verdict-journal record (syscall) nor a lane-journal entry (op)")
}

func origin(kind string, line []byte, e map[string]any) vocab.ImportOrigin {
	return vocab.ImportOrigin{Journal: kind, Key: importKey(kind, line), Seq: num(e, "seq"), TS: str(e, "ts")}
}

// mapVerdict maps a verdict-journal record: the same syscall (hook_exit →
// hook-exit), verdict, run, lane and subject; the original detail with
// `imported` added.
func mapVerdict(line []byte, e map[string]any) (Imported, error) {
	o := origin("verdict", line, e)
	o.Source = str(e, "source")
	sys := strings.ReplaceAll(strings.TrimSpace(str(e, "syscall")), "_", "-")
	if sys == "" {
		return Imported{}, fmt.Errorf("syscall is empty")
	}
	r := journal.Record{Kind: journal.KindVerdict, Syscall: sys, Verdict: str(e, "verdict"), Source: vocab.SourceImport}
	if id, mapped := MapRunID(str(e, "run_id")); mapped {
		r.RunID, o.RunID = id, str(e, "run_id")
	} else {
		r.RunID = id
	}
	if l := str(e, "lane"); vocab.ValidToken(l) {
		r.Lane = l
	} else {
		o.Lane = l
	}
	if s := str(e, "subject"); vocab.ValidToken(s) {
		r.Subject = s
	} else {
		o.Subject = s
	}
	detail, _ := e["detail"].(map[string]any)
	r.Detail = withImported(detail, o)
	return Imported{Record: r, TS: refTime(o.TS), Key: o.Key}, nil
}

// refPaths turns a reference tree ("src/**", "docs/*") into lease paths.
func refPaths(v any) []string {
	list, _ := v.([]any)
	out := []string{}
	for _, x := range list {
		s, _ := x.(string)
		for _, suf := range []string{"/**", "/*", "**", "*"} {
			s = strings.TrimSuffix(s, suf)
		}
		if s == "" {
			s = "."
		} else if !strings.HasSuffix(s, "/") && !strings.Contains(s, ".") {
			s += "/"
		}
		if p, err := vocab.CleanLeasePath(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// mapLane maps a lane-journal entry: ACQUIRE, REFUSE, RELEASE, SCAVENGE,
// HEARTBEAT and HALT onto dos's lease and halt records, ATTEMPT onto an
// attempt record, anything else onto lane.<op>.
func (m *importMapper) mapLane(line []byte, e map[string]any) (Imported, error) {
	o := origin("lane", line, e)
	op := strings.ToUpper(str(e, "op"))
	o.Op = op
	ts := refTime(o.TS)
	src := e
	if l, ok := e["lease"].(map[string]any); ok {
		src = l
	}
	lane := str(src, "lane")
	if lane == "" {
		lane = str(e, "lane")
	}
	origRun := str(src, "run_id")
	if origRun == "" {
		origRun = str(e, "run_id")
	}
	run, mapped := MapRunID(origRun)
	if mapped {
		o.RunID = origRun
	}
	r := journal.Record{Source: vocab.SourceImport, RunID: run}
	if vocab.ValidToken(lane) {
		r.Lane = lane
	} else if lane != "" {
		o.Lane = lane
	}
	key := [2]string{str(src, "loop_ts"), lane}
	holder := vocab.Holder{RunID: run, Host: str(src, "host_id"), PID: int(num(src, "pid"))}
	laneOK := r.Lane != ""
	switch {
	case op == "ACQUIRE" && laneOK || op == "RECONCILE" && laneOK:
		ttl := num(src, "ttl_minutes") * 60
		if ttl <= 0 {
			ttl = 50 * 60
		}
		l := vocab.HeldLease{Lane: r.Lane, Paths: refPaths(src["tree"]), Holder: holder, AcquiredAt: ts, ExpiresAt: ts.Add(time.Duration(ttl) * time.Second), TTLSeconds: ttl}
		m.leases[key] = l
		r.Kind, r.Syscall, r.Verdict = journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictGranted
		r.Detail = withImported(vocab.LeaseAcquireDetail{Paths: l.Paths, TTLSeconds: ttl, ExpiresAt: l.ExpiresAt, Holder: holder, Reason: vocab.ReasonFree}, o)
	case (op == "RELEASE" || op == "SCAVENGE") && laneOK:
		if l, ok := m.leases[key]; ok {
			holder, r.RunID = l.Holder, l.Holder.RunID
			delete(m.leases, key)
		}
		r.Kind, r.Syscall, r.Verdict = journal.KindLease, vocab.SysLeaseRelease, vocab.VerdictReleased
		r.Detail = withImported(vocab.LeaseReleaseDetail{Holder: holder, Reason: vocab.ReasonReleased}, o)
	case op == "HEARTBEAT" && laneOK:
		l, ok := m.leases[key]
		if !ok {
			r.Kind, r.Syscall, r.Verdict = journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictNotHeld
			r.Detail = withImported(vocab.LeaseHeartbeatDetail{Holder: holder, Leases: []vocab.HeldLease{}, Reason: vocab.ReasonNotHeld}, o)
			break
		}
		if hb := refTime(str(e, "heartbeat_at")); !hb.IsZero() {
			ts = hb
		}
		l.ExpiresAt = ts.Add(time.Duration(l.TTLSeconds) * time.Second)
		m.leases[key] = l
		r.RunID = l.Holder.RunID
		r.Kind, r.Syscall, r.Verdict = journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictRenewed
		r.Detail = withImported(vocab.LeaseHeartbeatDetail{Holder: l.Holder, Leases: []vocab.HeldLease{l}, Reason: vocab.ReasonRenewedSelf}, o)
	case op == "REFUSE" && laneOK:
		r.Kind, r.Syscall, r.Verdict = journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictRefused
		r.Detail = withImported(vocab.LeaseAcquireDetail{Paths: refPaths(src["tree"]), Holder: holder, Reason: vocab.ReasonHeld}, o)
	case op == "HALT":
		r.Kind, r.Syscall, r.Verdict = journal.KindIntent, vocab.SysHalt, vocab.VerdictProposed
		r.Detail = withImported(vocab.HaltDetail{Reason: "operator"}, o)
	case op == "ATTEMPT":
		at := num(e, "attempted_at_ms")
		if at == 0 && !ts.IsZero() {
			at = ts.UnixMilli()
		}
		unit := str(e, "unit_id")
		r.Kind, r.Syscall = journal.KindIntent, vocab.SysAttempt
		r.Subject = subjectOf(unit)
		r.Detail = withImported(vocab.AttemptDetail{Unit: unit, Outcome: vocab.NormOutcome(str(e, "outcome")), AttemptedAtMS: at}, o)
	case op == "" || op == "_CORRUPT":
		return Imported{}, fmt.Errorf("op %q is not an entry", op)
	default:
		r.Kind, r.Syscall = journal.KindJournal, vocab.SysLanePrefix+strings.ToLower(op)
		r.Detail = withImported(map[string]any{}, o)
	}
	return Imported{Record: r, TS: ts, Key: o.Key}, nil
}
