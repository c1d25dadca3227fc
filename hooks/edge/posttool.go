package edge

import (
	"encoding/json"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/vocab"
)

// streamLine is one line of a session's step file.
type streamLine struct {
	Op string `json:"op"` // STEP
	hooks.Step
	TS time.Time `json:"ts"`
}

// posttool records the step in the session's stream and flags a call that
// keeps returning byte-identical results. It advises; it never blocks.
// Only a firing detector is journaled: steps are on every tool call.
func (h *hook) posttool() {
	e := h.ev
	if (e.HostEvent != "" && e.Moment != hooks.MomentPost) || e.Tool == "" || h.session == "" {
		h.debugf("not a post-tool event with a session: nothing to record")
		return
	}
	dir, err := h.stateDir("streams")
	if err != nil {
		h.internal("stream", err)
		return
	}
	path := filepath.Join(dir, h.session+".jsonl")
	tail, partial, err := readTail(path, 64<<10)
	if err != nil {
		h.internal("stream", err)
		return
	}
	var prior []hooks.Step
	for _, ln := range lastLines(tail, partial, hooks.StallN) {
		var s streamLine
		if json.Unmarshal(ln, &s) == nil && s.Op == "STEP" {
			prior = append(prior, s.Step)
		}
	}
	cur := hooks.StepOf(e)
	streak := hooks.Streak(prior, cur)
	b, _ := json.Marshal(streamLine{Op: "STEP", Step: cur, TS: h.now()})
	if err := appendLine(path, b); err != nil {
		h.internal("stream", err)
		return
	}
	dec := hooks.DecidePost(cur, streak)
	if dec.Action == hooks.ActionPass {
		return
	}
	h.emit(dec)
	h.record(vocab.SysHookPosttool, dec, "", vocab.HookDetail{Tool: toolToken(e), ArgsDigest: cur.ArgsDigest, ResultDigest: cur.ResultDigest, Streak: streak})
}
