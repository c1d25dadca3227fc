package kernel

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// MaxTranscriptTail bounds how much of a transcript verify-result reads:
// the terminal record is at the end, so only the last 8 MiB are read and a
// transcript of any size costs the same.
const MaxTranscriptTail = 8 << 20

// VerifyResultJSON is verify-result's --json: the Report plus the
// reference's fields.
type VerifyResultJSON struct {
	Report
	State     string   `json:"state"`
	Class     string   `json:"class"`
	Dead      bool     `json:"dead"`
	APIStatus *int     `json:"api_status"`
	Envelope  Envelope `json:"envelope"`
}

// Envelope is the verdict a host's fold site acts on: WEDGE (blocked, do
// not render) for a dead worker, LIVE otherwise.
type Envelope struct {
	AllClear     bool   `json:"all_clear"`
	APIStatus    *int   `json:"api_status,omitempty"`
	Blocked      bool   `json:"blocked,omitempty"`
	DoNotRender  bool   `json:"do_not_render,omitempty"`
	Reason       string `json:"reason"`
	ReasonClass  string `json:"reason_class,omitempty"`
	State        string `json:"state"`
	EnvelopeVerb string `json:"verdict"`
}

func (x VerifyResultJSON) withReport(r Report) any { x.Report = r; return x }

// ReadTail reads at most limit bytes from the end of path; when it starts
// mid-file the partial first line is dropped.
func ReadTail(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	off := max(0, fi.Size()-limit)
	b, err := io.ReadAll(io.NewSectionReader(f, off, fi.Size()-off))
	if err != nil {
		return nil, err
	}
	if off > 0 {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return b, nil
}

// Transcript reads a transcript's tail and classifies its terminal record.
func Transcript(path string) (vocab.Verdict, vocab.VerifyResultDetail) {
	b, err := ReadTail(path, MaxTranscriptTail)
	v, d := vocab.ClassifyVerifyResult(vocab.ParseTranscript(b), err == nil)
	d.Bytes = int64(len(b))
	if err != nil {
		v.Why += fmt.Sprintf(" (%v)", err)
	}
	return v, d
}

// VerifyResult witnesses whether a worker's harness died: it reads the
// transcript at path (never more than MaxTranscriptTail of it) and appends
// one verify-result record holding only the state, class and API status.
func VerifyResult(ctx context.Context, env Env, path string) (Result, error) {
	if path == "" {
		return Result{}, vocab.Usagef("verify-result: no transcript — pass --transcript PATH or a hook event with transcript_path on stdin")
	}
	v, d := Transcript(path)
	res := env.emit(ctx, vocab.SysVerifyResult, v, journal.Record{}, d)
	x := VerifyResultJSON{State: d.State, Class: d.Class, Dead: v.Token == vocab.VerdictDead, APIStatus: d.APIStatus}
	x.Envelope = Envelope{AllClear: true, Reason: v.Why, State: d.State, EnvelopeVerb: "LIVE"}
	if x.Dead {
		rc := "RESULT_EMPTY"
		if d.State == vocab.StateSynthetic {
			rc = "RESULT_DEAD_" + d.Class
		}
		x.Envelope = Envelope{APIStatus: d.APIStatus, Blocked: true, DoNotRender: true, Reason: v.Why, ReasonClass: rc, State: d.State, EnvelopeVerb: "WEDGE"}
	}
	res.Extra = x
	return res, nil
}
