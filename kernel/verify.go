package kernel

import (
	"context"
	"errors"
	"fmt"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel/git"
)

// verify: the truth syscall. Did PLAN PHASE ship? Only git answers.

// Evidence sources a verify names (`via`).
const (
	ViaGrepSubject = "grep-subject"
	ViaNone        = "none"
)

// VerifyEvidence is what git says about a phase's stamp.
type VerifyEvidence struct {
	Head    string       // the sha the ref resolved to ("" on an unborn HEAD)
	Stamped []git.Commit // commits reachable from Head stamped "PHASE:", newest first, FilesChanged filled
}

// ClassifyVerify decides SHIPPED when a stamped commit changed at least one
// file (the newest such commit is the evidence); a stamp on commits that
// changed nothing (git commit --allow-empty) is NOT_SHIPPED, and so is no
// stamp at all.
func ClassifyVerify(plan, phase string, ev VerifyEvidence) (Verdict, VerifyDetail) {
	d := VerifyDetail{Plan: plan, Phase: phase, Head: ev.Head, Via: ViaNone, Stamped: len(ev.Stamped)}
	for _, c := range ev.Stamped {
		if c.FilesChanged == 0 {
			d.EmptyStamped++
		}
	}
	for _, c := range ev.Stamped {
		if c.FilesChanged > 0 {
			d.Via, d.SHA, d.FilesChanged, d.Reason = ViaGrepSubject, c.SHA, c.FilesChanged, ReasonShipped
			return verdict(VerdictShipped, ReasonShipped, "%s %s %s (via %s)", plan, phase, c.Short(), ViaGrepSubject), d
		}
	}
	if d.EmptyStamped > 0 {
		d.Reason = ReasonEmptyCommit
		what := "the only commit stamped " + phase + ": changed no files"
		if d.EmptyStamped > 1 {
			what = fmt.Sprintf("all %d commits stamped %s: changed no files", d.EmptyStamped, phase)
		}
		return verdict(VerdictNotShipped, ReasonEmptyCommit, "%s %s (via none): %s (%s); an empty commit is not shipped work", plan, phase, what, ev.Stamped[0].Short()), d
	}
	d.Reason = ReasonNoStamp
	return verdict(VerdictNotShipped, ReasonNoStamp, "%s %s (via none)", plan, phase), d
}

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
	if err := CheckToken("plan", req.Plan); err != nil {
		return Result{}, &UsageError{err.Error()}
	}
	if err := CheckToken("phase", req.Phase); err != nil {
		return Result{}, &UsageError{err.Error()}
	}
	if req.Ref == "" {
		req.Ref = "HEAD"
	}
	ev, err := gatherVerify(ctx, env.Workspace, req)
	if err != nil {
		return Result{}, err
	}
	v, d := ClassifyVerify(req.Plan, req.Phase, ev)
	d.Ref = req.Ref
	res := env.emit(ctx, SysVerify, v, journal.Record{Subject: req.Phase}, d)
	res.Line = v.Token + " " + v.Why
	res.Extra = VerifyJSON{
		Plan: req.Plan, Phase: req.Phase, Shipped: v.Token == VerdictShipped,
		SHA: d.SHA, Source: d.Via, Summary: res.Line,
	}
	return res, nil
}

func gatherVerify(ctx context.Context, dir string, req VerifyRequest) (VerifyEvidence, error) {
	repo, err := git.Open(dir)
	if err != nil {
		return VerifyEvidence{}, gitUsage(err, dir)
	}
	head, err := repo.Resolve(ctx, req.Ref)
	if errors.Is(err, git.ErrUnknownRevision) && req.Ref == "HEAD" {
		if unborn, uerr := repo.Unborn(ctx); uerr == nil && unborn {
			return VerifyEvidence{}, nil // a repository with no commit has shipped nothing
		}
	}
	if err != nil {
		return VerifyEvidence{}, gitUsage(err, dir)
	}
	stamped, err := repo.StampedCommits(ctx, req.Phase, head, true)
	if err != nil {
		return VerifyEvidence{}, gitUsage(err, dir)
	}
	return VerifyEvidence{Head: head, Stamped: stamped}, nil
}

// gitUsage turns a missing-evidence error into a usage error naming the fix.
func gitUsage(err error, dir string) error {
	switch {
	case errors.Is(err, git.ErrNoWorkspace):
		return usagef("workspace %s does not exist: pass --workspace (or DOS_WORKSPACE) naming a git repository", dir)
	case errors.Is(err, git.ErrNotRepository):
		return usagef("%s is not a git repository: pass --workspace (or DOS_WORKSPACE) naming one; no verdict without git evidence", dir)
	case errors.Is(err, git.ErrUnknownRevision):
		return usagef("%v", err)
	case errors.Is(err, context.Canceled):
		return err
	}
	return usagef("git evidence unavailable: %v", err)
}
