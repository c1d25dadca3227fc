package mcp

import (
	"context"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// reasonInfo explains one reason code: what it means and what to do.
type reasonInfo struct {
	Token    string `json:"token"`
	Category string `json:"category"` // the record family: hook | lease | verify
	Refusal  bool   `json:"refusal"`  // it can stop the agent (a deny, a block, a refused lease)
	Summary  string `json:"summary"`
	Fix      string `json:"fix"`
	SeeAlso  string `json:"see_also"`
}

// catalogue is dos's closed set of refusal and advisory reasons.
func catalogue() []reasonInfo {
	h, l, v := "docs/HOOKS.md", "docs/RECORDS.md#leases-kind-lease-lane-always-set-except-on-a-lane-less-heartbeat", "docs/RECORDS.md#verify--kind-verdict--shipped-0--not_shipped-1"
	return []reasonInfo{
		{vocab.ReasonPathOverlap, "hook", true, "the call writes inside a lane another live run holds (or a lease's paths overlap it)", "keep to your own lane, or wait until the lane is released (dos lease live)", h},
		{vocab.ReasonScopeEscape, "hook", true, "the call writes outside the workspace, or (scope gate on) outside this run's own lane", "keep writes inside the workspace and your lane", h},
		{vocab.ReasonDosState, "hook", true, "the call writes under .dos/ (the journal, leases, hook state)", "use the dos verbs; never edit .dos/ by hand", h},
		{vocab.ReasonSelfModify, "hook", true, "the call edits one of dos's own decision-path sources", "ask an operator; the referee is not edited by the agents it judges", h},
		{vocab.ReasonExecCapability, "hook", true, "the command runs an interpreter, shell or package runner: arbitrary code execution (denied only under --strict)", "prefer a bounded tool, or scope the command to declared paths", h},
		{vocab.ReasonUnknownFootprint, "hook", false, "dos cannot tell what the call writes while other runs hold lanes", "name the paths the command writes, or use Edit/Write", h},
		{vocab.ReasonUnshipped, "hook", true, "you claimed a phase shipped, and git has no stamped commit that changed files behind it", "land the commit (subject `PHASE: …`) or correct the claim", h},
		{vocab.ReasonRepeating, "hook", false, "the same call returned byte-identical results 3 times in a row", "wait for a completion signal instead of polling, or use the value you hold", h},
		{vocab.ReasonStalledTS, "hook", false, "the same call returned byte-identical results 5 times in a row", "stop polling; the thing you wait for is not changing", h},
		{vocab.ReasonHeld, "lease", true, "another holder has the lane", "pick another lane, or wait for it to be released or to expire", l},
		{vocab.ReasonNotHeld, "lease", false, "no live lease on the lane to release or renew", "acquire it first", l},
		{vocab.ReasonOtherHolder, "lease", false, "the live lease belongs to another holder", "only its holder (the same run) may release it", l},
		{vocab.ReasonNoStamp, "verify", false, "no reachable commit's subject starts with the phase", "land a commit whose subject starts with `PHASE:`", v},
		{vocab.ReasonEmptyCommit, "verify", false, "only commits that changed no file carry the stamp", "an empty stamped commit ships nothing: commit the work", v},
	}
}

type reasonsOut struct {
	Count   int          `json:"count"`
	Reasons []reasonInfo `json:"reasons"`
}

func (s *server) reasons(_ context.Context, _ wsIn) (any, error) {
	c := catalogue()
	return reasonsOut{Count: len(c), Reasons: c}, nil
}

type checkIn struct {
	ReasonClass string `json:"reason_class" jsonschema:"a reason code from a dos record or message, e.g. path-overlap"`
}

type checkOut struct {
	ReasonClass    string `json:"reason_class"`
	Known          bool   `json:"known"`
	Category       string `json:"category"`
	Refusal        bool   `json:"refusal"`
	Summary        string `json:"summary,omitempty"`
	Fix            string `json:"fix,omitempty"`
	SeeAlso        string `json:"see_also,omitempty"`
	Interpretation string `json:"interpretation"`
}

func (s *server) checkReason(_ context.Context, in checkIn) (any, error) {
	want := strings.ToLower(strings.TrimSpace(in.ReasonClass))
	for _, r := range catalogue() {
		if r.Token == want {
			return checkOut{ReasonClass: r.Token, Known: true, Category: r.Category, Refusal: r.Refusal, Summary: r.Summary, Fix: r.Fix, SeeAlso: r.SeeAlso,
				Interpretation: r.Fix}, nil
		}
	}
	return checkOut{ReasonClass: in.ReasonClass, Category: "UNCLASSIFIED", Interpretation: "not one of dos's reason codes: dos_refuse_reasons lists them"}, nil
}
