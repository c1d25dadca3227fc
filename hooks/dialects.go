package hooks

import (
	"slices"
	"sort"
	"strings"
)

// Canonical tool names (Claude Code's), which every dialect maps onto.
const (
	ToolBash         = "Bash"
	ToolWrite        = "Write"
	ToolEdit         = "Edit"
	ToolMultiEdit    = "MultiEdit"
	ToolNotebookEdit = "NotebookEdit"
	ToolRead         = "Read"
	ToolApplyPatch   = "apply_patch" // Codex: a patch envelope naming its files
	ToolMCP          = "MCP"         // Cursor's beforeMCPExecution: no footprint dos can read
)

// readOnlyTools touch no file (their footprint is known and empty).
var readOnlyTools = []string{"Read", "Grep", "Glob", "LS", "NotebookRead", "WebFetch", "WebSearch", "TodoWrite", "Task", "ExitPlanMode", "BashOutput", "KillShell", "ListMcpResourcesTool", "ReadMcpResourceTool"}

// ReadOnlyTool reports whether a canonical tool writes nothing.
func ReadOnlyTool(tool string) bool { return slices.Contains(readOnlyTools, tool) }

// Dialect is one host's hook protocol: how its events read and how its
// decisions are written.
type Dialect struct {
	Name      string
	normalise func(map[string]any) Event
	render    func(Decision) []byte
}

// Normalise maps a decoded payload to the canonical Event.
func (d Dialect) Normalise(m map[string]any) Event { return d.normalise(m) }

// Render writes decision dec as this host's one-line JSON, newline
// included, or nil when the host is to see nothing (PASS, ALLOW).
func (d Dialect) Render(dec Decision) []byte {
	if dec.Action == ActionPass || dec.Action == ActionAllow {
		return nil
	}
	return d.render(dec)
}

// DefaultDialect is the dialect of a hook given no --dialect.
const DefaultDialect = "claude-code"

// dialects returns the registry, by name.
func dialects() map[string]Dialect {
	cc := Dialect{Name: "claude-code", normalise: normaliseClaude, render: renderClaude}
	withName := func(d Dialect, name string) Dialect { d.Name = name; return d }
	return map[string]Dialect{
		"claude-code":   cc,
		"claude-cowork": withName(cc, "claude-cowork"),
		"codex":         {Name: "codex", normalise: normaliseClaude, render: renderClaude},
		"gemini":        {Name: "gemini", normalise: normaliseGemini, render: renderGemini},
		"cursor":        {Name: "cursor", normalise: normaliseCursor, render: renderCursor},
		"antigravity":   {Name: "antigravity", normalise: normaliseAntigravity, render: renderAntigravity},
		"hermes":        {Name: "hermes", normalise: normaliseHermes, render: renderHermes},
	}
}

// LookupDialect finds a dialect by name.
func LookupDialect(name string) (Dialect, bool) {
	d, ok := dialects()[strings.ToLower(strings.TrimSpace(name))]
	return d, ok
}

