package projections

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// DefaultDecisionWindow is how far back `dos decisions` looks without --all.
const DefaultDecisionWindow = 7 * 24 * time.Hour

// DecisionOptions selects the queue.
type DecisionOptions struct {
	Now time.Time
	// Window drops rows opened before Now − Window; ignored with All.
	Window time.Duration
	All    bool
	// Resolver keeps only rows for this resolver ("" keeps all).
	Resolver Resolver
	// parts and minPartBytes override the fold's parallelism (tests).
	parts        int
	minPartBytes int64
}

// open is a decision being folded: the records behind it so far. Its
// words (title, reason, command) are written once, at the end, from the
// opening and the latest record, so the fold itself decodes no detail.
type open struct {
	d           Decision
	first, last *journal.Record
	// closers are the closer keys (see queue.closers) that resolve it
	closers []qkey
	// settled is the first verify that refuted an over-claim in this fold
	settled *journal.Record
}

// touch adds a record to the decision.
func (o *open) touch(r *journal.Record) {
	o.d.Records++
	o.d.Revision = NextRevision(o.d.Revision, r.ID)
	o.d.Updated = r.TS
	if len(o.d.Seqs) == MaxDecisionRecords {
		// keep the opening record; drop the oldest of the others
		o.d.Seqs = append(o.d.Seqs[:1], o.d.Seqs[2:]...)
		o.d.RecordIDs = append(o.d.RecordIDs[:1], o.d.RecordIDs[2:]...)
	}
	o.last = r
	o.d.Seqs = append(o.d.Seqs, r.Seq)
	o.d.RecordIDs = append(o.d.RecordIDs, r.ID)
}

// qkey names an open decision (kind and its scope: lane and run, run and
// step, …) or a closer (what happened and to whom: "grant" lane run, "end"
// run, "shipped" step, …) without building strings per record.
type qkey struct{ k, a, b string }

// queue is the decisions fold: open decisions by key, closed as later
// records resolve them. Its size is bounded by what is open, not by the
// journal.
type queue struct {
	open map[qkey]*open
	// claims awaiting the next verify of their step, by upper-cased step
	claims map[string][]*journal.Record
	// keys of open lane refusals by run, and of open over-claims by step,
	// so resolving them costs what is open for that run or step only
	refusals, overClaims map[string]map[qkey]bool
	// closers holds every closer key this fold saw (a grant of a lane to a
	// run, a run advancing or ending, a step shipping, …), whether or not
	// it closed anything here: a fold of an earlier range merged into this
	// one closes its own decisions by them. firstVerify is the first
	// verify of each step, which settles the earlier range's pending claims.
	closers     map[qkey]bool
	firstVerify map[string]*journal.Record
}

func newQueue() *queue {
	return &queue{open: map[qkey]*open{}, claims: map[string][]*journal.Record{},
		refusals: map[string]map[qkey]bool{}, overClaims: map[string]map[qkey]bool{},
		closers: map[qkey]bool{}, firstVerify: map[string]*journal.Record{}}
}

// saw records a closer key.
func (q *queue) saw(keys ...qkey) {
	for _, k := range keys {
		q.closers[k] = true
	}
}

// raise opens (or adds to) the decision at key, resolved by closers.
func (q *queue) raise(key qkey, kind string, r *journal.Record, closers ...qkey) *open {
	o := q.open[key]
	if o == nil {
		o = &open{first: r, closers: closers, d: Decision{ID: DecisionID(kind, r.ID), Kind: kind, RunID: r.RunID, Lane: r.Lane, Created: r.TS}}
		q.open[key] = o
	}
	o.touch(r)
	return o
}

// index remembers key under k in idx.
func index(idx map[string]map[qkey]bool, k string, key qkey) {
	if idx[k] == nil {
		idx[k] = map[qkey]bool{}
	}
	idx[k][key] = true
}

// closeIndexed resolves every decision idx holds under k.
func (q *queue) closeIndexed(idx map[string]map[qkey]bool, k string) {
	for key := range idx[k] {
		delete(q.open, key)
	}
	delete(idx, k)
}

// close resolves the decision at key, if open.
func (q *queue) close(key qkey) { delete(q.open, key) }

// closeRun resolves every decision of kinds for run.
func (q *queue) closeRun(run string, kinds ...string) {
	for _, k := range kinds {
		delete(q.open, qkey{k, run, ""})
	}
}

