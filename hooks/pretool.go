package hooks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// Self is who is calling: the run the hook's session belongs to, and the
// processes that may hold its leases under an older holder shape.
type Self struct {
	RunID string
	Host  string
	PIDs  []int // $DOS_PID, the hook's parent: a lease held by pid on Host is ours too
}

// owns reports whether lease l is the caller's.
func (s Self) owns(l vocab.HeldLease) bool {
	if s.RunID != "" && l.Holder.RunID == s.RunID {
		return true
	}
	return l.Holder.Host == s.Host && l.Holder.PID != 0 && slices.Contains(s.PIDs, l.Holder.PID)
}

// PreInput is the evidence pretool decides from, gathered by the edge.
type PreInput struct {
	Footprint Footprint
	Live      []vocab.HeldLease // the leases live now
	Self      Self
	Loop      bool     // a loop session: refusals deny; an operator's only warn
	ScopeGate bool     // writes outside the run's own lane are refused too
	Strict    bool     // --strict: exec grants are denied, not only reported
	Protected []string // dos's own decision-path sources present in the workspace (relative prefixes)
	// SelfModifyArmed is an operator's override of the self-modify perimeter
	// ($DOS_ALLOW_SELF_MODIFY in the hook's environment, which the agent's
	// commands cannot set): self-modify then warns instead of denying.
	SelfModifyArmed bool
	ExecClass       string // the command's exec-capability class, "" when it grants none
	ExecProgram     string // the program that grants it
	Workspace       string // for messages
}

// PreResult is pretool's decision and the lease it concerns.
type PreResult struct {
	Decision
	Holding *vocab.HeldLease // the lease in the way, or (own-lane, scope-escape) the run's own
}

