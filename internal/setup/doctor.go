package setup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dos-go/dos/config"
	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Check severities: a failed "fail" check makes `doctor --check` exit 1;
// a failed "warn" check is reported and does not.
const (
	SevFail = "fail"
	SevWarn = "warn"
)

// Check is one thing doctor looked at.
type Check struct {
	Name     string `json:"name"`
	OK       bool   `json:"ok"`
	Severity string `json:"severity"` // what a failure counts as
	Detail   string `json:"detail"`
	Fix      string `json:"fix,omitempty"`
}

// HostHooks is whether one agent host's settings run dos's hooks.
type HostHooks struct {
	Host   string   `json:"host"`
	Wired  bool     `json:"wired"`
	Path   string   `json:"path"`
	Events []string `json:"events,omitempty"` // the host events that run a dos hook
}

// HookProbe finds which agent hosts have dos's hooks wired in workspace.
// The hooks front door (dos init --hooks) supplies the real one per host.
type HookProbe func(workspace string) []HostHooks

// ClaudeCodeProbe is the minimal probe: .claude/settings.json (or
// settings.local.json) mentions `dos hook`.
func ClaudeCodeProbe(workspace string) []HostHooks {
	for _, name := range []string{"settings.json", "settings.local.json"} {
		p := filepath.Join(workspace, ".claude", name)
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "dos hook") {
			return []HostHooks{{Host: "claude-code", Wired: true, Path: p}}
		}
	}
	return []HostHooks{{Host: "claude-code", Path: filepath.Join(workspace, ".claude", "settings.json")}}
}

// DoctorInput is what doctor checks: the resolved paths, the loaded
// config (with its lint findings), where dos-pipes was found (or why not)
// and the hook probe.
type DoctorInput struct {
	Workspace, Journal string
	Config             *config.Config
	Findings           []config.Finding
	Pipes              string
	PipesErr           error
	Hooks              HookProbe
}

// DoctorReport is every check, in order, and the config doctor read.
type DoctorReport struct {
	Workspace string           `json:"workspace"`
	Git       bool             `json:"git"` // the workspace is a git repository
	Paths     config.Paths     `json:"paths"`
	Lanes     vocab.Lanes      `json:"lanes"`
	Stamp     vocab.Stamp      `json:"stamp"`
	Hooks     []HostHooks      `json:"hooks"`
	Checks    []Check          `json:"checks"`
	Findings  []config.Finding `json:"findings"`
	Healthy   bool             `json:"healthy"` // no failed fail-check
}

// Doctor runs every check. It writes nothing (the journal probe creates
// and removes one temporary file inside an existing journal directory).
func Doctor(ctx context.Context, in DoctorInput) DoctorReport {
	rep := DoctorReport{Workspace: in.Workspace, Paths: in.Config.Paths, Lanes: in.Config.Lanes, Stamp: in.Config.Stamp, Findings: in.Findings}
	add := func(c Check) { rep.Checks = append(rep.Checks, c) }

	gitOK := false
	if bin, err := exec.LookPath("git"); err != nil {
		add(Check{Name: "git", Severity: SevFail, Detail: "no git on PATH: dos has no evidence without it", Fix: "install git"})
	} else {
		out, _ := exec.CommandContext(ctx, bin, "--version").Output()
		gitOK = true
		add(Check{Name: "git", OK: true, Severity: SevFail, Detail: strings.TrimSpace(string(out))})
	}
	repo := git.Repo{Dir: in.Workspace}
	top, err := repo.TopLevel(ctx)
	switch {
	case !gitOK:
		add(Check{Name: "repository", Severity: SevFail, Detail: "not checked: no git"})
	case err != nil:
		add(Check{Name: "repository", Severity: SevFail, Detail: fmt.Sprintf("%s is not a git repository (%v)", in.Workspace, oneLine(err)), Fix: "run dos in a repository, or pass --workspace"})
	default:
		rep.Git = true
		add(Check{Name: "repository", OK: true, Severity: SevFail, Detail: "git work tree at " + top})
	}
	add(journalCheck(ctx, in.Journal))
	add(ignoredCheck(ctx, repo, rep.Git, in.Workspace, in.Journal))

	probe := in.Hooks
	if probe == nil {
		probe = HostsProbe
	}
	rep.Hooks = probe(in.Workspace)
	var wired []string
	for _, h := range rep.Hooks {
		if h.Wired {
			wired = append(wired, h.Host)
		}
	}
	if len(wired) > 0 {
		add(Check{Name: "hooks", OK: true, Severity: SevWarn, Detail: "wired for " + strings.Join(wired, ", ")})
	} else {
		add(Check{Name: "hooks", Severity: SevWarn, Detail: "no agent host runs dos's hooks here: agents are not refereed as they work", Fix: "dos init --hooks claude-code (or --hooks auto)"})
	}
	if in.PipesErr != nil {
		add(Check{Name: "dos-pipes", Severity: SevWarn, Detail: "not found: dos export and dos notify cannot run (" + oneLine(in.PipesErr) + ")", Fix: "install dos-pipes beside dos or on PATH (make install)"})
	} else {
		add(Check{Name: "dos-pipes", OK: true, Severity: SevWarn, Detail: in.Pipes})
	}
	add(configCheck(in.Config, in.Findings))
	rep.Healthy = true
	for _, c := range rep.Checks {
		if !c.OK && c.Severity == SevFail {
			rep.Healthy = false
		}
	}
	if rep.Findings == nil {
		rep.Findings = []config.Finding{}
	}
	return rep
}