func (q *queue) add(r *journal.Record) {
	switch r.Syscall {
	case vocab.SysLeaseAcquire:
		key := qkey{DecisionLaneRefused, r.Lane, r.RunID}
		switch r.Verdict {
		case vocab.VerdictGranted:
			q.close(key)
			q.saw(qkey{"grant", r.Lane, r.RunID})
		case vocab.VerdictRefused:
			q.raise(key, DecisionLaneRefused, r, qkey{"grant", r.Lane, r.RunID}, qkey{"end", r.RunID, ""})
			index(q.refusals, r.RunID, key)
		}
	case vocab.SysLiveness:
		switch r.Verdict {
		case vocab.VerdictAdvancing:
			q.closeRun(r.RunID, DecisionRunSpinning, DecisionRunStalled)
			q.saw(qkey{"adv", r.RunID, ""})
		case vocab.VerdictSpinning, vocab.VerdictStalled:
			kind, other, me, them := DecisionRunSpinning, DecisionRunStalled, "spin", "stall"
			if r.Verdict == vocab.VerdictStalled {
				kind, other, me, them = other, kind, them, me
			}
			q.closeRun(r.RunID, other)
			q.saw(qkey{me, r.RunID, ""})
			q.raise(qkey{kind, r.RunID, ""}, kind, r, qkey{"adv", r.RunID, ""}, qkey{them, r.RunID, ""}, qkey{"end", r.RunID, ""})
		}
	case vocab.SysVerify:
		if r.Verdict == vocab.VerdictShipped {
			// the run advanced
			q.saw(qkey{"adv", r.RunID, ""})
			q.closeRun(r.RunID, DecisionRunSpinning, DecisionRunStalled)
		}
		q.verifyStep(strings.ToUpper(r.Subject), r)
	case vocab.SysIntentClaim:
		step := strings.ToUpper(r.Subject)
		if r.Verdict == "" { // recorded without git's answer: the next verify judges it
			q.claims[step] = append(q.claims[step], r)
			return
		}
		// git judged the claim when it was made: that is also git's answer
		// about the step for claims still waiting on one
		q.verifyStep(step, r)
		if r.Verdict == vocab.VerdictNotShipped {
			key := qkey{DecisionOverClaim, r.RunID, step}
			if o := q.open[key]; o == nil || o.last != r { // not already touched as a verify
				q.raise(key, DecisionOverClaim, r, qkey{"shipped", step, ""})
			}
			o := q.open[key]
			o.first = r
			if o.settled == nil { // the claim is its own refutation
				o.settled = r
			}
			index(q.overClaims, step, key)
		}
	case vocab.SysBreaker:
		key := qkey{DecisionBreakerOpen, r.RunID, r.Lane}
		switch r.Verdict {
		case vocab.VerdictClosed:
			q.close(key)
			q.saw(qkey{"closed", r.RunID, r.Lane})
		case vocab.VerdictOpen:
			if !strings.Contains(string(r.Detail), `"on_trip":"judge"`) && !strings.Contains(string(r.Detail), `"on_trip":"human"`) {
				return // no escalation asked for
			}
			q.raise(key, DecisionBreakerOpen, r, qkey{"closed", r.RunID, r.Lane})
		}
	case vocab.SysImprove:
		key := qkey{DecisionImproveEscalate, r.RunID, ""}
		switch r.Verdict {
		case vocab.VerdictKeep:
			q.close(key)
			q.saw(qkey{"keep", r.RunID, ""})
		case vocab.VerdictEscalate:
			q.raise(key, DecisionImproveEscalate, r, qkey{"keep", r.RunID, ""}, qkey{"end", r.RunID, ""})
		}
	case vocab.SysReward:
		if r.Verdict == vocab.VerdictRejectPoison {
			q.raise(qkey{DecisionRewardPoison, r.ID, ""}, DecisionRewardPoison, r)
		}
	case vocab.SysHalt:
		if r.Verdict == vocab.VerdictProposed {
			q.raise(qkey{DecisionHaltProposed, r.RunID, ""}, DecisionHaltProposed, r, qkey{"end", r.RunID, ""})
		}
	case vocab.SysRunEnd:
		// an ended run waits on nobody: its wedges, refusals and halt
		// proposals are moot (its over-claims and poison labels are not)
		q.saw(qkey{"end", r.RunID, ""})
		q.closeRun(r.RunID, DecisionRunSpinning, DecisionRunStalled, DecisionHaltProposed, DecisionImproveEscalate)
		q.closeIndexed(q.refusals, r.RunID)
	}
}

