package kernel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// HaltRequest is halt with the reference's flags: a free-text reason
// (outside the closed set it becomes operator, the text kept as a hash),
// the run handle, the loop's lease key and owner, the stop command (hashed)
// and, for a resumable halt (the reference's SUSPEND), the sha to resume
// from and the conversation checkpoint rewind anchors on.
type HaltRequest struct {
	Reason, Handle, LoopTS, Owner, Command string
	Resumable                              bool
	ResumeSHA                              string
	CheckpointTurn                         *int
	TranscriptDigest                       string
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Halt records a halt proposal for the Env's run (or the run --handle
// names, when it is a run id) with the reference's fields.
func Halt(ctx context.Context, env Env, req HaltRequest) (Result, error) {
	if env.RunID == "" && journal.ValidRunID(req.Handle) {
		env.RunID = req.Handle
	}
	if err := env.needRun("halt"); err != nil {
		return Result{}, err
	}
	d := vocab.HaltDetail{Reason: strings.TrimSpace(req.Reason), LoopTS: req.LoopTS, Resumable: req.Resumable, ResumeSHA: req.ResumeSHA, CheckpointTurn: req.CheckpointTurn}
	switch {
	case d.Reason == "" && req.Handle == "":
		return Result{}, vocab.Usagef("--reason is required: one of %s (or free text, recorded as operator)", strings.Join(vocab.HaltReasons(), ", "))
	case d.Reason == "":
		d.Reason = "operator"
	case !slices.Contains(vocab.HaltReasons(), d.Reason):
		d.ReasonTextSHA256, d.Reason = sha256Hex(d.Reason), "operator"
	}
	for _, f := range []struct {
		name string
		v    *string
		src  string
	}{{"--handle", &d.Handle, req.Handle}, {"--owner", &d.Owner, req.Owner}} {
		if f.src != "" && !vocab.ValidToken(f.src) && !journal.ValidRunID(f.src) {
			return Result{}, vocab.Usagef("%s %q: a token or run id", f.name, f.src)
		}
		*f.v = f.src
	}
	if req.Command != "" {
		d.CommandSHA256 = sha256Hex(req.Command)
	}
	if req.CheckpointTurn != nil && (*req.CheckpointTurn < 0 || len(req.TranscriptDigest) != 64) {
		return Result{}, vocab.Usagef("--checkpoint-turn needs a turn ≥ 0 and --transcript-digest (the sha256 hex of that transcript line)")
	}
	d.TranscriptDigest = strings.ToLower(req.TranscriptDigest)
	what := "halt"
	if d.Resumable {
		what = "resumable halt (suspend)"
	}
	v := vocab.Verdictf(vocab.VerdictProposed, d.Reason, "%s of run %s proposed (%s); an operator decides", what, env.RunID, d.Reason)
	return env.emit(ctx, vocab.SysHalt, v, journal.Record{}, d), nil
}
