package kernel

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Runs and intents: the correlation spine. These records carry no verdict
// (except halt's PROPOSED); claims are recorded, never believed.

// RunStartRequest starts a run.
type RunStartRequest struct {
	Parent string // parent run id, optional
	Name   string // a token naming the run, optional
}

// RunStart mints a run id and appends its run.start record. The Result's
// Line is the shell line exporting it.
func RunStart(ctx context.Context, env Env, req RunStartRequest) (Result, error) {
	if req.Parent != "" && !journal.ValidRunID(req.Parent) {
		return Result{}, vocab.Usagef("--parent %q is not a run id (a 26-character ULID)", req.Parent)
	}
	if req.Name != "" {
		if err := vocab.CheckToken("--name", req.Name); err != nil {
			return Result{}, &vocab.UsageError{Msg: err.Error()}
		}
	}
	id, err := MintRunID(env.now(), env.Entropy)
	if err != nil {
		return Result{}, err
	}
	res := env.emit(ctx, vocab.SysRunStart, vocab.Verdict{Why: "run started"}, journal.Record{RunID: id, ParentRunID: req.Parent, Subject: req.Name}, vocab.RunStartDetail{PID: env.PID})
	res.Line = "export DOS_RUN_ID=" + id
	return res, nil
}

// RunEnd releases the run's live leases (a lease.release record each,
// reason run-ended) and appends the run's run.end record. A release that
// could not be journaled is the Result's JournalErr: the run still ends.
func RunEnd(ctx context.Context, env Env, status string) (Result, error) {
	if err := env.needRun("run end"); err != nil {
		return Result{}, err
	}
	if status == "" {
		status = "done"
	}
	if !slices.Contains(vocab.RunStatuses(), status) {
		return Result{}, vocab.Usagef("--status %q: must be one of %s", status, strings.Join(vocab.RunStatuses(), ", "))
	}
	released, rerr := releaseRun(ctx, env)
	if errors.Is(rerr, context.Canceled) {
		return Result{}, rerr
	}
	res := env.emit(ctx, vocab.SysRunEnd, vocab.Verdict{Why: "run ended"}, journal.Record{}, vocab.RunEndDetail{Status: status, Released: released})
	res.Line = fmt.Sprintf("run %s ended (%s)", env.RunID, status)
	if len(released) > 0 {
		res.Line += "; released " + strings.Join(released, ", ")
	}
	if rerr != nil && res.JournalErr == nil {
		res.JournalErr = rerr
	}
	return res, nil
}
