package projections

import (
	"slices"

	"github.com/dos-go/dos/vocab"
)

// merge folds o, the queue of the next contiguous range of records, into
// q. Every record of o comes after every record of q, so: a decision open
// in q is resolved when o saw any of its closers; otherwise it continues
// into o's decision of the same key, if any. Claims q left pending are
// settled by o's first verify of their step, exactly as one scan would.
func (q *queue) merge(o *queue) {
	// over-claims q's pending claims will extend: they take their claims
	// before o's records, so they are combined below, in record order
	extended := map[qkey]bool{}
	for step, claims := range q.claims {
		if o.firstVerify[step] != nil {
			for _, c := range claims {
				extended[qkey{DecisionOverClaim, c.RunID, step}] = true
			}
		}
	}
	for key, a := range q.open {
		if closedBy(a, o.closers) {
			delete(q.open, key)
			continue
		}
		if b := o.open[key]; b != nil && !extended[key] {
			a.combine(b)
			delete(o.open, key)
		}
	}
	for step, claims := range q.claims {
		v := o.firstVerify[step]
		if v == nil {
			continue // still pending
		}
		delete(q.claims, step)
		if v.Verdict != vocab.VerdictNotShipped || o.closers[qkey{"shipped", step, ""}] {
			continue // backed; or refuted, then shipped within o
		}
		var keys []qkey
		for _, c := range claims {
			key := qkey{DecisionOverClaim, c.RunID, step}
			n := q.open[key]
			if n == nil {
				n = &open{first: c, closers: []qkey{{"shipped", step, ""}},
					d: Decision{ID: DecisionID(DecisionOverClaim, c.ID), Kind: DecisionOverClaim, RunID: c.RunID, Lane: c.Lane, Created: c.TS}}
				q.open[key] = n
			}
			if !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
			n.touch(c)
			n.first = c
		}
		for _, key := range keys {
			n, b := q.open[key], o.open[key]
			if b == nil || b.settled != v {
				n.touch(v) // b, if any, began after v
			}
			if b != nil {
				n.combine(b)
				delete(o.open, key)
			}
		}
	}
	for key, b := range o.open {
		q.open[key] = b
	}
	for step, claims := range o.claims {
		q.claims[step] = append(q.claims[step], claims...)
	}
	for k := range o.closers {
		q.closers[k] = true
	}
	for step, v := range o.firstVerify {
		if q.firstVerify[step] == nil {
			q.firstVerify[step] = v
		}
	}
}

// closedBy reports whether any of a decision's closers is in seen.
func closedBy(a *open, seen map[qkey]bool) bool {
	for _, c := range a.closers {
		if seen[c] {
			return true
		}
	}
	return false
}

// combine appends b, the same decision continued in a later range, to a.
func (a *open) combine(b *open) {
	a.d.Records += b.d.Records
	a.d.Revision = CombineRevisions(a.d.Revision, b.d.Revision)
	a.d.Updated = b.d.Updated
	seqs := append(append([]uint64{}, a.d.Seqs[1:]...), b.d.Seqs...)
	ids := append(append([]string{}, a.d.RecordIDs[1:]...), b.d.RecordIDs...)
	if n := len(seqs) - (MaxDecisionRecords - 1); n > 0 {
		seqs, ids = seqs[n:], ids[n:]
	}
	a.d.Seqs = append(a.d.Seqs[:1], seqs...)
	a.d.RecordIDs = append(a.d.RecordIDs[:1], ids...)
	a.last = b.last
	if a.settled == nil {
		a.settled = b.settled
	}
	if a.d.Kind == DecisionOverClaim {
		a.first = b.first // the words describe the latest claim and its refutation
	}
}
