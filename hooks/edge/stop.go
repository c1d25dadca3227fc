package edge

import (
	"encoding/json"
	"path/filepath"

	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
)

// stopJSON is `dos hook stop --json`.
type stopJSON struct {
	OK      bool              `json:"ok"`
	Reason  string            `json:"reason,omitempty"`
	Checked int               `json:"checked"`
	Results []vocab.HookClaim `json:"results"`
}

// stop refuses a false "done": every claim of the turn is judged by
// verify's rule and one not backed by git sends the agent back.
func (h *hook) stop() {
	e := h.ev
	if e.HostEvent != "" && e.Moment != hooks.MomentStop {
		h.debugf("not a stop event (%q): nothing to judge", e.HostEvent)
		return
	}
	if e.StopHook && !h.Flags.Force {
		h.finishStop(hooks.Decision{Moment: hooks.MomentStop, Action: hooks.ActionPass, Reason: vocab.ReasonStopHookActive}, nil)
		return
	}
	var claims []hooks.Claim
	if h.Flags.Plan != "" && h.Flags.Phase != "" {
		claims = hooks.AddClaims(claims, hooks.Claim{Plan: h.Flags.Plan, Phase: h.Flags.Phase, Via: hooks.ViaFlag})
	}
	for _, turn := range h.turns() {
		claims = hooks.AddClaims(claims, hooks.MarkerClaims(turn, h.Flags.Strict)...)
	}
	open, err := kernel.OpenClaims(h.ctx, h.jdir, h.sessionRun())
	if err != nil {
		h.warnf("read this run's claims: %v", err)
	}
	for _, c := range open {
		plan := c.Plan
		if plan == "" {
			plan = c.Step
		}
		claims = hooks.AddClaims(claims, hooks.Claim{Plan: plan, Phase: c.Step, Via: hooks.ViaIntent})
	}
	var checked []vocab.HookClaim
	for _, c := range claims {
		hc := vocab.HookClaim{Plan: c.Plan, Phase: c.Phase, Via: c.Via}
		v, d, err := kernel.JudgeClaim(h.ctx, kernel.Env{Workspace: h.ws, JournalDir: h.jdir}, c.Plan, c.Phase)
		if err != nil {
			if h.ctx.Err() != nil {
				h.internal("verify", err) // the budget ran out: let the stop through
				return
			}
			h.debugf("verify %s %s: %v", c.Plan, c.Phase, err) // no git evidence: not shipped
		} else {
			hc.Shipped, hc.SHA = v.Token == vocab.VerdictShipped, d.SHA
		}
		checked = append(checked, hc)
	}
	h.finishStop(hooks.DecideStop(checked, h.Flags.Strict), checked)
}

func (h *hook) finishStop(dec hooks.Decision, checked []vocab.HookClaim) {
	if h.Flags.JSON {
		out := stopJSON{OK: dec.Action != hooks.ActionBlock, Checked: len(checked), Results: checked}
		if out.Results == nil {
			out.Results = []vocab.HookClaim{}
		}
		if !out.OK {
			out.Reason = dec.Text
		}
		b, _ := json.Marshal(out)
		_, _ = h.Stdout.Write(append(b, '\n'))
	} else {
		h.emit(dec)
	}
	h.record(vocab.SysHookStop, dec, "", vocab.HookDetail{Claims: len(checked), Checked: checked, Strict: h.Flags.Strict})
}

// turns is the text of the last assistant turn(s): the host's
// last_assistant_message when it gives one (and one turn is asked for),
// else the transcript's tail.
func (h *hook) turns() []string {
	n := h.Flags.LastTurns
	if n < 1 {
		n = 1
	}
	if h.ev.HasLastAssistant && n == 1 {
		return []string{h.ev.LastAssistant}
	}
	path := h.Flags.Transcript
	if path == "" {
		path = h.ev.Transcript
	}
	if path == "" {
		return nil
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(h.Cwd, path)
	}
	tail, partial, err := readTail(path, hooks.MaxTranscriptTail)
	if err != nil {
		h.debugf("transcript: %v", err)
		return nil
	}
	return hooks.AssistantTurns(tail, n, partial)
}
