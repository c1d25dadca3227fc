package projections

import (
	"cmp"
	"context"
	"fmt"
	"github.com/dos-go/dos/lease"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Catch categories of `dos helped`, in the order they are shown.
const (
	CatchOverClaims  = "over-claims-refuted"  // a claim git found NOT_SHIPPED (when made, or at the next verify)
	CatchLanes       = "lanes-refused"        // lease.acquire REFUSED: a collision prevented
	CatchRunsFlagged = "runs-flagged"         // runs liveness judged SPINNING or STALLED
	CatchBreakers    = "breakers-opened"      // breaker OPEN
	CatchPoison      = "poison-rejected"      // reward REJECT_POISON
	CatchEscalations = "escalations-to-human" // breaker OPEN on_trip=human, improve ESCALATE, halt PROPOSED
	CatchToolCalls   = "tool-calls-denied"    // hook.pretool DENY: a write into another run's lane, .dos/, dos's sources, outside the workspace
	CatchFalseDones  = "false-dones-blocked"  // hook.stop BLOCK: "done" claimed with no stamped commit behind it
)

// catchLabels names each category for people, in display order.
var catchLabels = [][2]string{
	{CatchOverClaims, "over-claims refuted"},
	{CatchLanes, "lanes refused (collisions prevented)"},
	{CatchRunsFlagged, "runs flagged SPINNING or STALLED"},
	{CatchBreakers, "circuit breakers opened"},
	{CatchPoison, "poison labels rejected"},
	{CatchEscalations, "escalations to a human"},
	{CatchToolCalls, "agent tool calls denied"},
	{CatchFalseDones, "false \"done\" stops blocked"},
}

// MaxExamples is how many examples --explain keeps per category (the most
// recent).
const MaxExamples = 3

// Example is one concrete catch, for --explain.
type Example struct {
	Seq     uint64    `json:"seq"`
	ID      string    `json:"id"`
	TS      time.Time `json:"ts"`
	Syscall string    `json:"syscall"`
	Verdict string    `json:"verdict"`
	RunID   string    `json:"run_id"`
	Lane    string    `json:"lane,omitempty"`
	Subject string    `json:"subject,omitempty"`
	// What says what was caught, from the record's evidence.
	What string `json:"what"`
}

// Catch is one category of `dos helped`.
type Catch struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Count is how many times dos caught this; Of is the natural
	// denominator (claims judged, lease requests, runs judged, …) named by
	// OfWhat; Rate is Count over every verdict issued.
	Count    int64     `json:"count"`
	Of       int64     `json:"of"`
	OfWhat   string    `json:"of_what"`
	Rate     float64   `json:"rate"`
	Examples []Example `json:"examples"`
}

// Helped is the `dos helped` document.
type Helped struct {
	V      int    `json:"v"`
	RunID  string `json:"run_id,omitempty"`
	Window Window `json:"window"`
	// Verdicts is N, the records that carry a verdict: the denominator.
	Verdicts int64 `json:"verdicts"`
	// ClaimsUnverified counts claims no verify of their step followed:
	// neither caught nor cleared.
	ClaimsUnverified int64   `json:"claims_unverified"`
	Caught           int64   `json:"caught"`
	Catches          []Catch `json:"catches"`
	// Summary is one honest sentence about the whole.
	Summary string    `json:"summary"`
	Scanned ScanStats `json:"scanned"`
	// LaneBoard is every declared lane FREE or HELD (set by the caller;
	// absent when not given).
	LaneBoard []lease.LaneState `json:"lane_board,omitempty"`
}

// HelpedOptions selects what `dos helped` folds.
type HelpedOptions struct {
	Window Window
	RunID  string // only this run's records
}

// helpedFold is the mutable state of the helped fold over one contiguous
// range of records. It is mergeable: pending claims at the end of one
// range are settled by the first verify of their step in the next.
type helpedFold struct {
	verdicts int64
	counts   map[string]int64
	of       map[string]int64
	examples map[string][]exampleRef
	// runs flagged and runs judged by liveness
	flagged, judged map[string]bool
	// claims awaiting a verify of their step, by upper-cased step
	pending map[string][]pendingClaim
	// first and last verify of each step in this range: the first settles
	// the previous range's pending claims, the last backs the next range's
	firstVerify, lastVerify map[string]*journal.Record
}

// pendingClaim is an intent.claim no verify has followed yet. before is
// the last verify of its step that preceded it, nil when none did in the
// ranges folded so far.
type pendingClaim struct {
	rec, before *journal.Record
}

