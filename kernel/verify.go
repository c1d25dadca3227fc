package kernel

import (
	"context"
	"errors"
	"os"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// VerifyRequest asks whether Plan Phase shipped on Ref (default HEAD).
type VerifyRequest struct {
	Plan, Phase, Ref string
}

// VerifyJSON is the --json document of verify: the Report plus the fields
// scripts read.
type VerifyJSON struct {
	Report
	Plan    string `json:"plan"`
	Phase   string `json:"phase"`
	Shipped bool   `json:"shipped"`
	SHA     string `json:"sha"`
	Source  string `json:"source"` // the evidence source: grep-subject | none
	Summary string `json:"summary"`
}

// Verify gathers git evidence for a phase, classifies it and appends one
// verify record. A missing workspace, a directory that is not a
// repository, or an unknown ref is an error (exit 2), never NOT_SHIPPED.
func Verify(ctx context.Context, env Env, req VerifyRequest) (Result, error) {
	if err := vocab.CheckToken("plan", req.Plan); err != nil {
		return Result{}, &vocab.UsageError{Msg: err.Error()}
	}
	if err := vocab.CheckToken("phase", req.Phase); err != nil {
		return Result{}, &vocab.UsageError{Msg: err.Error()}
	}
	if req.Ref == "" {
		req.Ref = "HEAD"
	}
	ev, err := gatherVerify(ctx, env, req)
	if err != nil {
		return Result{}, err
	}
	v, d := vocab.ClassifyVerify(req.Plan, req.Phase, ev)
	d.Ref = req.Ref
	res := env.emit(ctx, vocab.SysVerify, v, journal.Record{Subject: req.Phase}, d)
	res.Line = v.Token + " " + v.Why
	res.Extra = VerifyJSON{
		Plan: req.Plan, Phase: req.Phase, Shipped: v.Token == vocab.VerdictShipped,
		SHA: d.SHA, Source: d.Via, Summary: res.Line,
	}
	return res, nil
}

func gatherVerify(ctx context.Context, env Env, req VerifyRequest) (vocab.VerifyEvidence, error) {
	dir := env.Workspace
	repo, err := git.Open(dir)
	if err != nil {
		return vocab.VerifyEvidence{}, gitUsage(err, dir)
	}
	if top, ok := git.WorkTreeTop(ctx, dir, os.Getenv); ok {
		repo.Own = git.DosDirs(top, dir, env.JournalDir) // a commit of dos's own state is never work
	}
	head, err := repo.Resolve(ctx, req.Ref)
	if errors.Is(err, git.ErrUnknownRevision) && req.Ref == "HEAD" {
		if unborn, uerr := repo.Unborn(ctx); uerr == nil && unborn {
			return vocab.VerifyEvidence{}, nil // a repository with no commit has shipped nothing
		}
	}
	if err != nil {
		return vocab.VerifyEvidence{}, gitUsage(err, dir)
	}
	stamped, err := repo.StampedCommits(ctx, req.Phase, head, true)
	if err != nil {
		return vocab.VerifyEvidence{}, gitUsage(err, dir)
	}
	return vocab.VerifyEvidence{Head: head, Stamped: stamped}, nil
}

// gitUsage turns a missing-evidence error into a usage error naming the fix.
func gitUsage(err error, dir string) error {
	switch {
	case errors.Is(err, git.ErrNoWorkspace):
		return vocab.Usagef("workspace %s does not exist: pass --workspace (or DOS_WORKSPACE) naming a git repository", dir)
	case errors.Is(err, git.ErrNotRepository):
		return vocab.Usagef("%s is not a git repository: pass --workspace (or DOS_WORKSPACE) naming one; no verdict without git evidence", dir)
	case errors.Is(err, git.ErrUnknownRevision):
		return vocab.Usagef("%v", err)
	case errors.Is(err, context.Canceled):
		return err
	}
	return vocab.Usagef("git evidence unavailable: %v", err)
}
