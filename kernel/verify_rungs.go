package kernel

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/vocab"
)

// VerifyRungs is what verify's other rungs read, as plain values: the
// stamp grammar, the run registry and the plan documents (the workspace's
// dos.toml [stamp] and [paths] hand these in; DefaultVerifyRungs is the
// generic layout).
type VerifyRungs struct {
	Grammar   vocab.StampGrammar
	StatePath string // the execution-state registry, relative to the workspace
	PlansGlob string // plan documents, relative to the workspace (** allowed)
}

// DefaultVerifyRungs is the generic layout: dos.state.yaml and
// docs/**/*-plan.md.
func DefaultVerifyRungs() VerifyRungs {
	return VerifyRungs{Grammar: vocab.DefaultStampGrammar(), StatePath: "dos.state.yaml", PlansGlob: "docs/**/*-plan.md"}
}

// registryEvidence reads the registry's first done row for plan phase and
// checks the commit it names against git: it must exist, be reachable
// from head and have changed files. The reference accepts any sha here;
// this rung does not.
func registryEvidence(ctx context.Context, repo git.Repo, ws string, r VerifyRungs, plan, phase, head string) vocab.RegistryEvidence {
	var ev vocab.RegistryEvidence
	if r.StatePath == "" {
		return ev
	}
	p := r.StatePath
	if !filepath.IsAbs(p) {
		p = filepath.Join(ws, p)
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return ev
	}
	ev.File = r.StatePath
	if rel, rerr := filepath.Rel(ws, p); rerr == nil && !strings.HasPrefix(rel, "..") {
		ev.File = filepath.ToSlash(rel) // the record names the workspace's file, not this machine's path
	}
	if err != nil {
		ev.Err = err.Error()
		return ev
	}
	rows, err := vocab.ParseRegistry(b)
	if err != nil {
		ev.Err = err.Error()
		return ev
	}
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	for _, row := range rows {
		if norm(row["plan"]) != strings.ToLower(plan) || norm(row["phase"]) != strings.ToLower(phase) || norm(row["status"]) != "done" {
			continue
		}
		ev.Row = true
		ev.SHA = strings.TrimSpace(row["commit_sha"])
		break
	}
	if !ev.Row || head == "" || !repo.HasCommit(ctx, ev.SHA) {
		return ev
	}
	ev.IsCommit = true
	full, err := repo.Resolve(ctx, ev.SHA)
	if err != nil {
		return ev
	}
	ev.FullSHA = full
	if ok, err := repo.IsAncestor(ctx, full, head); err != nil || !ok {
		return ev
	}
	ev.Reachable = true
	if cs, err := repo.AuditCommits(ctx, full); err == nil && len(cs) == 1 {
		ev.FilesChanged = len(cs[0].Files) // dos's own files (repo.Own) left out: never work
	}
	return ev
}

// globRegexp turns a workspace glob (** spans directories) into a regexp.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// planDoc finds the plan document whose front matter says "id: PLAN".
func planDoc(ws, glob, plan string) (string, string) {
	re, err := globRegexp(glob)
	if err != nil {
		return "", ""
	}
	var found, body string
	// Walk only below the glob's literal directory prefix ("docs" for
	// docs/**/*-plan.md): a NOT_SHIPPED verify must not read the whole tree.
	base := ws
	for _, seg := range strings.Split(glob, "/") {
		if strings.ContainsAny(seg, "*?[") {
			break
		}
		base = filepath.Join(base, seg)
	}
	if fi, err := os.Stat(base); err != nil || !fi.IsDir() {
		return "", ""
	}
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found != "" {
			return nil
		}
		rel, _ := filepath.Rel(ws, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if n := d.Name(); rel != "." && (n == ".git" || n == ".dos" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !re.MatchString(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if frontMatterID(string(b)) == strings.ToLower(plan) {
			found, body = rel, string(b)
		}
		return nil
	})
	return found, body
}

// frontMatterID reads "id:" from a document's leading --- front matter.
func frontMatterID(doc string) string {
	lines := strings.Split(doc, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return ""
	}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "---" {
			break
		}
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "id" {
			return strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
		}
	}
	return ""
}

