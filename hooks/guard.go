package hooks

import (
	"encoding/json"
	"path"
	"strings"
)

// GuardOptions are `dos guard`'s flags.
type GuardOptions struct {
	NoMCP        bool // do not mount dos's MCP server
	NoHooks      bool // do not add the pretool/posttool hooks
	VerifyOnStop bool // add the stop hook: a false "done" is sent back
	ClaimPrompt  bool // ask the agent to end units of work with a DOS-CLAIM line
	StrictMCP    bool // only dos's MCP server (Claude Code --strict-mcp-config)
}

// GuardPlan is what `dos guard` runs: the host's argv with dos's MCP
// config and hook settings appended (never prepended, so the host's own
// subcommands and flags come first).
type GuardPlan struct {
	Argv        []string `json:"argv"`
	HostCommand []string `json:"host_command"`
	MCPConfig   string   `json:"mcp_config,omitempty"`
	Settings    string   `json:"settings,omitempty"`
	Notes       []string `json:"notes"`
}

// ClaimPrompt is the system-prompt line --claim-prompt appends.
const ClaimPrompt = "When you complete a unit of work, end your turn with a line of the form `DOS-CLAIM: <plan> <phase>` (for example `DOS-CLAIM: AUTH AUTH2`); dos checks it against git before your turn ends."

// PlanGuard builds the plan for host argv cmd (after `--`).
func PlanGuard(cmd []string, o GuardOptions) GuardPlan {
	p := GuardPlan{HostCommand: cmd, Argv: append([]string(nil), cmd...), Notes: []string{}}
	if !o.NoMCP {
		b, _ := json.Marshal(map[string]any{"mcpServers": map[string]any{"dos": map[string]any{"command": "dos", "args": []string{"mcp"}}}})
		p.MCPConfig = string(b)
		p.Argv = append(p.Argv, "--mcp-config", p.MCPConfig)
		if o.StrictMCP {
			p.Argv = append(p.Argv, "--strict-mcp-config")
		}
	}
	type hook struct {
		Type    string `json:"type"`
		Command string `json:"command"`
		Timeout int    `json:"timeout"`
	}
	type group struct {
		Hooks []hook `json:"hooks"`
	}
	events := map[string][]group{}
	wire := func(event, verb string) {
		events[event] = []group{{[]hook{{"command", "dos hook " + verb + ` --workspace "$CLAUDE_PROJECT_DIR"`, 30}}}}
	}
	if !o.NoHooks {
		wire("PreToolUse", "pretool")
		wire("PostToolUse", "posttool")
	}
	if o.VerifyOnStop {
		wire("Stop", "stop")
	}
	if len(events) > 0 {
		b, _ := json.Marshal(map[string]any{"hooks": events})
		p.Settings = string(b)
		p.Argv = append(p.Argv, "--settings", p.Settings)
	}
	if o.ClaimPrompt {
		p.Argv = append(p.Argv, "--append-system-prompt", ClaimPrompt)
	}
	if len(cmd) > 0 && strings.TrimSuffix(path.Base(strings.ReplaceAll(cmd[0], `\`, "/")), ".exe") != "claude" {
		p.Notes = append(p.Notes, "the flags dos adds (--mcp-config, --settings) are Claude Code's; for other hosts wire dos with `dos init --hooks HOST`")
	}
	return p
}