// Decisions folds the journal into the operator queue.
func Decisions(ctx context.Context, r Reader, o DecisionOptions) (*DecisionQueue, error) {
	if o.Window <= 0 {
		o.Window = DefaultDecisionWindow
	}
	if o.parts == 0 {
		o.parts = runtime.GOMAXPROCS(0)
	}
	doc := &DecisionQueue{V: 1, GeneratedAt: o.Now.UTC(), All: o.All, Resolver: o.Resolver, Decisions: []Decision{}, Open: map[Resolver]int{}}
	var w Window
	if !o.All {
		doc.WindowSeconds = int64(o.Window / time.Second)
		w.Since.Time = o.Now.Add(-o.Window)
	}
	q, empty, err := w.Query(ctx, r)
	if err != nil {
		return nil, err
	}
	qu := newQueue()
	if !empty {
		qu, err = splitFold(ctx, r, q, &doc.Scanned, o.parts, cmp.Or(o.minPartBytes, minPartBytes), newQueue,
			func(qu *queue, rec *journal.Record) {
				if w.Holds(rec) {
					qu.add(rec)
				}
			}, (*queue).merge)
		if err != nil {
			return nil, err
		}
	}
	for _, op := range qu.open {
		d := op.d
		describe(&d, op.first, op.last)
		d.AgeSeconds = int64(d.Age(o.Now) / time.Second)
		doc.Open[d.Resolver]++
		if o.Resolver == "" || d.Resolver == o.Resolver {
			doc.Decisions = append(doc.Decisions, d)
		}
	}
	slices.SortFunc(doc.Decisions, func(a, b Decision) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return 0
	})
	return doc, nil
}

// verifyStep folds git's answer about a step (a verify, or a judged
// claim): SHIPPED resolves the step's over-claims; NOT_SHIPPED turns the
// claims waiting on it into over-claims.
func (q *queue) verifyStep(step string, r *journal.Record) {
	if q.firstVerify[step] == nil {
		q.firstVerify[step] = r
	}
	defer delete(q.claims, step)
	if r.Verdict == vocab.VerdictShipped {
		q.saw(qkey{"shipped", step, ""})
		q.closeIndexed(q.overClaims, step)
		return
	}
	var refuted []*open
	for _, c := range q.claims[step] {
		key := qkey{DecisionOverClaim, c.RunID, step}
		o := q.raise(key, DecisionOverClaim, c, qkey{"shipped", step, ""})
		o.first = c // the words describe the latest claim and its refutation
		if !slices.Contains(refuted, o) {
			refuted = append(refuted, o)
		}
		index(q.overClaims, step, key)
	}
	for _, o := range refuted { // the verify once per decision, after its claims
		o.touch(r)
		if o.settled == nil {
			o.settled = r
		}
	}
}

// describe writes a decision's title, reason, resolver, urgency and
// command from the record that opened it and the latest one behind it.
func describe(x *Decision, first, last *journal.Record) {
	switch x.Kind {
	case DecisionLaneRefused:
		var d vocab.LeaseAcquireDetail
		_ = last.Detail.Decode(&d)
		laneRefused(x, last, d)
	case DecisionRunSpinning, DecisionRunStalled:
		var d vocab.LivenessDetail
		_ = last.Detail.Decode(&d)
		wedged(x, last, d)
	case DecisionOverClaim:
		var d vocab.VerifyDetail
		_ = last.Detail.Decode(&d)
		overClaim(x, first, last, d)
	case DecisionBreakerOpen:
		var d vocab.BreakerDetail
		_ = last.Detail.Decode(&d)
		breakerOpen(x, last, d)
	case DecisionImproveEscalate:
		var d vocab.ImproveDetail
		_ = last.Detail.Decode(&d)
		improveEscalate(x, last, d)
	case DecisionRewardPoison:
		poison(x, last)
	case DecisionHaltProposed:
		var d vocab.HaltDetail
		_ = last.Detail.Decode(&d)
		haltProposed(x, last, d)
	}
}

// short8 abbreviates a run id for titles.
func short8(id string) string {
	if len(id) == 26 {
		return "…" + id[18:]
	}
	return cmp.Or(id, "(no run)")
}

func laneRefused(x *Decision, r *journal.Record, d vocab.LeaseAcquireDetail) {
	x.Resolver, x.Urgency = ResolverHuman, UrgencyMedium
	x.Title = fmt.Sprintf("lane %s refused to run %s", r.Lane, short8(r.RunID))
	x.Reason = d.Reason
	x.Command = "dos observe --lane " + r.Lane + " --tail 10"
	if h := d.Holding; h != nil {
		held := "(paths " + strings.Join(h.Paths, ",") + ")"
		if len(h.Paths) == 0 {
			held = "(the lane alone, no paths)"
		}
		x.Reason = fmt.Sprintf("%s: run %s holds lane %s %s until %s", d.Reason, short8(h.Holder.RunID), h.Lane,
			held, h.ExpiresAt.UTC().Format(time.RFC3339))
		if h.Holder.RunID != "" {
			x.Command = "dos trace " + h.Holder.RunID
		}
	}
	if x.Records > 1 {
		x.Reason += fmt.Sprintf(" (refused %d times)", x.Records)
	}
}

