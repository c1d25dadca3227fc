package hooks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// Step is one tool call as posttool records it: digests only.
type Step struct {
	Tool         string `json:"tool"`
	ArgsDigest   string `json:"args_digest"`
	ResultDigest string `json:"result_digest,omitempty"` // "" when the call had no result
}

// Stream thresholds (spec §3): REPEATING at repeat_n identical results in
// a row, STALLED at stall_n.
const (
	RepeatN = 3
	StallN  = 5
)

// digest is the first 16 hex digits of SHA-256 over v: a string's own
// bytes, anything else its canonical JSON (sorted keys, numbers as given).
func digest(v any) string {
	var b []byte
	if s, ok := v.(string); ok {
		b = []byte(s)
	} else {
		b, _ = json.Marshal(v)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])[:16]
}

// StepOf digests event e's call and result.
func StepOf(e Event) Step {
	in := e.Input
	if in == nil {
		in = map[string]any{}
	}
	tool := e.HostTool
	if tool == "" {
		tool = e.Tool
	}
	s := Step{Tool: tool, ArgsDigest: digest(map[string]any{"tool": tool, "input": in})}
	if e.HasResult {
		s.ResultDigest = digest(e.Result)
	}
	return s
}

// same reports whether two steps are the identical call with the
// identical, present result.
func same(a, b Step) bool {
	return a.ResultDigest != "" && b.ResultDigest != "" && strings.EqualFold(a.Tool, b.Tool) &&
		a.ArgsDigest == b.ArgsDigest && a.ResultDigest == b.ResultDigest
}

// Streak is how many steps at the end of prior+cur are the same call with
// byte-identical results (1 when cur breaks the run).
func Streak(prior []Step, cur Step) int {
	n := 1
	for i := len(prior) - 1; i >= 0 && same(prior[i], cur); i-- {
		n++
	}
	return n
}

// DecidePost turns a streak into posttool's decision: WARN REPEATING at
// RepeatN, WARN STALLED at StallN, else PASS. It advises; it never blocks.
func DecidePost(cur Step, streak int) Decision {
	state, reason := "", ""
	switch {
	case streak >= StallN:
		state, reason = vocab.VerdictStalled, vocab.ReasonStalledTS
	case streak >= RepeatN:
		state, reason = "REPEATING", vocab.ReasonRepeating
	default:
		return Decision{Moment: MomentPost, Action: ActionPass}
	}
	return Decision{Moment: MomentPost, Action: ActionWarn, Reason: reason, Text: fmt.Sprintf(
		"DOS tool_stream %s: `%s` returned BYTE-IDENTICAL results %d times in a row (env-authored digest %s). If you are waiting on something, wait for its completion signal instead of polling; if you already hold the value, use it.",
		state, cur.Tool, streak, cur.ResultDigest)}
}
