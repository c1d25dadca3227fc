package lease

import (
	"fmt"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// Request asks for a lane.
type Request struct {
	// Lane is the lane (or alias keyword) asked for; "" walks autopick.
	Lane string
	// Tree is an explicit tree (--paths as globs); nil takes the lane's
	// tree from the taxonomy.
	Tree []string
	// AutoPick walks the autopick list when the lane asked for is busy,
	// refused or undeclared, instead of refusing.
	AutoPick bool
	Holder   vocab.Holder
	// RatioMax lowers the shared share a soft overlap may have (0: 1/3).
	RatioMax float64
}

// Decision is the arbiter's answer.
type Decision struct {
	Granted bool
	// Lane is the lane granted, or on a refusal the lane asked for.
	Lane     string
	Tree     []string
	LaneKind string
	// Reason is a vocab.Reason* lease code.
	Reason string
	// Requested is the lane asked for (after alias resolution; "" bare).
	Requested     string
	AutoPicked    bool
	PickedBecause string // vocab.Pick*, when the walk ran
	// Holding is the lease in the way (refusals), the one renewed, or,
	// for an autopick after a busy lane, the lease that made it busy.
	Holding *vocab.HeldLease
	// Overlap details a tree collision (path-overlap, exact-glob).
	Overlap OverlapResult
	// FreeLanes are the declared lanes no live lease holds.
	FreeLanes []string
}

// Arbitrate admits req against the taxonomy and the live leases. Rules,
// first match wins:
//
//  1. another run's live lease on an exclusive lane refuses everything;
//  2. no lane asked for: walk autopick;
//  3. the lane is this run's already: renewed (its tree re-checked);
//  4. the lane is another run's: walk (--autopick) or refuse held;
//  5. an undeclared lane without an explicit tree in a workspace whose
//     dos.toml declares lanes: walk (--autopick) or refuse unknown-lane;
//  6. an exclusive lane while another run holds anything: refuse;
//  7. the tree against every other run's live lease (empty lease trees
//     admit; an empty request tree beside a known one refuses; an
//     identical glob refuses; more than a third shared refuses): a
//     refusal walks (--autopick) or stands; else granted free or
//     soft-overlap.
//
// The walk takes the first autopick lane no other run holds whose tree
// passes rule 7 (an exclusive candidate only when nothing else is live).
func Arbitrate(req Request, lanes vocab.Lanes, live []vocab.HeldLease) Decision {
	var others []vocab.HeldLease
	mine := map[string]vocab.HeldLease{}
	held := map[string]vocab.HeldLease{}
	for _, l := range live {
		held[l.Lane] = l
		if l.Holder.Same(req.Holder) {
			mine[l.Lane] = l
		} else {
			others = append(others, l)
		}
	}
	free := freeLanes(lanes, held)
	refuse := func(d Decision) Decision { d.FreeLanes = free; return d }
	for _, l := range others {
		if l.LaneKind == vocab.LaneExclusive {
			return refuse(Decision{Lane: req.Lane, Requested: req.Lane, Reason: vocab.ReasonExclusive, Holding: &l})
		}
	}
	if req.Lane == "" {
		return walk(req, lanes, others, mine, held, vocab.PickBare, nil, free)
	}
	lane, known := lanes.Resolve(req.Lane)
	kind := lanes.KindOf(lane)
	if kind == "" {
		kind = vocab.LaneNamed
	}
	tree := req.Tree
	if tree == nil {
		tree = lanes.Tree(lane)
	}
	base := Decision{Lane: lane, Requested: lane, Tree: tree, LaneKind: kind}
	if h, ok := held[lane]; ok && !h.Holder.Same(req.Holder) {
		if req.AutoPick {
			return walk(req, lanes, others, mine, held, vocab.PickBusy, &h, free)
		}
		base.Reason, base.Holding = vocab.ReasonHeld, &h
		return refuse(base)
	}
	if !known && req.Tree == nil && lanes.Declared {
		if req.AutoPick {
			return walk(req, lanes, others, mine, held, vocab.PickUnknown, nil, free)
		}
		base.Reason = vocab.ReasonUnknownLane
		return refuse(base)
	}
	if kind == vocab.LaneExclusive && len(others) > 0 {
		base.Reason, base.Holding = vocab.ReasonExclusive, &others[0]
		return refuse(base)
	}
	d, ok := admit(base, others, req.RatioMax)
	if !ok {
		if req.AutoPick {
			return walk(req, lanes, others, mine, held, vocab.PickRefused, d.Holding, free)
		}
		return refuse(d)
	}
	if m, renew := mine[lane]; renew {
		d.Reason, d.Holding = vocab.ReasonRenewedSelf, &m
	}
	return d
}

// admit runs the disjointness predicate of d's tree against every other
// run's live lease; the first refusal wins.
func admit(d Decision, others []vocab.HeldLease, ratio float64) (Decision, bool) {
	d.Granted, d.Reason = true, vocab.ReasonFree
	for _, l := range others {
		if len(l.Tree) == 0 {
			continue
		}
		if len(d.Tree) == 0 {
			d.Granted, d.Reason, d.Holding = false, vocab.ReasonUnknownTree, &l
			return d, false
		}
		o := OverlapVerdict(d.Tree, l.Tree, ratio)
		switch o.Verdict {
		case OverlapExact:
			d.Granted, d.Reason, d.Holding, d.Overlap = false, vocab.ReasonExactGlob, &l, o
			return d, false
		case OverlapTooLarge:
			d.Granted, d.Reason, d.Holding, d.Overlap = false, vocab.ReasonPathOverlap, &l, o
			return d, false
		case OverlapSoft:
			d.Reason, d.Overlap = vocab.ReasonSoftOverlap, o
		}
	}
	return d, true
}

// walk takes the first admissible autopick lane.
func walk(req Request, lanes vocab.Lanes, others []vocab.HeldLease, mine, held map[string]vocab.HeldLease, why string, busy *vocab.HeldLease, free []string) Decision {
	requested, _ := lanes.Resolve(req.Lane)
	if req.Lane == "" {
		requested = ""
	}
	for _, c := range lanes.Autopick {
		if h, ok := held[c]; ok && !h.Holder.Same(req.Holder) {
			continue
		}
		kind := lanes.KindOf(c)
		if kind == vocab.LaneExclusive && len(others) > 0 {
			continue
		}
		d, ok := admit(Decision{Lane: c, Requested: requested, Tree: lanes.Tree(c), LaneKind: kind}, others, req.RatioMax)
		if !ok {
			continue
		}
		d.AutoPicked, d.PickedBecause = true, why
		d.Reason = vocab.ReasonAutoPicked
		if m, renew := mine[c]; renew {
			d.Reason, d.Holding = vocab.ReasonRenewedSelf, &m
		} else if busy != nil {
			d.Holding = busy
		}
		return d
	}
	return Decision{Lane: requested, Requested: requested, Reason: vocab.ReasonNoFreeLane, PickedBecause: why, Holding: busy, FreeLanes: free}
}

// freeLanes are the declared lanes no live lease holds, sorted.
func freeLanes(lanes vocab.Lanes, held map[string]vocab.HeldLease) []string {
	out := []string{}
	for _, n := range lanes.Names() {
		if _, ok := held[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// Explain is the decision in one sentence, for the verdict line.
func (d Decision) Explain() string {
	who := func() string {
		if d.Holding == nil {
			return ""
		}
		return fmt.Sprintf("%s (lane %s, tree %s)", d.Holding.Holder, d.Holding.Lane, strings.Join(d.Holding.Tree, ","))
	}
	var s string
	switch d.Reason {
	case vocab.ReasonFree:
		s = fmt.Sprintf("%s lane %s is free", d.LaneKind, d.Lane)
	case vocab.ReasonSoftOverlap:
		s = fmt.Sprintf("%s lane %s admitted: %d/%d of its tree shared with %s, within the %.0f%% threshold", d.LaneKind, d.Lane, d.Overlap.Shared, d.Overlap.Of, who(), MaxSharedRatio*100)
	case vocab.ReasonRenewedSelf:
		s = fmt.Sprintf("lane %s is already this run's: renewed", d.Lane)
	case vocab.ReasonAutoPicked:
		s = fmt.Sprintf("auto-picked free lane %s", d.Lane)
	case vocab.ReasonHeld:
		s = fmt.Sprintf("lane %s is held by %s until %s; pass --autopick to take a free lane instead", d.Lane, d.Holding.Holder, d.Holding.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z"))
	case vocab.ReasonExactGlob:
		s = fmt.Sprintf("lane %s cannot share live lane %s: the identical glob %s is claimed by %s", d.Lane, d.Holding.Lane, d.Overlap.Glob, who())
	case vocab.ReasonPathOverlap:
		s = fmt.Sprintf("lane %s cannot share live lane %s: %d/%d of its tree overlaps %s (threshold %.0f%%)", d.Lane, d.Holding.Lane, d.Overlap.Shared, d.Overlap.Of, who(), MaxSharedRatio*100)
	case vocab.ReasonUnknownTree:
		s = fmt.Sprintf("lane %s has no tree (unknown blast radius) and cannot share live lane %s held by %s; declare its tree in dos.toml or pass --paths", d.Lane, d.Holding.Lane, d.Holding.Holder)
	case vocab.ReasonExclusive:
		if d.Holding != nil && d.Holding.LaneKind == vocab.LaneExclusive && d.Holding.Lane != d.Lane {
			s = fmt.Sprintf("exclusive lane %s is live (%s): it runs alone, wait for it to finish", d.Holding.Lane, d.Holding.Holder)
		} else {
			s = fmt.Sprintf("%s is an exclusive lane and %s holds lane %s: it must run alone, wait for the others to finish", d.Lane, d.Holding.Holder, d.Holding.Lane)
		}
	case vocab.ReasonUnknownLane:
		s = fmt.Sprintf("%s is not a lane in this workspace's dos.toml (free lanes: %s); pass --paths, --autopick, or declare it", d.Lane, strings.Join(d.FreeLanes, ", "))
	case vocab.ReasonNoFreeLane:
		s = "no autopick lane is free: every one is held or collides with a live lease"
		if len(d.FreeLanes) > 0 {
			s += "; lanes free but not in autopick: " + strings.Join(d.FreeLanes, ", ") + " (pass --lane to take one)"
		} else {
			s += "; wait for one to finish"
		}
	default:
		s = d.Reason
	}
	if d.AutoPicked || d.Reason == vocab.ReasonNoFreeLane {
		s += " (" + d.because() + ")"
	}
	return s
}

func (d Decision) because() string {
	switch d.PickedBecause {
	case vocab.PickBare:
		return "no lane asked for"
	case vocab.PickBusy:
		if d.Holding != nil {
			return fmt.Sprintf("requested %s was busy: held by %s", d.Requested, d.Holding.Holder)
		}
		return fmt.Sprintf("requested %s was busy", d.Requested)
	case vocab.PickUnknown:
		return fmt.Sprintf("requested %s is not a lane in this workspace", d.Requested)
	case vocab.PickRefused:
		return fmt.Sprintf("requested %s collides with a live lease", d.Requested)
	}
	return d.PickedBecause
}