func wedged(x *Decision, r *journal.Record, d vocab.LivenessDetail) {
	if r.Verdict == vocab.VerdictSpinning {
		x.Resolver, x.Urgency = ResolverJudge, UrgencyMedium
		x.Title = fmt.Sprintf("run %s is SPINNING", short8(r.RunID))
		x.Reason = fmt.Sprintf("heard %d records (%d heartbeats) but nothing landed for %s", d.Records, d.Heartbeats, time.Duration(d.IdleSeconds)*time.Second)
		x.Command = "dos trace " + r.RunID
		return
	}
	x.Resolver, x.Urgency = ResolverOracle, UrgencyMedium
	x.Title = fmt.Sprintf("run %s is STALLED", short8(r.RunID))
	x.Reason = fmt.Sprintf("nothing heard for %s", time.Duration(d.QuietSeconds)*time.Second)
	x.Command = "dos liveness --run-id " + r.RunID
}

func overClaim(x *Decision, c, v *journal.Record, d vocab.VerifyDetail) {
	x.Resolver, x.Urgency = ResolverOracle, UrgencyHigh
	var cd vocab.IntentClaimDetail
	_ = c.Detail.Decode(&cd)
	plan := cmp.Or(cmp.Or(cd.Plan, d.Plan), "PLAN")
	x.Title = fmt.Sprintf("run %s claimed %s, git says NOT_SHIPPED", short8(c.RunID), c.Subject)
	x.Reason = fmt.Sprintf("claim at seq %d; verify at seq %d: %s", c.Seq, v.Seq, cmp.Or(d.Reason, "no stamp"))
	if c == v { // git judged the claim when it was made
		x.Reason = fmt.Sprintf("claim at seq %d, judged by git then: %s", c.Seq, cmp.Or(d.Reason, "no stamp"))
	}
	x.Command = "dos verify " + plan + " " + c.Subject
	if c.RunID != "" {
		x.Command += " --run-id " + c.RunID
	}
}

func breakerOpen(x *Decision, r *journal.Record, d vocab.BreakerDetail) {
	x.Resolver, x.Urgency = ResolverJudge, UrgencyMedium
	if d.OnTrip == "human" {
		x.Resolver, x.Urgency = ResolverHuman, UrgencyHigh
	}
	x.Title = fmt.Sprintf("breaker OPEN for run %s", short8(r.RunID))
	x.Reason = fmt.Sprintf("%s: %d consecutive / %d total failures (max %d / %d)", d.Reason, d.Consecutive, d.Total, d.MaxConsecutive, d.MaxTotal)
	x.Command = traceOr(r, "dos observe --syscall breaker --tail 10")
}

func improveEscalate(x *Decision, r *journal.Record, d vocab.ImproveDetail) {
	x.Resolver, x.Urgency = ResolverHuman, UrgencyHigh
	x.Title = fmt.Sprintf("improve loop of run %s escalated", short8(r.RunID))
	x.Reason = fmt.Sprintf("%s: %d reverts in a row (max %d); work %d vs baseline %d", d.Reason, d.RevertStreak, d.MaxReverts, d.Work, d.BaselineWork)
	x.Command = traceOr(r, "dos observe --syscall improve --tail 10")
}

func poison(x *Decision, r *journal.Record) {
	x.Resolver, x.Urgency = ResolverHuman, UrgencyMedium
	x.Title = fmt.Sprintf("poison label rejected for run %s", short8(r.RunID))
	x.Reason = "a witness refuted the claimed success: keep this trajectory out of training"
	x.Command = traceOr(r, "dos observe --syscall reward --verdict REJECT_POISON --tail 10")
}

func haltProposed(x *Decision, r *journal.Record, d vocab.HaltDetail) {
	x.Resolver, x.Urgency = ResolverHuman, UrgencyHigh
	x.Title = fmt.Sprintf("halt proposed for run %s", short8(r.RunID))
	x.Reason = "reason " + cmp.Or(d.Reason, "operator")
	if x.Records > 1 {
		x.Reason += fmt.Sprintf(" (proposed %d times)", x.Records)
	}
	x.Command = "dos run end --run-id " + r.RunID + " --status halted"
}

// traceOr is the command that inspects r: its run's trace, or fallback when
// the record has no run.
func traceOr(r *journal.Record, fallback string) string {
	if r.RunID == "" {
		return fallback
	}
	return "dos trace " + r.RunID
}
