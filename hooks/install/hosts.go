// Package install wires dos's hooks into an agent host's settings, pure:
// the installer matrix (which file, which events, which command) and the
// merge functions that add dos's entries to a user's settings without
// touching a byte of theirs — JSON spliced in place (their key order,
// spacing and entries kept), Codex's TOML as a fenced block — so a second
// run changes nothing. Reading and writing the files is the caller's.
package install

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Format is how a host's settings file is written.
type Format int

// Formats.
const (
	JSONGrouped Format = iota // {"hooks":{"Event":[{"hooks":[{"type":"command","command":…}]}]}}
	JSONFlat                  // {"version":1,"hooks":{"event":[{"command":…}]}} (Cursor)
	TOMLFenced                // [[hooks.Event]] tables in a fenced block (Codex)
)

// Wire is one host event bound to one hook verb.
type Wire struct {
	Event string // the host's event name
	Verb  string // pretool | posttool | stop
}

// Host is one row of the installer matrix.
type Host struct {
	Name    string
	File    string // relative to the workspace
	Format  Format
	Wires   []Wire
	Dialect string // "" for claude-code, whose dialect is the default
	// Workspace is the --workspace argument the entries carry ("" to let
	// dos take the event's cwd, for hosts with no project-dir variable).
	Workspace string
	// TimeoutKey and Timeout: the entry's timeout, in the host's unit.
	Timeout int
	Note    string // a caveat printed after wiring
}

// Hosts is the installer matrix (docs/HOOKS.md shows the same table).
func Hosts() []Host {
	return []Host{
		{Name: "claude-code", File: ".claude/settings.json", Format: JSONGrouped, Workspace: `"$CLAUDE_PROJECT_DIR"`, Timeout: 30,
			Wires: []Wire{{"PreToolUse", "pretool"}, {"PostToolUse", "posttool"}, {"Stop", "stop"}}},
		{Name: "codex", File: ".codex/config.toml", Format: TOMLFenced, Dialect: "codex", Timeout: 30,
			Wires: []Wire{{"PreToolUse", "pretool"}, {"PostToolUse", "posttool"}, {"Stop", "stop"}},
			Note:  "project-level .codex/config.toml is read when the project is trusted; Codex ≥ 0.124 runs hooks by default"},
		{Name: "gemini", File: ".gemini/settings.json", Format: JSONGrouped, Dialect: "gemini", Workspace: `"$GEMINI_PROJECT_DIR"`, Timeout: 30000,
			Wires: []Wire{{"BeforeTool", "pretool"}, {"AfterTool", "posttool"}, {"AfterAgent", "stop"}},
			Note:  "Gemini CLI runs hooks only with hooks enabled in its settings"},
		{Name: "cursor", File: ".cursor/hooks.json", Format: JSONFlat, Dialect: "cursor",
			Wires: []Wire{{"beforeShellExecution", "pretool"}, {"beforeMCPExecution", "pretool"}, {"afterFileEdit", "posttool"}, {"stop", "stop"}},
			Note:  "Cursor's stop hook cannot see the last message: stop judges this run's open intent claims"},
		{Name: "antigravity", File: ".agents/hooks.json", Format: JSONGrouped, Dialect: "antigravity", Timeout: 30,
			Wires: []Wire{{"PreToolUse", "pretool"}, {"PostToolUse", "posttool"}, {"Stop", "stop"}}},
	}
}

// HostNames lists the hosts --hooks accepts (besides auto), and
// claude-cowork, which shares claude-code's file.
func HostNames() []string {
	var out []string
	for _, h := range Hosts() {
		out = append(out, h.Name)
	}
	return append(out, "claude-cowork")
}

// LookupHost finds a host; claude-cowork is claude-code (one file, one
// set of hooks covers both).
func LookupHost(name string) (Host, error) {
	if name == "claude-cowork" {
		name = "claude-code"
	}
	for _, h := range Hosts() {
		if h.Name == name {
			return h, nil
		}
	}
	return Host{}, fmt.Errorf("--hooks %q: one of %s, or auto", name, strings.Join(HostNames(), ", "))
}

// ConfigDirs are the directories whose presence detects a host for
// --hooks auto.
func ConfigDirs() map[string]string {
	return map[string]string{"claude-code": ".claude", "codex": ".codex", "cursor": ".cursor", "gemini": ".gemini", "antigravity": ".agents"}
}

// Command is the hook command line a host runs for verb.
func (h Host) Command(verb string) string {
	parts := []string{"dos", "hook", verb}
	if h.Workspace != "" {
		parts = append(parts, "--workspace", h.Workspace)
	}
	if h.Dialect != "" {
		parts = append(parts, "--dialect", h.Dialect)
	}
	return strings.Join(parts, " ")
}

// Events lists the host's events, in order.
func (h Host) Events() []string {
	var out []string
	for _, w := range h.Wires {
		if !slices.Contains(out, w.Event) {
			out = append(out, w.Event)
		}
	}
	return out
}

// IsDosCommand reports whether a hook command runs a dos hook: `dos hook …`
// itself, a path to dos, or a plugin launcher line with it after `||`.
func IsDosCommand(cmd string) bool {
	for _, part := range strings.Split(cmd, "||") {
		p := strings.TrimSpace(part)
		p = strings.TrimLeft(p, `"'`)
		if strings.HasPrefix(p, "dos hook ") || strings.Contains(p, "/dos hook ") || strings.Contains(p, `/dos" hook `) || strings.Contains(p, "/dos' hook ") {
			return true
		}
	}
	return false
}

// Result is what a merge did.
type Result struct {
	Out     []byte   // the new file (equal to the input when nothing changed)
	Added   []string // events wired now
	Already []string // events that had a dos entry and were left untouched
	Notes   []string // warnings (a TOML table that may conflict, a replaced non-object)
}

// Changed reports whether the file changes.
func (r Result) Changed(in []byte) bool { return string(r.Out) != string(in) }

// Merge adds h's dos entries to a settings file's bytes (empty for a file
// that does not exist). Invalid input is an error unless force, which
// starts from an empty document; force also replaces existing dos entries.
func Merge(h Host, in []byte, force bool) (Result, error) {
	if h.Format == TOMLFenced {
		return mergeTOML(h, in, force), nil
	}
	return mergeJSON(h, in, force)
}

// Wired lists the events of h whose entries in a settings file's bytes
// run a dos hook: doctor's "hooks wired for which hosts".
func Wired(h Host, in []byte) []string {
	if h.Format == TOMLFenced {
		if strings.Contains(string(in), fenceOpen) {
			return h.Events()
		}
		return nil
	}
	var doc struct {
		Hooks map[string][]jsonRaw `json:"hooks"`
	}
	if json.Unmarshal(in, &doc) != nil {
		return nil
	}
	var out []string
	for _, ev := range h.Events() {
		for _, e := range doc.Hooks[ev] {
			if hasDosEntry(e) {
				out = append(out, ev)
				break
			}
		}
	}
	return out
}

type jsonRaw = json.RawMessage
