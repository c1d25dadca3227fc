package projections

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/vocab"
)

// Git is the repository evidence trace, resume and top read; FromRepo
// adapts the kernel's git edge to it. Views never write to the repository.
type Git interface {
	// Resolve returns the full sha ref names (git.ErrUnknownRevision on an
	// unborn HEAD).
	Resolve(ctx context.Context, ref string) (string, error)
	// IsAncestor reports whether a is reachable from b.
	IsAncestor(ctx context.Context, a, b string) (bool, error)
	// Shipping returns the commits reachable from sha that stamp plan
	// phase (the generic stamp grammar, vocab.MatchStamp), newest first with
	// FilesChanged filled, as far as the newest one that changed files
	// (what the kernel's verify reads).
	Shipping(ctx context.Context, plan, phase, sha string) ([]git.Commit, error)
	// CommitsSince returns the commits reachable from to committed at or
	// after t, newest first.
	CommitsSince(ctx context.Context, t time.Time, to string) ([]git.Commit, error)
}

// FromRepo adapts the kernel's git edge to Git.
func FromRepo(r git.Repo) Git { return repoGit{r} }

type repoGit struct{ r git.Repo }

func (g repoGit) Resolve(ctx context.Context, ref string) (string, error) {
	return g.r.Resolve(ctx, ref)
}
func (g repoGit) IsAncestor(ctx context.Context, a, b string) (bool, error) {
	return g.r.IsAncestor(ctx, a, b)
}
func (g repoGit) Shipping(ctx context.Context, plan, phase, sha string) ([]git.Commit, error) {
	grammar := vocab.DefaultStampGrammar()
	return g.r.StampedBy(ctx, sha, vocab.StampNeedles(plan, phase), func(s string) bool { return vocab.MatchStamp(s, plan, phase, grammar) }, true)
}
func (g repoGit) CommitsSince(ctx context.Context, t time.Time, to string) ([]git.Commit, error) {
	return g.r.CommitsSince(ctx, t, to)
}

// Step is one declared or claimed step of a run: the claim beside the
// journal's verify and git's answer now.
type Step struct {
	Step     string `json:"step"`
	Plan     string `json:"plan,omitempty"`
	Declared bool   `json:"declared"`
	Claimed  bool   `json:"claimed"`
	ClaimSeq uint64 `json:"claim_seq,omitempty"`
	// JournalVerdict is the run's last verify of the step ("" when none),
	// JournalSHA the commit its last SHIPPED verify named.
	JournalVerdict string `json:"journal_verdict,omitempty"`
	JournalSeq     uint64 `json:"journal_seq,omitempty"`
	JournalSHA     string `json:"journal_sha,omitempty"`
	// Git is SHIPPED, NOT_SHIPPED or "" (unchecked) now; SHA the commit
	// shipping it on HEAD; GitReason the verify reason code (stamped-commit,
	// no-stamp, empty-commit).
	Git       string `json:"git,omitempty"`
	SHA       string `json:"sha,omitempty"`
	GitReason string `json:"git_reason,omitempty"`
	// JournalSHAReachable is false when JournalSHA is no longer reachable
	// from HEAD (history was reset or rewritten under the run).
	JournalSHAReachable *bool  `json:"journal_sha_reachable,omitempty"`
	Status              string `json:"status"`
}

// verified reports whether git backs the step now.
func (s Step) verified() bool { return s.Git == vocab.VerdictShipped }

// evidence is git's answer about a run's steps: HEAD and, per step, the
// verify classification and the reachability of the sha the journal named.
type evidence struct {
	head    string
	checked bool   // false: no repository; steps stay UNCHECKED
	why     string // why unchecked
	steps   map[string]stepGit
}

type stepGit struct {
	verdict   string
	detail    vocab.VerifyDetail
	reachable *bool
}

// ErrNoGit wraps the reason a view could not read git evidence.
var ErrNoGit = errors.New("no git evidence")

// gatherSteps asks git about each step of f, one `git log` per step and
// one `merge-base --is-ancestor` per sha the journal recorded. A missing
// repository is not an error here: it returns unchecked evidence whose why
// says so (resume turns that into exit 2; trace shows it).
func gatherSteps(ctx context.Context, g Git, f *runFold) (evidence, error) {
	ev := evidence{steps: map[string]stepGit{}}
	if g == nil {
		ev.why = "no workspace repository"
		return ev, nil
	}
	head, err := g.Resolve(ctx, "HEAD")
	switch {
	case errors.Is(err, git.ErrUnknownRevision):
		head = "" // an unborn HEAD: nothing has shipped, nothing is reachable
	case err != nil:
		if errors.Is(err, git.ErrNotRepository) || errors.Is(err, git.ErrNoWorkspace) || errors.Is(err, git.ErrGitMissing) {
			ev.why = err.Error()
			return ev, nil
		}
		return ev, fmt.Errorf("read HEAD: %w", err)
	}
	ev.head, ev.checked = head, true
	for _, k := range f.order {
		st := f.steps[k]
		var sg stepGit
		var stamped []git.Commit
		if head != "" {
			if stamped, err = g.Shipping(ctx, st.plan, st.step, head); err != nil {
				return ev, fmt.Errorf("verify %s: %w", st.step, err)
			}
		}
		v, d := vocab.ClassifyVerify(cmp.Or(st.plan, "-"), st.step, vocab.VerifyEvidence{Head: head, Stamped: stamped})
		sg.verdict, sg.detail = v.Token, d
		if st.shippedSHA != "" {
			ok := false
			if head != "" {
				if ok, err = g.IsAncestor(ctx, st.shippedSHA, head); err != nil && !errors.Is(err, git.ErrUnknownRevision) {
					return ev, fmt.Errorf("is %s on HEAD: %w", st.shippedSHA, err)
				}
			}
			sg.reachable = &ok
		}
		ev.steps[k] = sg
	}
	return ev, nil
}

// judgeSteps puts each step's claim beside git's answer. Pure.
func judgeSteps(f *runFold, ev evidence) []Step {
	out := make([]Step, 0, len(f.order))
	for _, k := range f.order {
		st := f.steps[k]
		s := Step{Step: st.step, Plan: st.plan, Declared: st.declared, Claimed: st.claimSeq > 0, ClaimSeq: st.claimSeq,
			JournalVerdict: st.verdict, JournalSeq: st.verifySeq, JournalSHA: st.shippedSHA}
		sg, ok := ev.steps[k]
		switch {
		case !ev.checked || !ok:
			s.Status = vocab.StepUnchecked
		default:
			s.Git, s.SHA, s.GitReason, s.JournalSHAReachable = sg.verdict, sg.detail.SHA, sg.detail.Reason, sg.reachable
			switch {
			case sg.reachable != nil && !*sg.reachable:
				s.Status = vocab.StepDiverged
			case s.verified():
				s.Status = vocab.StepVerified
			case s.Claimed:
				s.Status = vocab.StepOverClaimed
			default:
				s.Status = vocab.StepPending
			}
		}
		out = append(out, s)
	}
	return out
}