// DecidePre is pretool's decision ladder; the first rung that matches wins:
// dos state, dos's own sources, outside the workspace, another run's lane,
// (scope gate on) outside this run's lane, an exec grant under --strict,
// an unknown footprint beside other runs' leases, an exec grant; else
// ALLOW. A call known to write nothing
// is PASS. A run is never refused for writing inside its own lane.
func DecidePre(in PreInput) PreResult {
	f := in.Footprint
	pre := func(action, reason, text string, l *vocab.HeldLease) PreResult {
		return PreResult{Decision{Moment: MomentPre, Action: action, Reason: reason, Text: text}, l}
	}
	refuse := func(reason, text string, l *vocab.HeldLease) PreResult {
		if in.Loop {
			return pre(ActionDeny, reason, "DOS PRE-admission: "+text, l)
		}
		return pre(ActionWarn, reason, "DOS PRE-admission (advisory, operator session: you own the blast radius): "+text, l)
	}
	if f.Empty() {
		return pre(ActionPass, vocab.ReasonNoLane, "", nil)
	}
	for _, p := range f.Paths {
		if lp := strings.ToLower(p); lp == ".dos" || strings.HasPrefix(lp, ".dos/") || lp == "." {
			if lp == "." {
				continue // the whole tree is judged against lanes below, not as dos state
			}
			return pre(ActionDeny, vocab.ReasonDosState, fmt.Sprintf("DOS PRE-admission: %s is dos's own state under .dos/ (the journal, leases, hook state); agents never edit it. Use the dos verbs instead (dos lease release, dos run end).", p), nil)
		}
	}
	for _, p := range f.Paths {
		if prot, ok := within(p, in.Protected); ok {
			text := fmt.Sprintf("%s is one of dos's own decision-path sources (%s); an agent may not edit the referee. Ask an operator to make this change.", p, prot)
			if in.SelfModifyArmed {
				return pre(ActionWarn, vocab.ReasonSelfModify, "DOS PRE-admission (advisory, operator override armed): "+text, nil)
			}
			return pre(ActionDeny, vocab.ReasonSelfModify, "DOS PRE-admission: "+text, nil)
		}
	}
	if len(f.Outside) > 0 {
		return refuse(vocab.ReasonScopeEscape, fmt.Sprintf("%s is outside the workspace %s; keep this call's writes inside it.", f.Outside[0], in.Workspace), nil)
	}
	var own, others []vocab.HeldLease
	for _, l := range in.Live {
		if in.Self.owns(l) {
			own = append(own, l)
		} else {
			others = append(others, l)
		}
	}
	inOwn := 0
	for _, p := range f.Paths {
		if l := ownLane(p, own); l != nil {
			inOwn++
			continue
		}
		for i := range others {
			if l := others[i]; Touches(p, treeOf(l)) {
				return refuse(vocab.ReasonPathOverlap, fmt.Sprintf("this call writes %s, inside lane %s (%s) held by run %s until %s; this run does not hold it. Keep to your own lane, or wait until %s is released (dos lease live).",
					p, l.Lane, strings.Join(treeOf(l), ","), l.Holder.RunID, l.ExpiresAt.UTC().Format(time.RFC3339), l.Lane), &l)
			}
		}
		if in.ScopeGate && len(own) > 0 {
			l := own[0]
			text := fmt.Sprintf("%s is outside this run's lane %s (%s) and the scope gate is on; keep to your lane.", p, l.Lane, strings.Join(treeOf(l), ","))
			if in.Loop {
				return pre(ActionDeny, vocab.ReasonScopeEscape, "DOS PRE apply-gate: "+text, &l)
			}
			return pre(ActionWarn, vocab.ReasonScopeEscape, "DOS PRE apply-gate (advisory, operator session): "+text, &l)
		}
	}
	execText := fmt.Sprintf("this command runs %s (%s), which grants arbitrary code execution: dos cannot bound what it writes.", in.ExecProgram, in.ExecClass)
	if in.ExecClass != "" && in.Strict {
		return pre(ActionDeny, vocab.ReasonExecCapability, "DOS PRE-admission (--strict): "+execText, nil)
	}
	if !f.Known && len(others) > 0 {
		var lanes []string
		for _, l := range others {
			lanes = append(lanes, l.Lane)
		}
		return pre(ActionWarn, vocab.ReasonUnknownFootprint, fmt.Sprintf("DOS PRE-admission (advisory): dos cannot tell what this call writes while lanes %s are held by other runs; scope the call to a declared path.", strings.Join(lanes, ",")), nil)
	}
	if in.ExecClass != "" {
		return pre(ActionWarn, vocab.ReasonExecCapability, "DOS PRE-admission (advisory): "+execText, nil)
	}
	if len(f.Paths) > 0 && inOwn == len(f.Paths) {
		l := ownLane(f.Paths[0], own)
		return pre(ActionAllow, vocab.ReasonOwnLane, "", l)
	}
	return pre(ActionAllow, vocab.ReasonNoLane, "", nil)
}

// treeOf is the globs a lease covers: its recorded tree (the lane's
// dos.toml tree), else its --paths as a tree.
func treeOf(l vocab.HeldLease) []string { return lease.TreeOf(l.Tree, l.Paths) }

// Touches reports whether writing p changes something in tree: p lies in
// it, or p is a directory holding part of it ("." and "web" touch the
// tree web/**). Matching is case-folded, as the arbiter's is.
func Touches(p string, tree []string) bool {
	if len(tree) == 0 {
		return false // a lane-only lease bounds nothing
	}
	if lease.InTree(p, tree) {
		return true
	}
	dir := strings.TrimSuffix(lease.NormalizeEntry(p), "/")
	if dir == "." || dir == "" {
		return true
	}
	for _, g := range tree {
		if strings.HasPrefix(lease.NormalizeEntry(g), dir+"/") {
			return true
		}
	}
	return false
}

// ownLane returns the caller's lease whose tree holds p.
func ownLane(p string, own []vocab.HeldLease) *vocab.HeldLease {
	for i := range own {
		if t := treeOf(own[i]); len(t) > 0 && lease.InTree(p, t) {
			return &own[i]
		}
	}
	return nil
}

// within reports whether p is at or under one of prefixes (case-folded),
// and which.
func within(p string, prefixes []string) (string, bool) {
	lp := strings.ToLower(strings.TrimSuffix(p, "/"))
	for _, q := range prefixes {
		lq := strings.ToLower(strings.TrimSuffix(q, "/"))
		if lq == "." || lq == "" || lp == lq || strings.HasPrefix(lp, lq+"/") {
			return q, true
		}
	}
	return "", false
}
