package hooks

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// Actions a decision takes: the hook record's verdict token.
const (
	ActionPass  = vocab.VerdictPass  // no opinion: nothing printed
	ActionAllow = vocab.VerdictAllow // judged and admitted: nothing printed
	ActionWarn  = vocab.VerdictWarn  // advisory context for the agent
	ActionDeny  = vocab.VerdictDeny  // the tool call is refused
	ActionBlock = vocab.VerdictBlock // the stop is refused: the agent continues
)

// Decision is what a hook verb decided, before any host shapes it.
type Decision struct {
	Moment  Moment
	Action  string // one of the Action* tokens
	Reason  string // a vocab.Reason* code
	Text    string // the reason the agent reads (dos's words, from evidence)
	Context string // extra advisory context
}

// line encodes v as one JSON line without HTML escaping.
func line(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil
	}
	return b.Bytes()
}

func join(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " ")
}

// blockJSON is the top-level stop shape most hosts share.
type blockJSON struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// Claude Code's shapes.
type ccSpecific struct {
	HookEventName            string `json:"hookEventName"`
	PermissionDecision       string `json:"permissionDecision,omitempty"`
	PermissionDecisionReason string `json:"permissionDecisionReason,omitempty"`
	AdditionalContext        string `json:"additionalContext,omitempty"`
}

type ccOut struct {
	HookSpecificOutput ccSpecific `json:"hookSpecificOutput"`
}

func ccEvent(m Moment) string {
	if m == MomentPost {
		return "PostToolUse"
	}
	return "PreToolUse"
}

func renderClaude(d Decision) []byte {
	switch {
	case d.Moment == MomentStop:
		return line(blockJSON{"block", join(d.Text, d.Context)})
	case d.Action == ActionDeny:
		return line(ccOut{ccSpecific{HookEventName: ccEvent(d.Moment), PermissionDecision: "deny", PermissionDecisionReason: d.Text, AdditionalContext: d.Context}})
	}
	return line(ccOut{ccSpecific{HookEventName: ccEvent(d.Moment), AdditionalContext: join(d.Text, d.Context)}})
}

// Gemini CLI: decision "deny" blocks the tool and the turn goes on
// (continue:false would end the whole agent loop).
type geminiCtx struct {
	HookEventName     string `json:"hookEventName"`
	AdditionalContext string `json:"additionalContext"`
}

type geminiOut struct {
	HookSpecificOutput geminiCtx `json:"hookSpecificOutput"`
}

func renderGemini(d Decision) []byte {
	switch {
	case d.Moment == MomentStop:
		return line(blockJSON{"block", join(d.Text, d.Context)})
	case d.Action == ActionDeny:
		return line(blockJSON{"deny", join(d.Text, d.Context)})
	}
	ev := "BeforeTool"
	if d.Moment == MomentPost {
		ev = "AfterTool"
	}
	return line(geminiOut{geminiCtx{ev, join(d.Text, d.Context)}})
}

// Cursor: permission + agent_message before a call; followup_message at
// stop; its after-events are fire-and-forget.
type cursorPerm struct {
	Permission   string `json:"permission"`
	UserMessage  string `json:"user_message,omitempty"`
	AgentMessage string `json:"agent_message"`
}

type cursorFollowup struct {
	FollowupMessage string `json:"followup_message"`
}

func renderCursor(d Decision) []byte {
	switch {
	case d.Moment == MomentStop:
		return line(cursorFollowup{join(d.Text, d.Context)})
	case d.Moment == MomentPost:
		return nil
	case d.Action == ActionDeny:
		return line(cursorPerm{Permission: "deny", UserMessage: d.Text, AgentMessage: join(d.Text, d.Context)})
	}
	return line(cursorPerm{Permission: "allow", AgentMessage: join(d.Text, d.Context)})
}

// Antigravity: decision "deny" with a reason; advisory is a bare reason.
type reasonOnly struct {
	Reason string `json:"reason"`
}

func renderAntigravity(d Decision) []byte {
	if d.Action == ActionDeny || d.Action == ActionBlock {
		return line(blockJSON{"deny", join(d.Text, d.Context)})
	}
	return line(reasonOnly{join(d.Text, d.Context)})
}

// Hermes: block with a reason; it has no channel for advisory context.
func renderHermes(d Decision) []byte {
	if d.Action == ActionDeny || d.Action == ActionBlock {
		return line(blockJSON{"block", join(d.Text, d.Context)})
	}
	return nil
}
