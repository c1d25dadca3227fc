// Package setup scaffolds a workspace (`dos init`) and checks one (`dos
// doctor`). Init is a list of steps, each reporting what it wrote, so
// more steps (the agent hosts' hook settings) slot in beside dos.toml and
// .dos/.gitignore; doctor is a list of checks, each naming one problem.
package setup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dos-go/dos/config"
	"github.com/dos-go/dos/journal"
)

// Options shape one `dos init`.
type Options struct {
	// Example writes the named example taxonomy instead of inferring lanes.
	Example string
	// Force overwrites what a step would otherwise leave alone (dos.toml;
	// dos's own hook entries); DryRun reports what each step would write
	// (a hook step its diff) and writes nothing.
	Force, DryRun bool
}

// Step actions.
const (
	Wrote   = "wrote"   // the step wrote Path
	Exists  = "exists"  // Path was already there and was left alone
	WouldDo = "would"   // DryRun: the step would write Path
	Skipped = "skipped" // nothing to do
)

// Outcome is what one step did.
type Outcome struct {
	Step   string   `json:"step"`
	Action string   `json:"action"`
	Path   string   `json:"path"`
	Note   string   `json:"note,omitempty"`
	Notes  []string `json:"notes,omitempty"` // further lines (a hook step's bindings and caveats)
	Diff   string   `json:"diff,omitempty"`  // DryRun: the change the step would make
}

// Step is one part of `dos init`: it writes (or leaves) one thing in dir.
type Step struct {
	Name string
	Run  func(ctx context.Context, dir string, o Options) (Outcome, error)
}

// Report is the whole init: every step's outcome in order.
type Report struct {
	Dir   string    `json:"dir"`
	Steps []Outcome `json:"steps"`
}

// ConfigExists reports whether the dos.toml step found one already (the
// reference exits 1 then).
func (r Report) ConfigExists() bool {
	for _, s := range r.Steps {
		if s.Step == StepConfig && s.Action == Exists {
			return true
		}
	}
	return false
}

// Step names.
const (
	StepConfig    = "dos.toml"
	StepGitignore = ".dos/.gitignore"
)

// DefaultSteps are dos init's steps: dos.toml, then .dos/.gitignore.
func DefaultSteps() []Step {
	return []Step{{Name: StepConfig, Run: writeConfig}, {Name: StepGitignore, Run: writeGitignore}}
}

// Init creates dir if missing and runs steps in order, stopping at the
// first error.
func Init(ctx context.Context, dir string, o Options, steps []Step) (Report, error) {
	rep := Report{Dir: dir}
	if o.Example != "" {
		if _, err := config.LookupExample(o.Example); err != nil {
			return rep, err
		}
	}
	if !o.DryRun {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return rep, fmt.Errorf("create %s: %w", dir, err)
		}
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		out, err := s.Run(ctx, dir, o)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", s.Name, err)
		}
		out.Step = s.Name
		rep.Steps = append(rep.Steps, out)
	}
	return rep, nil
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func writeConfig(_ context.Context, dir string, o Options) (Outcome, error) {
	path := filepath.Join(dir, config.FileName)
	if ok, err := exists(path); err != nil || (ok && !o.Force) {
		return Outcome{Action: Exists, Path: path, Note: "left alone (never overwritten)"}, err
	}
	var text, note string
	if o.Example != "" {
		ex, _ := config.LookupExample(o.Example)
		text, note = config.Scaffold(nil, &ex), fmt.Sprintf("example %s: %d concurrent lane(s) %v + exclusive %v", ex.Name, len(ex.Concurrent), ex.Concurrent, ex.Exclusive)
	} else {
		dirs, err := topDirs(dir)
		if err != nil {
			return Outcome{}, err
		}
		lanes := config.InferLanes(dirs)
		text = config.Scaffold(lanes, nil)
		note = fmt.Sprintf("derived %d concurrent lane(s) %v + an exclusive 'global'", len(lanes), lanes)
		if len(lanes) == 0 {
			note = "no source dirs detected: scaffolded a single-writer 'main' lane"
		}
	}
	if o.DryRun {
		return Outcome{Action: WouldDo, Path: path, Note: note}, nil
	}
	if err := journal.WriteFileAtomic(dir, config.FileName, []byte(text)); err != nil {
		return Outcome{}, err
	}
	return Outcome{Action: Wrote, Path: path, Note: note}, nil
}

func topDirs(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// GitignoreBody ignores everything under .dos/ (the journal, cursors,
// locks): nothing there is ever shipped work.
const GitignoreBody = "# dos's own state (journal, cursors, locks): never committed\n*\n"

func writeGitignore(_ context.Context, dir string, o Options) (Outcome, error) {
	sub := filepath.Join(dir, ".dos")
	path := filepath.Join(sub, ".gitignore")
	if ok, err := exists(path); err != nil || ok {
		return Outcome{Action: Exists, Path: path}, err
	}
	if o.DryRun {
		return Outcome{Action: WouldDo, Path: path}, nil
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return Outcome{}, err
	}
	if err := journal.WriteFileAtomic(sub, ".gitignore", []byte(GitignoreBody)); err != nil {
		return Outcome{}, err
	}
	return Outcome{Action: Wrote, Path: path, Note: "everything under .dos/ is ignored by git"}, nil
}