func newHelpedFold() *helpedFold {
	return &helpedFold{counts: map[string]int64{}, of: map[string]int64{}, examples: map[string][]exampleRef{},
		flagged: map[string]bool{}, judged: map[string]bool{}, pending: map[string][]pendingClaim{},
		firstVerify: map[string]*journal.Record{}, lastVerify: map[string]*journal.Record{}}
}

// exampleRef is a kept example: the record caught and, for an over-claim,
// the verify that refuted it. Its words are written at the end, for the
// few examples kept, so the fold decodes no detail.
type exampleRef struct {
	r, v *journal.Record
	at   uint64 // the seq of the record that made the catch
}

func (h *helpedFold) catch(key string, r, v *journal.Record) {
	h.counts[key]++
	at := r.Seq
	if v != nil {
		at = max(at, v.Seq)
	}
	h.examples[key] = lastExamples(append(h.examples[key], exampleRef{r, v, at}))
}

// lastExamples keeps the MaxExamples caught last, in the order caught.
func lastExamples(ex []exampleRef) []exampleRef {
	slices.SortStableFunc(ex, func(a, b exampleRef) int { return cmp.Compare(a.at, b.at) })
	return ex[max(0, len(ex)-MaxExamples):]
}

// example writes a kept example's words from its evidence.
func example(key string, x exampleRef) Example {
	r := x.r
	e := Example{Seq: r.Seq, ID: r.ID, TS: r.TS, Syscall: r.Syscall, Verdict: r.Verdict, RunID: r.RunID, Lane: r.Lane, Subject: r.Subject}
	switch {
	case key == CatchOverClaims && x.v == r:
		var d vocab.IntentClaimDetail
		_ = r.Detail.Decode(&d)
		e.What = fmt.Sprintf("claimed %s at seq %d; git found it NOT_SHIPPED then (%s)", r.Subject, r.Seq, cmp.Or(d.Reason, "no stamp"))
	case key == CatchOverClaims:
		var d vocab.VerifyDetail
		_ = x.v.Detail.Decode(&d)
		e.What = fmt.Sprintf("claimed %s at seq %d; verify at seq %d found it NOT_SHIPPED (%s)", r.Subject, r.Seq, x.v.Seq, cmp.Or(d.Reason, "no stamp"))
	case key == CatchLanes:
		e.What = refusalWhat(r)
	case key == CatchRunsFlagged:
		e.What = livenessWhat(r)
	case key == CatchPoison:
		e.What = "a witness refuted the claimed success; the trajectory must not be trained on"
	case r.Syscall == vocab.SysBreaker && key == CatchEscalations:
		e.What = "breaker opened with a human escalation"
	case r.Syscall == vocab.SysBreaker:
		var d vocab.BreakerDetail
		_ = r.Detail.Decode(&d)
		e.What = fmt.Sprintf("%d consecutive / %d total failures (max %d / %d), escalation %s",
			d.Consecutive, d.Total, d.MaxConsecutive, d.MaxTotal, cmp.Or(d.OnTrip, "none"))
	case r.Syscall == vocab.SysImprove:
		var d vocab.ImproveDetail
		_ = r.Detail.Decode(&d)
		e.What = fmt.Sprintf("improve reverted %d times in a row (max %d)", d.RevertStreak, d.MaxReverts)
	case r.Syscall == vocab.SysHalt:
		var d vocab.HaltDetail
		_ = r.Detail.Decode(&d)
		e.What = "halt proposed: " + cmp.Or(d.Reason, "no reason")
	case key == CatchToolCalls:
		var d vocab.HookDetail
		_ = r.Detail.Decode(&d)
		e.What = fmt.Sprintf("denied %s (%s)", cmp.Or(d.Tool, "a tool call"), cmp.Or(d.Reason, "refused"))
		if r.Lane != "" {
			e.What += " in lane " + r.Lane
		}
	case key == CatchFalseDones:
		var d vocab.HookDetail
		_ = r.Detail.Decode(&d)
		var phases []string
		for _, c := range d.Checked {
			if !c.Shipped {
				phases = append(phases, c.Phase)
			}
		}
		e.What = fmt.Sprintf("blocked a stop: %s claimed, no stamped commit behind it", cmp.Or(strings.Join(phases, ", "), "a phase"))
	}
	return e
}

