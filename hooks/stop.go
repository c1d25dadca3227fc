package hooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// Claim rungs: where a claim came from. marker, flag and intent claims
// block when git does not back them; heuristic ones only under --strict.
const (
	ViaMarker    = "marker"    // a `DOS-CLAIM: PLAN PHASE` line of the last turn(s)
	ViaFlag      = "flag"      // --plan/--phase (a skill's frontmatter)
	ViaIntent    = "intent"    // this run's unresolved NOT_SHIPPED intent.claim records
	ViaHeuristic = "heuristic" // prose such as "AUTH2 is done" (--strict only)
)

// MaxTranscriptTail is how much of a transcript's end stop reads.
const MaxTranscriptTail = 8 << 20

// Claim is one (plan, phase) an agent says shipped.
type Claim struct {
	Plan, Phase, Via string
}

// MarkerClaims returns the claims of text's `DOS-CLAIM: PLAN PHASE` lines
// (optionally led by blanks, '>', '*' or '-'; nothing else on the line),
// plus under strict the heuristic ones. Words that are not tokens are no
// claim.
func MarkerClaims(text string, strict bool) []Claim {
	var out []Claim
	for _, ln := range strings.Split(text, "\n") {
		if c, ok := markerLine(ln); ok {
			out = addClaim(out, c)
		}
	}
	if strict {
		for _, ln := range strings.Split(text, "\n") {
			for _, c := range heuristicClaims(ln) {
				out = addClaim(out, c)
			}
		}
	}
	return out
}

// addClaim appends c unless (plan, phase) is there already; the first —
// the strongest rung — wins.
func addClaim(cs []Claim, c Claim) []Claim {
	for _, x := range cs {
		if strings.EqualFold(x.Plan, c.Plan) && strings.EqualFold(x.Phase, c.Phase) {
			return cs
		}
	}
	return append(cs, c)
}

// AddClaims merges more claims into cs, keeping the first of each pair.
func AddClaims(cs []Claim, more ...Claim) []Claim {
	for _, c := range more {
		cs = addClaim(cs, c)
	}
	return cs
}

func markerLine(ln string) (Claim, bool) {
	s := strings.TrimLeft(ln, " \t>*-")
	rest, ok := strings.CutPrefix(s, "DOS-CLAIM:")
	if !ok {
		return Claim{}, false
	}
	f := strings.Fields(rest)
	if len(f) != 2 || !vocab.ValidToken(f[0]) || !vocab.ValidToken(f[1]) {
		return Claim{}, false
	}
	return Claim{Plan: f[0], Phase: f[1], Via: ViaMarker}, true
}

var doneWords = []string{"shipped", "landed", "completed", "finished", "done", "merged"}

// heuristicClaims finds "AUTH2 … done"-style lines: a done word and a
// token of two or more capitals (an '_' inside allowed) then digits.
func heuristicClaims(ln string) []Claim {
	words := strings.FieldsFunc(ln, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	})
	done := false
	for _, w := range words {
		for _, d := range doneWords {
			if strings.EqualFold(w, d) {
				done = true
			}
		}
	}
	if !done {
		return nil
	}
	var out []Claim
	for _, w := range words {
		if plan, ok := phaseToken(w); ok {
			out = append(out, Claim{Plan: plan, Phase: w, Via: ViaHeuristic})
		}
	}
	return out
}

// phaseToken splits AUTH2 into plan AUTH.
func phaseToken(w string) (string, bool) {
	i := len(w)
	for i > 0 && w[i-1] >= '0' && w[i-1] <= '9' {
		i--
	}
	plan := w[:i]
	if i == len(w) || len(plan) < 2 || plan[0] == '_' || plan[len(plan)-1] == '_' {
		return "", false
	}
	for j := 0; j < len(plan); j++ {
		if c := plan[j]; !(c >= 'A' && c <= 'Z' || c == '_') {
			return "", false
		}
	}
	return plan, vocab.ValidToken(w)
}

// AssistantTurns returns the text of the last n assistant turns of a JSONL
// transcript (its tail: a first partial line is skipped). A turn is a line
// whose message.role is "assistant" and whose content is a string or holds
// a text block; lines of only tool_use do not count. Lines that do not
// parse are skipped.
func AssistantTurns(tail []byte, n int, partial bool) []string {
	if n < 1 {
		n = 1
	}
	lines := bytes.Split(tail, []byte("\n"))
	if partial && len(lines) > 0 {
		lines = lines[1:]
	}
	var turns []string
	for i := len(lines) - 1; i >= 0 && len(turns) < n; i-- {
		if t, ok := assistantText(lines[i]); ok {
			turns = append(turns, t)
		}
	}
	// oldest first
	for i, j := 0, len(turns)-1; i < j; i, j = i+1, j-1 {
		turns[i], turns[j] = turns[j], turns[i]
	}
	return turns
}

func assistantText(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return "", false
	}
	var ln struct {
		Message struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"message"`
	}
	if json.Unmarshal(b, &ln) != nil || ln.Message.Role != "assistant" {
		return "", false
	}
	var s string
	if json.Unmarshal(ln.Message.Content, &s) == nil {
		return s, true
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(ln.Message.Content, &blocks) != nil {
		return "", false
	}
	var parts []string
	for _, bl := range blocks {
		if bl.Type == "text" {
			parts = append(parts, bl.Text)
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, "\n"), true
}

// DecideStop blocks when a claim is not shipped and came from a confident
// rung (marker, flag, intent) or strict is set; checked holds each claim
// with what verify said.
func DecideStop(checked []vocab.HookClaim, strict bool) Decision {
	if len(checked) == 0 {
		return Decision{Moment: MomentStop, Action: ActionPass, Reason: vocab.ReasonNoClaims}
	}
	var blocked []string
	for _, c := range checked {
		if !c.Shipped && (c.Via != ViaHeuristic || strict) {
			blocked = append(blocked, fmt.Sprintf("%s %s (via %s)", c.Plan, c.Phase, c.Via))
		}
	}
	if len(blocked) == 0 {
		return Decision{Moment: MomentStop, Action: ActionAllow, Reason: vocab.ReasonClaimsShipped}
	}
	it := "it"
	if len(blocked) > 1 {
		it = "them"
	}
	return Decision{Moment: MomentStop, Action: ActionBlock, Reason: vocab.ReasonUnshipped, Text: fmt.Sprintf(
		"DOS verify: you claimed %s shipped, but git has no commit backing %s. Land the commit (its subject starts with the phase, e.g. `%s: …`, and it changes files) or correct the claim before stopping.",
		strings.Join(blocked, "; "), it, firstPhase(checked))}
}

func firstPhase(cs []vocab.HookClaim) string {
	for _, c := range cs {
		if !c.Shipped {
			return c.Phase
		}
	}
	return "PHASE"
}

// DecideMarker is the wait-marker budget: while fewer than limit markers
// were counted since the last reset, hold the turn open (BLOCK).
func DecideMarker(count, limit int) Decision {
	if count < limit {
		return Decision{Moment: MomentStop, Action: ActionBlock, Reason: vocab.ReasonWaitMarker, Text: fmt.Sprintf(
			"DOS wait-marker budget: wait-marker %d/%d — turn held open. Keep polling for the completion signal; dos lets the stop through once the budget is spent.", count+1, limit)}
	}
	return Decision{Moment: MomentStop, Action: ActionAllow, Reason: vocab.ReasonBudgetSpent}
}
