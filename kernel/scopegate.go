package kernel

import (
	"context"
	"fmt"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// ScopeGateRequest names the change to judge: Files, else the staged
// files, else the files between Base and Head.
type ScopeGateRequest struct {
	Files      []string
	Staged     bool
	Base, Head string
	Lanes      vocab.Lanes
}

// ScopeGate judges whether a change stays in the Env's lane's tree
// (lease.ClassifyScope): ALLOW 0, SCOPE_CREEP 5, WRONG_TARGET 6, and
// appends one scope.gate record. The tree is the lane's dos.toml tree,
// else the tree of the run's live lease on that lane (taken with
// --paths); with no lane, the run's only live lease, else the whole tree.
// Git that cannot be read is an error (exit 2), never ALLOW.
func ScopeGate(ctx context.Context, env Env, req ScopeGateRequest) (Result, error) {
	files, source, err := scopeFiles(ctx, env.Workspace, req)
	if err != nil {
		return Result{}, err
	}
	lane, tree, err := scopeTree(ctx, env, req.Lanes)
	if err != nil {
		return Result{}, err
	}
	v, d := lease.ClassifyScope(lane, tree, files, source)
	return env.emit(ctx, vocab.SysScopeGate, v, journal.Record{Lane: lane}, d), nil
}

func scopeFiles(ctx context.Context, dir string, req ScopeGateRequest) ([]string, string, error) {
	if len(req.Files) > 0 {
		return req.Files, "files", nil
	}
	if !req.Staged && req.Base == "" && req.Head == "" {
		return nil, "", vocab.Usagef("scope-gate needs the change: --file P (repeatable), --staged, or --base B [--head H]")
	}
	repo, err := git.Open(dir)
	if err != nil {
		return nil, "", gitUsage(err, dir)
	}
	if req.Staged {
		fs, err := repo.StagedFiles(ctx)
		if err != nil {
			return nil, "", gitUsage(err, dir)
		}
		return fs, "staged", nil
	}
	base, head := req.Base, req.Head
	if base == "" {
		base = "HEAD"
	}
	if head == "" {
		head = "HEAD"
	}
	fs, err := repo.ChangedFiles(ctx, base, head)
	if err != nil {
		return nil, "", gitUsage(err, dir)
	}
	return fs, "range", nil
}

func scopeTree(ctx context.Context, env Env, lanes vocab.Lanes) (string, []string, error) {
	var live []vocab.HeldLease
	if env.RunID != "" {
		all, err := LiveLeases(ctx, env.JournalDir, env.now())
		if err != nil {
			return "", nil, fmt.Errorf("read live leases: %w", err)
		}
		for _, l := range all {
			if l.Holder.RunID == env.RunID {
				live = append(live, l)
			}
		}
	}
	if env.Lane == "" {
		if len(live) == 1 {
			return live[0].Lane, live[0].Tree, nil
		}
		return "", []string{"**/*"}, nil
	}
	lane, _ := lanes.Resolve(env.Lane)
	if t := lanes.Tree(lane); len(t) > 0 {
		return lane, t, nil
	}
	for _, l := range live {
		if l.Lane == lane {
			return lane, l.Tree, nil
		}
	}
	return lane, nil, nil
}
