package projections

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// ResumeCode is the exit code of `dos resume` for a verdict; 2 is bad input
// or no git evidence, never a verdict.
func ResumeCode(verdict string) int { return vocab.MustViewVerb("resume").Code(verdict) }

// CompleteCode is the exit code of `dos complete` for a verdict.
func CompleteCode(verdict string) int { return vocab.MustViewVerb("complete").Code(verdict) }

// ResumeDoc is the `dos resume` and `dos complete` document.
type ResumeDoc struct {
	V        int    `json:"v"`
	Verb     string `json:"verb"` // resume | complete
	RunID    string `json:"run_id"`
	Verdict  string `json:"verdict"`
	ExitCode int    `json:"exit_code"`
	Reason   string `json:"reason"`
	// Declared, Verified and Residual (= declared − verified) list step tokens
	// in declaration order.
	Declared []string `json:"declared"`
	Verified []string `json:"verified"`
	Residual []string `json:"residual"`
	// NextStep, ResumeFromSHA and Command say how to continue (RESUMABLE):
	// the first unverified step, the commit of the last verified one, and
	// the one command that starts the continuation run.
	NextStep      string    `json:"next_step,omitempty"`
	ResumeFromSHA string    `json:"resume_from_sha,omitempty"`
	Command       string    `json:"command,omitempty"`
	Steps         []Step    `json:"steps"`
	Head          string    `json:"head,omitempty"`
	GeneratedAt   time.Time `json:"generated_at"`
	Scanned       ScanStats `json:"scanned"`
}

// order is git's answer about the order the verified steps landed in: ""
// when each verified declared step's commit is an ancestor of the next's.
type order string

// ClassifyResume decides the resume verdict from the judged steps and the
// landing order. Pure.
func ClassifyResume(run, name string, steps []Step, landed order) (verdict, reason, next, from, command string) {
	var declared []Step
	for _, s := range steps {
		if s.Declared {
			declared = append(declared, s)
		}
	}
	if len(declared) == 0 {
		return vocab.VerdictUnresumable, "the run declared no steps (`dos intent declare`), so there is nothing to resume", "", "", ""
	}
	for _, s := range declared {
		if s.Status == vocab.StepDiverged {
			return vocab.VerdictDiverged, fmt.Sprintf("%s was verified at %s, which is no longer reachable from HEAD", s.Step, git.Short(s.JournalSHA)), "", "", ""
		}
	}
	firstGap := -1
	for i, s := range declared {
		switch {
		case !s.verified() && firstGap < 0:
			firstGap = i
		case s.verified() && firstGap >= 0:
			return vocab.VerdictDiverged, fmt.Sprintf("%s is verified but %s, declared before it, is not: steps verified out of order", s.Step, declared[firstGap].Step), "", "", ""
		}
	}
	if landed != "" {
		return vocab.VerdictDiverged, string(landed), "", "", ""
	}
	if firstGap < 0 {
		return vocab.VerdictComplete, fmt.Sprintf("all %d declared steps are verified on HEAD", len(declared)), "", "", ""
	}
	next = declared[firstGap].Step
	if firstGap > 0 {
		from = declared[firstGap-1].SHA
	}
	reason = fmt.Sprintf("%d of %d declared steps verified on HEAD; continue at %s", firstGap, len(declared), next)
	if from != "" {
		reason += " from " + git.Short(from)
	}
	command = fmt.Sprintf(`eval "$(dos run start --parent %s --name %s)"`, run, resumeName(name, next))
	return vocab.VerdictResumable, reason, next, from, command
}

// resumeName names the continuation run: a token under 64 characters.
func resumeName(name, next string) string {
	n := "resume-" + next
	if name != "" && len(name)+len(n)+1 <= 64 {
		n = name + "-" + n
	}
	return n
}

// landingOrder checks, with git, that each verified declared step's commit
// is an ancestor of the next verified one's.
func landingOrder(ctx context.Context, g Git, steps []Step) (order, error) {
	var prev *Step
	for i := range steps {
		s := &steps[i]
		if !s.Declared || !s.verified() || s.SHA == "" {
			continue
		}
		if prev != nil {
			ok, err := g.IsAncestor(ctx, prev.SHA, s.SHA)
			if err != nil {
				return "", err
			}
			if !ok {
				return order(fmt.Sprintf("%s (%s) landed before %s (%s), declared before it: steps verified out of order",
					s.Step, git.Short(s.SHA), prev.Step, git.Short(prev.SHA))), nil
			}
		}
		prev = s
	}
	return "", nil
}

// Resume folds a run's declared and claimed steps, re-verifies each
// against git now and proposes the continuation. Without git evidence it
// returns an error wrapping ErrNoGit: no verdict without evidence.
func Resume(ctx context.Context, r Reader, g Git, run, verb string, now time.Time) (*ResumeDoc, error) {
	if !journal.ValidRunID(run) {
		return nil, fmt.Errorf("%q is not a run id (a 26-character ULID as `dos run start` prints, or RID-…)", run)
	}
	doc := &ResumeDoc{V: 1, Verb: verb, RunID: run, GeneratedAt: now.UTC(), Declared: []string{}, Verified: []string{}, Residual: []string{}, Steps: []Step{}}
	f, err := foldRun(ctx, r, run, &doc.Scanned)
	if err != nil {
		return nil, err
	}
	ev, err := gatherSteps(ctx, g, f)
	if err != nil {
		return nil, err
	}
	if !ev.checked {
		return nil, fmt.Errorf("%w: %s; resume re-verifies every step against git (pass --workspace naming the repository)", ErrNoGit, ev.why)
	}
	doc.Head, doc.Steps = ev.head, judgeSteps(f, ev)
	for _, s := range doc.Steps {
		if !s.Declared {
			continue
		}
		doc.Declared = append(doc.Declared, s.Step)
		if s.verified() {
			doc.Verified = append(doc.Verified, s.Step)
		} else {
			doc.Residual = append(doc.Residual, s.Step)
		}
	}
	landed, err := landingOrder(ctx, g, doc.Steps)
	if err != nil && !errors.Is(err, git.ErrUnknownRevision) {
		return nil, err
	}
	doc.Verdict, doc.Reason, doc.NextStep, doc.ResumeFromSHA, doc.Command = ClassifyResume(run, f.info.Name, doc.Steps, landed)
	if f.info.Records == 0 {
		doc.Reason = "the journal holds no record of this run"
	}
	if verb == "complete" {
		doc.Verdict, doc.Reason = classifyComplete(doc)
		doc.NextStep, doc.ResumeFromSHA, doc.Command = "", "", ""
		doc.ExitCode = CompleteCode(doc.Verdict)
		return doc, nil
	}
	doc.ExitCode = ResumeCode(doc.Verdict)
	return doc, nil
}

// classifyComplete: COMPLETE only when something was declared and every
// declared step is verified on HEAD; the residual is declared − verified.
func classifyComplete(d *ResumeDoc) (string, string) {
	switch {
	case len(d.Declared) == 0:
		return vocab.VerdictIncomplete, "the run declared no steps, so it cannot be shown complete"
	case len(d.Residual) == 0:
		return vocab.VerdictComplete, fmt.Sprintf("all %d declared steps are verified on HEAD", len(d.Declared))
	}
	return vocab.VerdictIncomplete, fmt.Sprintf("%d of %d declared steps verified; residual %s", len(d.Verified), len(d.Declared), strings.Join(d.Residual, " "))
}