func journalCheck(ctx context.Context, dir string) Check {
	c := Check{Name: "journal", Severity: SevFail}
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		parent := dir
		for {
			parent = filepath.Dir(parent)
			if st, err := os.Stat(parent); err == nil {
				if !st.IsDir() {
					c.Detail, c.Fix = fmt.Sprintf("%s cannot be created: %s is not a directory", dir, parent), "point --journal (or DOS_JOURNAL) at a directory"
					return c
				}
				break
			}
			if parent == filepath.Dir(parent) {
				break
			}
		}
		if f, err := os.CreateTemp(parent, ".dos-doctor-*"); err != nil {
			c.Detail, c.Fix = fmt.Sprintf("%s cannot be created: %s is not writable", dir, parent), "make it writable, or point --journal elsewhere"
			return c
		} else {
			f.Close()
			os.Remove(f.Name())
		}
		c.OK, c.Detail = true, "no journal yet at "+dir+" (it is created by the first verdict)"
		return c
	}
	if err != nil || !fi.IsDir() {
		c.Detail, c.Fix = fmt.Sprintf("%s is not a directory", dir), "point --journal (or DOS_JOURNAL) at a directory"
		return c
	}
	f, err := os.CreateTemp(dir, ".tmp-doctor-*")
	if err != nil {
		c.Detail, c.Fix = fmt.Sprintf("%s is not writable: verdicts would not be journaled", dir), "fix its permissions"
		return c
	}
	f.Close()
	os.Remove(f.Name())
	v, err := journal.Verify(ctx, dir)
	switch {
	case err != nil:
		c.Detail, c.Fix = "cannot verify: "+oneLine(err), "dos journal verify"
	case !v.Intact():
		what := "unsupported"
		if v.Breach != nil {
			what = v.Breach.Message
		}
		c.Detail, c.Fix = "the hash chain is broken: "+what, "dos journal verify; dos journal repair"
	default:
		c.OK, c.Detail = true, fmt.Sprintf("%s: writable, %d record(s), hash chain verified", dir, v.Records)
	}
	return c
}

func ignoredCheck(ctx context.Context, repo git.Repo, isRepo bool, workspace, journalDir string) Check {
	c := Check{Name: ".dos ignored", Severity: SevFail}
	rel, err := filepath.Rel(workspace, journalDir)
	if err != nil || strings.HasPrefix(rel, "..") {
		c.OK, c.Detail = true, "the journal lives outside the workspace"
		return c
	}
	if !isRepo {
		c.Detail = "not checked: not a git repository"
		return c
	}
	ign, err := repo.IsIgnored(ctx, filepath.ToSlash(filepath.Join(rel, "probe")))
	switch {
	case err != nil:
		c.Detail = "cannot ask git: " + oneLine(err)
	case !ign:
		c.Detail, c.Fix = filepath.ToSlash(rel)+" is not ignored: the journal could be committed as if it were work", "dos init writes .dos/.gitignore"
	default:
		c.OK, c.Detail = true, filepath.ToSlash(rel)+" is ignored by git"
	}
	return c
}

func configCheck(c *config.Config, fs []config.Finding) Check {
	ck := Check{Name: "dos.toml", Severity: SevFail}
	if !c.Present {
		ck.OK, ck.Detail = true, "none: the generic default (one lane main, exclusive global)"
		ck.Fix = "dos init writes one with lanes from your top-level directories"
		return ck
	}
	errs, warns := 0, 0
	for _, f := range fs {
		switch f.Severity {
		case config.SevError:
			errs++
		case config.SevWarn:
			warns++
		}
	}
	lanes := fmt.Sprintf("%d lane(s)", len(c.Lanes.Names()))
	switch {
	case errs > 0:
		ck.Detail, ck.Fix = fmt.Sprintf("%s: %d error(s), %d warning(s)", c.Path, errs, warns), "dos lint"
	case warns > 0:
		ck.OK, ck.Severity, ck.Detail, ck.Fix = true, SevWarn, fmt.Sprintf("%s: valid, %s, %d warning(s)", c.Path, lanes, warns), "dos lint"
	default:
		ck.OK, ck.Detail = true, fmt.Sprintf("%s: valid, %s", c.Path, lanes)
	}
	return ck
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
