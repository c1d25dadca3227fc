package setup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dos-go/dos/hooks/install"
	"github.com/dos-go/dos/journal"
)

// The hook steps of `dos init --hooks HOST|auto`: each merges dos's hook
// entries into one agent host's settings file (hooks/install does the
// pure merge: the user's bytes kept, a second run changes nothing) and
// writes it atomically. Wired, Exists and WouldDo report as the other
// steps do; a file that is not valid JSON is a *HookError (exit 1, the
// file untouched).

// StepHooksPrefix names a hook step: "hooks:" + the host.
const StepHooksPrefix = "hooks:"

// HookError is a hook step that could not merge (an invalid settings
// file, no host detected): the CLI exits 1 with it.
type HookError struct{ Msg string }

// Error returns the one line the CLI prints.
func (e *HookError) Error() string { return e.Msg }

// HookSteps are the steps wiring hosts ("auto": every host whose config
// directory is in dir, or claude-code when $CLAUDECODE is set). The note
// says what auto detected.
func HookSteps(dir, hosts string, getenv func(string) string) ([]Step, string, error) {
	var picked []install.Host
	note := ""
	if hosts != "auto" {
		h, err := install.LookupHost(hosts)
		if err != nil {
			return nil, "", err
		}
		picked = []install.Host{h}
	} else {
		dirs := install.ConfigDirs()
		var names, probed []string
		for _, h := range install.Hosts() {
			probed = append(probed, dirs[h.Name]+"/")
			if ok, _ := exists(filepath.Join(dir, dirs[h.Name])); ok || (h.Name == "claude-code" && getenv("CLAUDECODE") != "") {
				picked, names = append(picked, h), append(names, h.Name)
			}
		}
		if len(picked) == 0 {
			slices.Sort(probed)
			return nil, "", &HookError{"--hooks auto: no agent host detected in " + dir + " (looked for " + strings.Join(probed, " ") +
				" and $CLAUDECODE); name one: --hooks " + strings.Join(install.HostNames(), "|")}
		}
		note = "--hooks auto: detected " + strings.Join(names, ", ")
	}
	var steps []Step
	for _, h := range picked {
		steps = append(steps, Step{Name: StepHooksPrefix + h.Name, Run: func(_ context.Context, dir string, o Options) (Outcome, error) {
			return wireHost(dir, h, o)
		}})
	}
	return steps, note, nil
}

func wireHost(dir string, h install.Host, o Options) (Outcome, error) {
	path := filepath.Join(dir, filepath.FromSlash(h.File))
	in, err := os.ReadFile(path)
	mode := fs.FileMode(0o644)
	if err == nil {
		if st, serr := os.Stat(path); serr == nil {
			mode = st.Mode().Perm()
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Outcome{}, &HookError{fmt.Sprintf("dos init --hooks %s: read %s: %v", h.Name, path, err)}
	}
	res, err := install.Merge(h, in, o.Force)
	if err != nil {
		return Outcome{}, &HookError{fmt.Sprintf("dos init --hooks %s: %s %v", h.Name, path, err)}
	}
	out := Outcome{Path: path, Notes: res.Notes}
	if len(res.Already) > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("left %d existing DOS hook(s) untouched (use --force to repair): %s", len(res.Already), strings.Join(res.Already, ", ")))
	}
	if !res.Changed(in) {
		out.Action = Exists
		out.Note = "dos's hooks are already wired"
		return out, nil
	}
	out.Note = fmt.Sprintf("%d DOS hook(s): %s", len(res.Added), strings.Join(res.Added, ", "))
	if o.DryRun {
		out.Action, out.Diff = WouldDo, install.Diff(h.File, in, res.Out)
		return out, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return Outcome{}, err
	}
	if err := journal.WriteFileAtomic(filepath.Dir(path), filepath.Base(path), res.Out); err != nil {
		return Outcome{}, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(path, mode); err != nil {
		return Outcome{}, err
	}
	out.Action = Wrote
	var bound []string
	for _, w := range h.Wires {
		bound = append(bound, w.Event+" → "+h.Command(w.Verb))
	}
	out.Notes = append(out.Notes, "bound to "+h.Name+": "+strings.Join(bound, "; "))
	if h.Note != "" {
		out.Notes = append(out.Notes, h.Note)
	}
	return out, nil
}

// HostsProbe is doctor's hook probe for every host of the installer
// matrix: a host is wired when its settings file runs a dos hook.
func HostsProbe(workspace string) []HostHooks {
	var out []HostHooks
	for _, h := range install.Hosts() {
		p := filepath.Join(workspace, filepath.FromSlash(h.File))
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		ev := install.Wired(h, b)
		out = append(out, HostHooks{Host: h.Name, Wired: len(ev) > 0, Path: p, Events: ev})
	}
	if len(out) == 0 {
		out = append(out, HostHooks{Host: "claude-code", Path: filepath.Join(workspace, ".claude", "settings.json")})
	}
	return out
}