func (h *helpedFold) add(r *journal.Record) {
	if r.Verdict != "" {
		h.verdicts++
	}
	switch r.Syscall {
	case vocab.SysIntentClaim:
		step := strings.ToUpper(r.Subject)
		if r.Verdict == "" { // a claim recorded without git's answer: the next verify judges it
			h.pending[step] = append(h.pending[step], pendingClaim{rec: r, before: h.lastVerify[step]})
			break
		}
		// git judged the claim when it was made: that answer is also a
		// verify of the step, for claims still waiting on one
		h.verifyStep(step, r)
		h.of[CatchOverClaims]++
		if r.Verdict == vocab.VerdictNotShipped {
			h.catch(CatchOverClaims, r, r)
		}
	case vocab.SysVerify:
		h.verifyStep(strings.ToUpper(r.Subject), r)
	case vocab.SysLeaseAcquire:
		h.of[CatchLanes]++
		if r.Verdict == vocab.VerdictRefused {
			h.catch(CatchLanes, r, nil)
		}
	case vocab.SysLiveness:
		h.judged[r.RunID] = true
		if r.Verdict == vocab.VerdictSpinning || r.Verdict == vocab.VerdictStalled {
			if !h.flagged[r.RunID] {
				h.flagged[r.RunID] = true
				h.catch(CatchRunsFlagged, r, nil)
			}
		}
	case vocab.SysBreaker:
		h.of[CatchBreakers]++
		if r.Verdict == vocab.VerdictOpen {
			h.catch(CatchBreakers, r, nil)
			if strings.Contains(string(r.Detail), `"on_trip":"human"`) {
				h.catch(CatchEscalations, r, nil)
			}
		}
	case vocab.SysReward:
		h.of[CatchPoison]++
		if r.Verdict == vocab.VerdictRejectPoison {
			h.catch(CatchPoison, r, nil)
		}
	case vocab.SysImprove:
		if r.Verdict == vocab.VerdictEscalate {
			h.catch(CatchEscalations, r, nil)
		}
	case vocab.SysHalt:
		if r.Verdict == vocab.VerdictProposed {
			h.catch(CatchEscalations, r, nil)
		}
	case vocab.SysHookPretool:
		h.of[CatchToolCalls]++
		if r.Verdict == vocab.VerdictDeny {
			h.catch(CatchToolCalls, r, nil)
		}
	case vocab.SysHookStop:
		h.of[CatchFalseDones]++
		if r.Verdict == vocab.VerdictBlock {
			h.catch(CatchFalseDones, r, nil)
		}
	}
}

// verifyStep folds git's answer about a step (a verify, or a judged claim).
func (h *helpedFold) verifyStep(step string, r *journal.Record) {
	if _, seen := h.firstVerify[step]; !seen {
		h.firstVerify[step] = r
	}
	h.lastVerify[step] = r
	h.settle(h.pending[step], r)
	delete(h.pending, step)
}

// settle judges claims by the verify that followed them.
func (h *helpedFold) settle(claims []pendingClaim, v *journal.Record) {
	for _, pc := range claims {
		c := pc.rec
		h.of[CatchOverClaims]++
		if v.Verdict == vocab.VerdictNotShipped {
			h.catch(CatchOverClaims, c, v)
		}
	}
}

// merge folds o, the next contiguous range, into h.
func (h *helpedFold) merge(o *helpedFold) {
	for step, claims := range h.pending {
		if v := o.firstVerify[step]; v != nil {
			h.settle(claims, v)
			delete(h.pending, step)
		}
	}
	for step, v := range o.firstVerify {
		if _, seen := h.firstVerify[step]; !seen {
			h.firstVerify[step] = v
		}
	}
	for step, claims := range o.pending {
		for _, c := range claims {
			if c.before == nil {
				c.before = h.lastVerify[step]
			}
			h.pending[step] = append(h.pending[step], c)
		}
	}
	for step, v := range o.lastVerify {
		h.lastVerify[step] = v
	}
	h.verdicts += o.verdicts
	for k, n := range o.counts {
		h.counts[k] += n
	}
	for k, n := range o.of {
		h.of[k] += n
	}
	// a run flagged in both ranges is one run: keep its first flag
	var again []exampleRef
	for _, ex := range o.examples[CatchRunsFlagged] {
		if !h.flagged[ex.r.RunID] {
			again = append(again, ex)
		}
	}
	for run := range o.flagged {
		if h.flagged[run] {
			h.counts[CatchRunsFlagged]--
		}
		h.flagged[run] = true
	}
	o.examples[CatchRunsFlagged] = again
	for k, ex := range o.examples {
		h.examples[k] = lastExamples(append(h.examples[k], ex...))
	}
	for run := range o.judged {
		h.judged[run] = true
	}
}

// Help folds the journal into what dos caught. A nil Reader is empty.
func Help(ctx context.Context, r Reader, o HelpedOptions) (*Helped, error) {
	return help(ctx, r, o, runtime.GOMAXPROCS(0), minPartBytes)
}