// DialectNames lists the dialects, sorted.
func DialectNames() []string {
	var out []string
	for n := range dialects() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// common fills the fields every dialect shares the names of.
func common(m map[string]any, e *Event) {
	e.HostEvent = str(m, "hook_event_name")
	e.Session = str(m, "session_id")
	e.CWD = str(m, "cwd")
	e.Transcript = str(m, "transcript_path")
	e.StopHook = truthy(m["stop_hook_active"])
}

func identity(s string) string { return s }

// Claude Code (and Codex, which speaks the same protocol).
func normaliseClaude(m map[string]any) Event {
	var e Event
	common(m, &e)
	switch e.HostEvent {
	case "PreToolUse":
		e.Moment = MomentPre
	case "PostToolUse", "PostToolUseFailure":
		e.Moment = MomentPost
	case "Stop", "SubagentStop":
		e.Moment = MomentStop
	}
	if tool := str(m, "tool_name"); tool != "" {
		e.fill(tool, obj(m, "tool_input"), identity)
		if e.HostTool == ToolApplyPatch {
			e.Tool = ToolApplyPatch
			e.Command = ""
			e.Paths = PatchPaths(firstString(e.Input, "command", "patch", "input"))
		}
	}
	e.result(m, "tool_response", "tool_output")
	if s, ok := m["last_assistant_message"].(string); ok {
		e.LastAssistant, e.HasLastAssistant = s, true
	}
	return e
}

// geminiTools maps Gemini CLI's built-in tool names to canonical ones.
var geminiTools = map[string]string{
	"run_shell_command": ToolBash, "write_file": ToolWrite, "replace": ToolEdit,
	"read_file": ToolRead, "read_many_files": ToolRead, "glob": "Glob", "search_file_content": "Grep",
	"grep": "Grep", "list_directory": "LS", "web_fetch": "WebFetch", "google_web_search": "WebSearch",
	"save_memory": "TodoWrite", "write_todos": "TodoWrite",
}

func canonGemini(t string) string {
	if c, ok := geminiTools[t]; ok {
		return c
	}
	return t
}

func normaliseGemini(m map[string]any) Event {
	var e Event
	common(m, &e)
	switch e.HostEvent {
	case "BeforeTool":
		e.Moment = MomentPre
	case "AfterTool":
		e.Moment = MomentPost
	case "AfterAgent":
		e.Moment = MomentStop
	}
	if tool := str(m, "tool_name"); tool != "" {
		e.fill(tool, obj(m, "tool_input"), canonGemini)
	}
	e.result(m, "tool_response")
	if s, ok := m["prompt_response"].(string); ok {
		e.LastAssistant, e.HasLastAssistant = s, true
	}
	return e
}

// Cursor: events without a tool_name (a shell command, a file edit).
func normaliseCursor(m map[string]any) Event {
	var e Event
	common(m, &e)
	if e.Session == "" {
		e.Session = str(m, "conversation_id")
	}
	if roots, ok := m["workspace_roots"].([]any); ok && len(roots) > 0 && e.CWD == "" {
		e.CWD, _ = roots[0].(string)
	}
	switch e.HostEvent {
	case "beforeShellExecution":
		e.Moment = MomentPre
		e.fill(ToolBash, map[string]any{"command": str(m, "command")}, identity)
	case "beforeMCPExecution":
		e.Moment = MomentPre
		e.fill(ToolMCP, nil, identity)
		e.HostTool = str(m, "tool_name")
	case "beforeReadFile":
		e.Moment = MomentPre
		e.fill(ToolRead, map[string]any{"file_path": str(m, "file_path")}, identity)
	case "preToolUse":
		e.Moment = MomentPre
		e.fill(str(m, "tool_name"), obj(m, "tool_input"), identity)
	case "afterShellExecution":
		e.Moment = MomentPost
		e.fill(ToolBash, map[string]any{"command": str(m, "command")}, identity)
		e.result(m, "output")
	case "afterFileEdit":
		e.Moment = MomentPost
		e.fill(ToolEdit, map[string]any{"file_path": str(m, "file_path"), "edits": m["edits"]}, identity)
		e.Result, e.HasResult = m["edits"], m["edits"] != nil
	case "afterMCPExecution":
		e.Moment = MomentPost
		e.fill(ToolMCP, nil, identity)
		e.HostTool = str(m, "tool_name")
		e.result(m, "result_json")
	case "stop":
		e.Moment = MomentStop
		if n, ok := m["loop_count"]; ok {
			e.StopHook = truthy(n)
		}
	}
	return e
}

// antigravityTools maps Antigravity's tool names to canonical ones.
var antigravityTools = map[string]string{
	"run_command": ToolBash, "write_to_file": ToolWrite, "replace_file_content": ToolEdit,
	"multi_replace_file_content": ToolMultiEdit, "view_file": ToolRead, "list_dir": "LS",
	"grep_search": "Grep", "find_by_name": "Glob", "read_url_content": "WebFetch", "search_web": "WebSearch",
}

func canonAntigravity(t string) string {
	if c, ok := antigravityTools[t]; ok {
		return c
	}
	return t
}

func normaliseAntigravity(m map[string]any) Event {
	e := normaliseClaude(m)
	if tool := str(m, "tool_name"); tool != "" {
		e.fill(tool, obj(m, "tool_input"), canonAntigravity)
	}
	return e
}

// Hermes: a tool name and an args object; pre_tool_call / post_tool_call.
func normaliseHermes(m map[string]any) Event {
	var e Event
	common(m, &e)
	if e.HostEvent == "" {
		e.HostEvent = str(m, "event")
	}
	switch e.HostEvent {
	case "pre_tool_call", "PreToolUse":
		e.Moment = MomentPre
	case "post_tool_call", "PostToolUse":
		e.Moment = MomentPost
	case "stop", "Stop":
		e.Moment = MomentStop
	}
	if tool := firstString(m, "tool_name", "tool"); tool != "" {
		in := obj(m, "tool_input")
		if in == nil {
			in = obj(m, "args")
		}
		e.fill(tool, in, identity)
	}
	e.result(m, "tool_response", "result")
	if s, ok := m["last_assistant_message"].(string); ok {
		e.LastAssistant, e.HasLastAssistant = s, true
	}
	return e
}

// PatchPaths lists the files a Codex apply_patch envelope names: its
// "*** Add File:", "*** Update File:", "*** Delete File:" and
// "*** Move to:" lines.
func PatchPaths(patch string) []string {
	var out []string
	for _, line := range strings.Split(patch, "\n") {
		line = strings.TrimSpace(line)
		for _, p := range []string{"*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:"} {
			if rest, ok := strings.CutPrefix(line, p); ok {
				if f := strings.TrimSpace(rest); f != "" && !slices.Contains(out, f) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}
