package edge

import (
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

// InstallRequest is `dos init [DIR] --hooks HOST|auto [--dry-run] [--force]`.
type InstallRequest struct {
	Dir    string // the workspace to wire (absolute)
	Hosts  string // a host name, or "auto"
	DryRun bool   // print the diff, write nothing
	Force  bool   // replace dos's entries; start an invalid file afresh
	Getenv func(string) string
}

// InstallError is an installer failure the CLI exits 1 with (an invalid
// settings file, nothing detected), as opposed to a usage error.
type InstallError struct{ Msg string }

func (e *InstallError) Error() string { return e.Msg }

// Install wires dos's hooks into each requested host's settings: merged
// without touching the user's entries, written atomically, idempotent (a
// second run changes no byte). It returns the lines to print.
func Install(req InstallRequest) ([]string, error) {
	hosts, out, err := pickHosts(req)
	if err != nil {
		return out, err
	}
	for _, h := range hosts {
		lines, err := installHost(req, h)
		out = append(out, lines...)
		if err != nil {
			return out, err
		}
	}
	if !req.DryRun {
		if err := EnsureGitignore(filepath.Join(req.Dir, ".dos")); err != nil {
			return out, fmt.Errorf("write .dos/.gitignore: %w", err)
		}
	}
	return out, nil
}

func pickHosts(req InstallRequest) ([]install.Host, []string, error) {
	if req.Hosts != "auto" {
		h, err := install.LookupHost(req.Hosts)
		return []install.Host{h}, nil, err
	}
	var names []string
	dirs := install.ConfigDirs()
	for _, h := range install.Hosts() {
		_, err := os.Stat(filepath.Join(req.Dir, dirs[h.Name]))
		if err == nil || (h.Name == "claude-code" && req.Getenv("CLAUDECODE") != "") {
			names = append(names, h.Name)
		}
	}
	if len(names) == 0 {
		var probed []string
		for _, h := range install.Hosts() {
			probed = append(probed, dirs[h.Name]+"/")
		}
		slices.Sort(probed)
		return nil, nil, &InstallError{"--hooks auto: no agent host detected in " + req.Dir + " (looked for " + strings.Join(probed, " ") + " and $CLAUDECODE); name one: --hooks " + strings.Join(install.HostNames(), "|")}
	}
	var hosts []install.Host
	for _, n := range names {
		h, _ := install.LookupHost(n)
		hosts = append(hosts, h)
	}
	return hosts, []string{"--hooks auto: detected " + strings.Join(names, ", ")}, nil
}

func installHost(req InstallRequest, h install.Host) ([]string, error) {
	path := filepath.Join(req.Dir, filepath.FromSlash(h.File))
	in, err := os.ReadFile(path)
	mode := fs.FileMode(0o644)
	if err == nil {
		if st, serr := os.Stat(path); serr == nil {
			mode = st.Mode().Perm()
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, &InstallError{fmt.Sprintf("dos init --hooks %s: read %s: %v", h.Name, path, err)}
	}
	res, err := install.Merge(h, in, req.Force)
	if err != nil {
		return nil, &InstallError{fmt.Sprintf("dos init --hooks %s: %s %v", h.Name, path, err)}
	}
	var out []string
	for _, n := range res.Notes {
		out = append(out, "  note: "+n)
	}
	if len(res.Already) > 0 {
		out = append(out, fmt.Sprintf("left %d existing DOS hook(s) untouched in %s (use --force to repair): %s", len(res.Already), path, strings.Join(res.Already, ", ")))
	}
	if !res.Changed(in) {
		return out, nil
	}
	if req.DryRun {
		out = append(out, fmt.Sprintf("--dry-run: would wire %d DOS hook(s) into %s: %s", len(res.Added), path, strings.Join(res.Added, ", ")))
		out = append(out, strings.Split(strings.TrimSuffix(install.Diff(h.File, in, res.Out), "\n"), "\n")...)
		return out, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return out, err
	}
	if err := journal.WriteFileAtomic(filepath.Dir(path), filepath.Base(path), res.Out); err != nil {
		return out, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(path, mode); err != nil {
		return out, err
	}
	out = append(out, fmt.Sprintf("wired %d DOS hook(s) into %s: %s", len(res.Added), path, strings.Join(res.Added, ", ")))
	var bound []string
	for _, w := range h.Wires {
		bound = append(bound, w.Event+" → "+h.Command(w.Verb))
	}
	out = append(out, "  bound to "+h.Name+": "+strings.Join(bound, "; "))
	if h.Note != "" {
		out = append(out, "  note: "+h.Note)
	}
	return out, nil
}

// HostWiring is one host's hook wiring in a workspace.
type HostWiring struct {
	Host   string   `json:"host"`
	File   string   `json:"file"`
	Events []string `json:"events"` // the host events that run a dos hook
}

// Wiring reports, for every host whose settings file exists in ws, which
// of its events run a dos hook (doctor's and dos_doctor's seam).
func Wiring(ws string) []HostWiring {
	var out []HostWiring
	for _, h := range install.Hosts() {
		b, err := os.ReadFile(filepath.Join(ws, filepath.FromSlash(h.File)))
		if err != nil {
			continue
		}
		ev := install.Wired(h, b)
		if ev == nil {
			ev = []string{}
		}
		out = append(out, HostWiring{Host: h.Name, File: h.File, Events: ev})
	}
	return out
}
