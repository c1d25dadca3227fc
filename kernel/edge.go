package kernel

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
)

// Appender is where a syscall's one record goes (a *journal.Writer).
type Appender interface {
	Append(ctx context.Context, r journal.Record) (journal.Record, error)
}

// Env is the world an edge sees. Everything an edge reads from outside —
// the clock, the host, the process, the run, the repository, the journal —
// comes through it, so tests build one with fixed values.
type Env struct {
	Journal    Appender         // the record's destination
	JournalDir string           // where readers (liveness, leases) fold from
	Workspace  string           // the git repository judged
	Now        func() time.Time // the clock verdicts use (record ts is the writer's)
	Entropy    io.Reader        // for minting run ids; crypto/rand when nil
	Host       string           // os.Hostname()
	PID        int              // the invoking process (a lease holder's pid)
	Source     string           // SourceCLI for the command line
	RunID      string           // --run-id › $DOS_RUN_ID, validated
	Lane       string           // --lane, validated
}

func (e Env) now() time.Time {
	if e.Now == nil {
		return time.Now().UTC()
	}
	return e.Now().UTC()
}

// Result is one syscall's outcome: the verdict, its exit code, the record
// appended (Seq 0 when the append failed) and the append's error.
type Result struct {
	Verb       vocab.Verb
	Verdict    vocab.Verdict
	Code       int
	Line       string         // the text rendering, "TOKEN  why"
	Record     journal.Record // as appended, or as it would have been
	JournalErr error          // the append failed; the verdict still stands
	Extra      any            // verb-specific fields for --json, or nil
}

// Report is the --json rendering of a Result.
type Report struct {
	Syscall      string         `json:"syscall"`
	Verdict      string         `json:"verdict"`
	ExitCode     int            `json:"exit_code"`
	Reason       string         `json:"reason"`
	Why          string         `json:"why"`
	RunID        string         `json:"run_id"`
	ParentRunID  string         `json:"parent_run_id,omitempty"`
	Lane         string         `json:"lane,omitempty"`
	Subject      string         `json:"subject,omitempty"`
	Seq          uint64         `json:"seq"`
	JournalError string         `json:"journal_error,omitempty"`
	Detail       journal.Detail `json:"detail"`
}

// Report renders r for --json.
func (r Result) Report() Report {
	rep := Report{
		Syscall: r.Record.Syscall, Verdict: r.Verdict.Token, ExitCode: r.Code,
		Reason: r.Verdict.Reason, Why: r.Verdict.Why, RunID: r.Record.RunID, ParentRunID: r.Record.ParentRunID,
		Lane: r.Record.Lane, Subject: r.Record.Subject, Seq: r.Record.Seq, Detail: r.Record.Detail,
	}
	if r.JournalErr != nil {
		rep.JournalError = r.JournalErr.Error()
	}
	return rep
}

// JSON returns the --json document of r: verify its VerifyJSON, every
// other syscall (run start included) its Report, so every verdict verb's
// --json is one shape family.
func (r Result) JSON() any {
	if x, ok := r.Extra.(VerifyJSON); ok {
		x.Report = r.Report()
		return x
	}
	return r.Report()
}

// emit appends the one record of a syscall: rec carries kind, syscall,
// verdict, subject and any lane or run override; Env fills the rest.
func (e Env) emit(ctx context.Context, sys string, v vocab.Verdict, rec journal.Record, detail any) Result {
	verb := vocab.MustVerb(sys)
	rec.Kind, rec.Syscall, rec.Verdict = verb.Kind, sys, v.Token
	if rec.RunID == "" {
		rec.RunID = e.RunID
	}
	if rec.Lane == "" {
		rec.Lane = e.Lane
	}
	rec.Host, rec.Source = e.Host, e.Source
	res := Result{Verb: verb, Verdict: v, Code: verb.Code(v.Token)}
	res.Line = v.Token + "  " + v.Why
	d, err := journal.NewDetail(detail)
	if err != nil {
		res.Record, res.JournalErr = rec, err
		return res
	}
	rec.Detail = d
	res.Record = rec
	if e.Journal == nil {
		res.JournalErr = fmt.Errorf("no journal configured")
		return res
	}
	out, err := e.Journal.Append(ctx, rec)
	if err != nil {
		res.JournalErr = fmt.Errorf("append to journal: %w", err)
		return res
	}
	res.Record = out
	return res
}

// ResolveRunID picks --run-id over $DOS_RUN_ID, refuses a malformed one and
// returns the canonical ULID (a 32-hex trace id is read as its run).
func ResolveRunID(flag, env string) (string, error) {
	id, from := flag, "--run-id"
	if id == "" {
		id, from = env, "$DOS_RUN_ID"
	}
	if id == "" {
		return "", nil
	}
	canon, err := journal.ParseRunID(id)
	if err != nil {
		return "", vocab.Usagef("%s %q is not a run id (a 26-character ULID, or the run's 32-hex-digit trace id); mint one with `dos run start` or `dos run-id mint`", from, id)
	}
	return canon, nil
}

// MintRunID returns a fresh ULID for t.
func MintRunID(t time.Time, entropy io.Reader) (string, error) {
	if entropy == nil {
		entropy = rand.Reader
	}
	id, err := ulid.New(ulid.Timestamp(t), entropy)
	if err != nil {
		return "", fmt.Errorf("mint run id: %w", err)
	}
	return id.String(), nil
}

// needRun refuses a syscall that must belong to a run.
func (e Env) needRun(verb string) error {
	if e.RunID == "" {
		return vocab.Usagef("%s needs a run: pass --run-id or set DOS_RUN_ID (eval \"$(dos run start)\")", verb)
	}
	return nil
}
