package kernel

import (
	"context"
	"errors"
	"strings"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// CommitAuditRequest audits Ref (default HEAD; A..B for a range).
type CommitAuditRequest struct {
	Ref      string
	Sweep    bool // add the drift summary
	WarnOnly bool // report, but exit 0
	DocsOK   bool // a docs-only diff witnesses a code-effect claim
}

// CommitAuditJSON is commit-audit's --json: the Report plus each commit's
// audit and, with --sweep, the summary.
type CommitAuditJSON struct {
	Report
	Commits []vocab.CommitAudit      `json:"commits"`
	Summary *vocab.CommitAuditDetail `json:"summary,omitempty"`
}

func (x CommitAuditJSON) withReport(r Report) any { x.Report = r; return x }

// CommitAudit reads each commit's subject and numstat from git and judges
// whether the diff witnesses the claim; one record for the whole sweep. A
// ref that cannot be read is exit 2; a range that cannot be read is empty.
func CommitAudit(ctx context.Context, env Env, req CommitAuditRequest) (Result, error) {
	if req.Ref == "" {
		req.Ref = "HEAD"
	}
	if strings.HasPrefix(req.Ref, "-") {
		return Result{}, vocab.Usagef("commit-audit: %q is not a ref", req.Ref)
	}
	if _, err := git.Open(env.Workspace); err != nil {
		return Result{}, gitUsage(err, env.Workspace)
	}
	commits, err := ownRepo(ctx, env).AuditCommits(ctx, req.Ref)
	isRange := strings.Contains(req.Ref, "..")
	switch {
	case err != nil && isRange && errors.Is(err, git.ErrUnknownRevision):
		commits = nil
	case err != nil && errors.Is(err, git.ErrUnknownRevision):
		return Result{}, vocab.Usagef("commit-audit: cannot read %q in %s (not a git repo, or bad ref)", req.Ref, env.Workspace)
	case err != nil:
		return Result{}, gitUsage(err, env.Workspace)
	}
	v, d, audits := vocab.ClassifyCommitAudit(req.Ref, commits, req.DocsOK)
	if req.Sweep {
		v.Why += "\n" + d.SweepText()
	}
	res := env.emit(ctx, vocab.SysCommitAudit, v, journal.Record{}, d)
	x := CommitAuditJSON{Commits: audits}
	if req.Sweep {
		x.Summary = &d
	}
	res.Extra = x
	if req.WarnOnly {
		res.Code = 0
	}
	return res, nil
}