// help is Help with the fold's parallelism and part size given.
func help(ctx context.Context, r Reader, o HelpedOptions, parts int, minBytes int64) (*Helped, error) {
	if o.RunID != "" && !journal.ValidRunID(o.RunID) {
		return nil, fmt.Errorf("--run %q is not a run id (a 26-character ULID, or RID-…)", o.RunID)
	}
	doc := &Helped{V: 1, RunID: o.RunID, Window: o.Window}
	q, empty, err := o.Window.Query(ctx, r)
	if err != nil {
		return nil, err
	}
	h := newHelpedFold()
	if !empty {
		if o.RunID != "" {
			q.RunIDs = []string{o.RunID}
		}
		h, err = splitFold(ctx, r, q, &doc.Scanned, parts, minBytes, newHelpedFold, func(h *helpedFold, rec *journal.Record) {
			if o.Window.Holds(rec) && (o.RunID == "" || rec.RunID == o.RunID) {
				h.add(rec)
			}
		}, (*helpedFold).merge)
		if err != nil {
			return nil, err
		}
	}
	h.finish(doc)
	return doc, nil
}

// finish writes the fold's counts, denominators and examples into doc.
func (h *helpedFold) finish(doc *Helped) {
	doc.Verdicts = h.verdicts
	// A claim no verify followed is cleared when the last verify before it
	// found the step SHIPPED; otherwise nothing has checked it yet.
	for _, claims := range h.pending {
		for _, c := range claims {
			if c.before != nil && c.before.Verdict == vocab.VerdictShipped {
				h.of[CatchOverClaims]++
			} else {
				doc.ClaimsUnverified++
			}
		}
	}
	h.of[CatchRunsFlagged] = int64(len(h.judged))
	h.of[CatchEscalations] = h.verdicts
	ofWhat := map[string][2]string{CatchOverClaims: {"claim checked", "claims checked"}, CatchLanes: {"lease request", "lease requests"},
		CatchRunsFlagged: {"run judged", "runs judged"}, CatchBreakers: {"breaker check", "breaker checks"},
		CatchPoison: {"reward label", "reward labels"}, CatchEscalations: {"verdict", "verdicts"},
		CatchToolCalls: {"tool call judged", "tool calls judged"}, CatchFalseDones: {"stop judged", "stops judged"}}
	for _, kl := range catchLabels {
		c := Catch{Key: kl[0], Label: kl[1], Count: h.counts[kl[0]], Of: h.of[kl[0]], OfWhat: pluralize(h.of[kl[0]], ofWhat[kl[0]][0], ofWhat[kl[0]][1]), Examples: []Example{}}
		for _, x := range h.examples[kl[0]] {
			c.Examples = append(c.Examples, example(kl[0], x))
		}
		if doc.Verdicts > 0 {
			c.Rate = float64(c.Count) / float64(doc.Verdicts)
		}
		doc.Caught += c.Count
		doc.Catches = append(doc.Catches, c)
	}
	doc.Summary = helpedSummary(doc)
}

func helpedSummary(h *Helped) string {
	switch {
	case h.Verdicts == 0:
		return "Nothing to report yet: no verdicts have been issued in this window."
	case h.Caught == 0:
		return fmt.Sprintf("Nothing caught yet: all %d verdicts issued found no over-claim, lane collision, spinning or stalled run, open breaker, poison label, escalation, denied tool call or false \"done\".", h.Verdicts)
	}
	return fmt.Sprintf("dos caught %d %s across %d verdicts issued.", h.Caught, pluralize(h.Caught, "thing", "things"), h.Verdicts)
}

func pluralize(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// refusalWhat describes a lease refusal from its evidence.
func refusalWhat(r *journal.Record) string {
	var d vocab.LeaseAcquireDetail
	_ = r.Detail.Decode(&d)
	what := fmt.Sprintf("lane %s refused (%s)", cmp.Or(r.Lane, "-"), cmp.Or(d.Reason, "refused"))
	if d.Holding != nil {
		what += fmt.Sprintf(": held by run %s on lane %s, paths %s", cmp.Or(d.Holding.Holder.RunID, "-"), d.Holding.Lane, strings.Join(d.Holding.Paths, ","))
	}
	return what
}

// livenessWhat describes a SPINNING or STALLED verdict from its evidence.
func livenessWhat(r *journal.Record) string {
	var d vocab.LivenessDetail
	_ = r.Detail.Decode(&d)
	if r.Verdict == vocab.VerdictStalled {
		return fmt.Sprintf("STALLED: nothing heard for %s", time.Duration(d.QuietSeconds)*time.Second)
	}
	return fmt.Sprintf("SPINNING: %d records (%d heartbeats) but nothing landed for %s", d.Records, d.Heartbeats, time.Duration(d.IdleSeconds)*time.Second)
}
