// Package hooks is the agent host's front door, pure: a host's JSON event
// in (Claude Code, Codex, Gemini, Cursor, Antigravity, Hermes), the
// canonical Event, the decision of each hook verb (pretool, posttool,
// stop, marker) from evidence handed in, and the host's JSON decision out.
// It does no I/O: hooks/edge reads stdin, the journal, git and the
// session's side files, and calls in here.
package hooks

import (
	"bytes"
	"encoding/json"
	"strings"
)

// MaxPayload is the most stdin a hook reads: a larger event passes
// through (no decision, a payload-too-large record).
const MaxPayload = 16 << 20

// Moment is where in the host's loop an event sits.
type Moment string

// Moments.
const (
	MomentPre  Moment = "pre"  // before a tool runs (PreToolUse, BeforeTool, beforeShellExecution)
	MomentPost Moment = "post" // after a tool ran (PostToolUse, AfterTool, afterFileEdit)
	MomentStop Moment = "stop" // the agent wants to end its turn (Stop, AfterAgent, stop)
	MomentNone Moment = ""     // an event this dialect does not map
)

// Event is a host's hook payload in one canonical shape, whatever the
// dialect. Only what the decisions need is kept; unknown fields are
// ignored.
type Event struct {
	Moment    Moment
	HostEvent string         // the host's own event name, "" when absent
	Tool      string         // canonical tool name: Bash, Write, Edit, MultiEdit, NotebookEdit, Read, …
	HostTool  string         // the tool name as the host gave it
	Paths     []string       // the file paths a file tool names (file_path, path, notebook_path, TargetFile …)
	Command   string         // a shell tool's command
	Input     map[string]any // the tool's input as given (posttool digests it)
	Result    any            // the tool's result (post only)
	HasResult bool           // a non-null result was present
	Session   string         // the host's session (conversation) id
	CWD       string         // where the host says the tool runs
	StopHook  bool           // the host is already continuing because of a stop hook
	// LastAssistant is the last assistant turn's text when the host hands
	// it in (Claude Code last_assistant_message, Gemini prompt_response).
	LastAssistant    string
	HasLastAssistant bool
	Transcript       string // transcript_path
}

// Decode parses a hook payload: UTF-8 JSON whose top level is an object,
// numbers kept as written. ok is false for anything else (empty, not JSON,
// an array), which every verb treats as "nothing to judge".
func Decode(b []byte) (map[string]any, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	return m, true
}

// str returns m[k] when it is a string.
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// obj returns m[k] when it is an object.
func obj(m map[string]any, k string) map[string]any {
	o, _ := m[k].(map[string]any)
	return o
}

// truthy reads a JSON value the way a host means a flag: true, a non-zero
// number, a non-empty string other than "false"/"0".
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f != 0
	case string:
		s := strings.ToLower(strings.TrimSpace(x))
		return s != "" && s != "false" && s != "0" && s != "no"
	}
	return false
}

// firstString returns the first non-blank string among m's keys.
func firstString(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := str(m, k); strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// fileKeys are the input keys that name the file a tool writes, across
// the hosts (Claude Code, Codex, Gemini, Antigravity).
var fileKeys = []string{"file_path", "path", "notebook_path", "TargetFile", "AbsolutePath", "filePath", "target_file"}

// commandKeys name a shell tool's command.
var commandKeys = []string{"command", "CommandLine", "cmd"}

// fill sets the tool-side fields of e from a tool name and its input.
func (e *Event) fill(tool string, input map[string]any, canon func(string) string) {
	e.HostTool = tool
	e.Tool = canon(tool)
	if input == nil {
		input = map[string]any{}
	}
	e.Input = input
	if p := firstString(input, fileKeys...); p != "" {
		e.Paths = []string{p}
	}
	// MultiEdit-style inputs naming several files.
	if edits, ok := input["edits"].([]any); ok {
		for _, x := range edits {
			if m, ok := x.(map[string]any); ok {
				if p := firstString(m, fileKeys...); p != "" && !containsStr(e.Paths, p) {
					e.Paths = append(e.Paths, p)
				}
			}
		}
	}
	if e.Tool == ToolBash {
		e.Command = firstString(input, commandKeys...)
	}
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// result records the tool's result from the first present, non-null key.
func (e *Event) result(m map[string]any, keys ...string) {
	for _, k := range keys {
		if v, ok := m[k]; ok && v != nil {
			e.Result, e.HasResult = v, true
			return
		}
	}
}