// artifactEvidence is the file-path rung: the newest non-merge commit
// that touched at least two of the paths the phase's section names, one of
// them not shared infra.
func artifactEvidence(ctx context.Context, repo git.Repo, ws string, r VerifyRungs, plan, phase, ref string) vocab.ArtifactEvidence {
	var ev vocab.ArtifactEvidence
	if r.PlansGlob == "" {
		ev.Why = "no plans glob"
		return ev
	}
	doc, body := planDoc(ws, r.PlansGlob, plan)
	if ev.Doc = doc; doc == "" {
		ev.Why = "no plan document with id: " + plan + " under " + r.PlansGlob
		return ev
	}
	ev.Paths = vocab.PhaseSectionPaths(body, phase)
	if len(ev.Paths) < 2 {
		ev.Why = "the phase's section in " + ev.Doc + " names fewer than 2 repo paths"
		return ev
	}
	touches, err := repo.CommitsTouching(ctx, ref, ev.Paths)
	if err != nil {
		ev.Why = "git: " + err.Error()
		return ev
	}
	for _, t := range touches {
		var named []string
		real := false
		for _, p := range t.Paths {
			if slices.Contains(ev.Paths, p) {
				named = append(named, p)
				if !slices.Contains(r.Grammar.InfraBasenames, path.Base(p)) {
					real = true
				}
			}
		}
		if len(named) >= 2 && real {
			ev.SHA, ev.Touched = t.SHA, named
			return ev
		}
	}
	ev.Why = "no single non-merge commit touched 2 of " + strings.Join(ev.Paths, ", ")
	return ev
}

// otherRungs runs the registry and file-path rungs around the stamp
// rung's verdict (v, d) and decides over all three.
func otherRungs(ctx context.Context, env Env, req VerifyRequest, ev vocab.VerifyEvidence, v vocab.Verdict, d vocab.VerifyDetail) (vocab.Verdict, vocab.VerifyRungsDetail) {
	r := req.rungs()
	repo := ownRepo(ctx, env)
	var reg vocab.RegistryEvidence
	var art vocab.ArtifactEvidence
	if ev.Head != "" {
		reg = registryEvidence(ctx, repo, env.Workspace, r, req.Plan, req.Phase, ev.Head)
		if v.Token != vocab.VerdictShipped {
			art = artifactEvidence(ctx, repo, env.Workspace, r, req.Plan, req.Phase, ev.Head)
		} else {
			art.Why = "not tried: the stamp rung shipped"
		}
	} else {
		art.Why = "no commit yet"
	}
	return vocab.ClassifyVerifyRungs(req.Plan, req.Phase, reg, v, d, art)
}

// rungs is the request's rung configuration, or the generic default.
func (req VerifyRequest) rungs() VerifyRungs {
	if req.Rungs != nil {
		return *req.Rungs
	}
	return DefaultVerifyRungs()
}

// explainLines renders --explain: the interpretation and each rung tried.
func explainLines(v vocab.Verdict, d vocab.VerifyRungsDetail) string {
	var b strings.Builder
	b.WriteString(vocab.VerifyInterpretation(v.Token, d.Via, d.SHA))
	for _, t := range d.Rungs {
		mark := "·"
		if t.Matched {
			mark = "✓"
		}
		b.WriteString("\n  " + mark + " " + t.Rung + ": " + t.Why)
	}
	return b.String()
}

// ownRepo is the workspace's repository with dos's own directories
// (.dos/, the journal) marked, so no rung counts them as work.
func ownRepo(ctx context.Context, env Env) git.Repo {
	repo := git.Repo{Dir: env.Workspace}
	if top, ok := git.WorkTreeTop(ctx, env.Workspace, os.Getenv); ok {
		repo.Own = git.DosDirs(top, env.Workspace, env.JournalDir)
	}
	return repo
}
