package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// ErrUnknownRun means the journal holds no record of the run.
var ErrUnknownRun = errors.New("no record of this run in the journal")

// MaxTraceCommits bounds the commits a trace lists (CommitsTotal counts all).
const MaxTraceCommits = 50

// LeaseEvent is one lease record of a run.
type LeaseEvent struct {
	Seq       uint64    `json:"seq"`
	TS        time.Time `json:"ts"`
	Syscall   string    `json:"syscall"`
	Verdict   string    `json:"verdict"`
	Lane      string    `json:"lane,omitempty"`
	Paths     []string  `json:"paths"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Reason    string    `json:"reason,omitempty"`
}

// TraceDoc is the `dos trace RUN_ID` document.
type TraceDoc struct {
	V        int      `json:"v"`
	Run      RunInfo  `json:"run"`
	Parent   *RunRef  `json:"parent,omitempty"`
	Children []RunRef `json:"children"`
	// Records are every record of the run, in seq order.
	Records []*journal.Record `json:"records"`
	Steps   []Step            `json:"steps"`
	Leases  []LeaseEvent      `json:"leases"`
	// LiveLeases are the run's leases still live at GeneratedAt.
	LiveLeases []vocab.HeldLease `json:"live_leases"`
	// Head is the sha HEAD resolved to ("" when unchecked or unborn);
	// Commits the commits reachable from it since the run started, newest
	// first, at most MaxTraceCommits of CommitsTotal.
	Head         string    `json:"head,omitempty"`
	GitChecked   bool      `json:"git_checked"`
	Commits      []Commit  `json:"commits"`
	CommitsTotal int       `json:"commits_total"`
	Notes        []string  `json:"notes"`
	GeneratedAt  time.Time `json:"generated_at"`
	Scanned      ScanStats `json:"scanned"`
}

// foldRun reads run's records (and its children's run.start) with the
// journal's run filter, which skips sealed segments that cannot hold it.
// The segments that may hold it (usually the run's own and the active one)
// are read in parallel, one per segment, and folded in seq order.
func foldRun(ctx context.Context, r Reader, run string, st *ScanStats) (*runFold, error) {
	parts := 1
	if r != nil && !isNilReader(r) {
		if segs, err := r.Segments(); err == nil {
			parts = len(segs)
		}
	}
	recs, err := splitFold(ctx, r, journal.Query{RunIDs: []string{run}}, st, parts, 1,
		func() *[]*journal.Record { return new([]*journal.Record) },
		func(rs *[]*journal.Record, rec *journal.Record) { *rs = append(*rs, rec) },
		func(a, b *[]*journal.Record) { *a = append(*a, *b...) })
	if err != nil {
		return nil, err
	}
	f := newRunFold(run)
	for _, rec := range *recs {
		f.add(rec)
	}
	return f, nil
}

// parentRef finds the parent's run.start, reading no further than the
// child's start. A run id minted by dos is a ULID of its start time, so the
// search first seeks to an hour before that time; when the parent's start
// is not there (an id minted elsewhere), it reads from the beginning.
func parentRef(ctx context.Context, r Reader, parent string, until uint64) (*RunRef, error) {
	ref := &RunRef{RunID: parent}
	find := func(from uint64) (bool, error) {
		var st ScanStats
		found := false
		err := Each(scan(ctx, r, journal.Query{RunIDs: []string{parent}, From: from, Until: until}), &st, func(rec *journal.Record) bool {
			if rec.RunID == parent && rec.Syscall == vocab.SysRunStart {
				ref.Name, ref.Started, found = rec.Subject, rec.TS, true
				return false
			}
			return true
		})
		return found, err
	}
	if born, ok := journal.RunIDTime(parent); ok && r != nil && !isNilReader(r) {
		from, err := locate(ctx, r, born.Add(-time.Hour))
		if tolerate(err) != nil {
			return ref, err
		}
		if from > 1 && (until == 0 || from <= until) {
			if found, err := find(from); found || err != nil {
				return ref, err
			}
		}
	}
	_, err := find(0)
	return ref, err
}

// Trace folds one run: its lineage, records, steps judged against git (g
// may be nil: steps are then UNCHECKED, never VERIFIED), leases and the
// commits since it started.
func Trace(ctx context.Context, r Reader, g Git, run string, now time.Time) (*TraceDoc, error) {
	if !journal.ValidRunID(run) {
		return nil, fmt.Errorf("%q is not a run id (a 26-character ULID as `dos run start` prints, or RID-…)", run)
	}
	doc := &TraceDoc{V: 1, GeneratedAt: now.UTC(), Children: []RunRef{}, Records: []*journal.Record{}, Leases: []LeaseEvent{},
		LiveLeases: []vocab.HeldLease{}, Commits: []Commit{}, Notes: []string{}}
	f, err := foldRun(ctx, r, run, &doc.Scanned)
	if err != nil {
		return nil, err
	}
	if f.info.Records == 0 && len(f.children) == 0 {
		return doc, fmt.Errorf("run %s: %w", run, ErrUnknownRun)
	}
	doc.Run, doc.Children = f.info, append(doc.Children, f.children...)
	doc.Records = append(doc.Records, f.recs...)
	if f.info.Records == 0 {
		doc.Notes = append(doc.Notes, "the run has no records of its own (pruned, or never started); only its children name it")
	}
	if p := f.info.ParentRunID; p != "" {
		if doc.Parent, err = parentRef(ctx, r, p, f.info.StartSeq); err != nil {
			return nil, err
		}
	}
	for _, rec := range f.leaseLog {
		doc.Leases = append(doc.Leases, leaseEvent(rec))
	}
	if live := f.leases.Live(now); live != nil {
		doc.LiveLeases = live
	}
	ev, err := gatherSteps(ctx, g, f)
	if err != nil {
		return nil, err
	}
	doc.Steps, doc.Head, doc.GitChecked = judgeSteps(f, ev), ev.head, ev.checked
	if !ev.checked {
		doc.Notes = append(doc.Notes, "claims are not checked: "+ev.why)
	} else if ev.head != "" && !f.info.Started.IsZero() {
		cs, err := g.CommitsSince(ctx, f.info.Started, ev.head)
		if err != nil {
			return nil, fmt.Errorf("commits since the run started: %w", err)
		}
		doc.CommitsTotal = len(cs)
		for _, c := range cs[:min(len(cs), MaxTraceCommits)] {
			doc.Commits = append(doc.Commits, Commit{SHA: c.SHA, Subject: c.Subject, Time: c.CommitTime})
		}
	}
	if len(f.order) == 0 {
		doc.Notes = append(doc.Notes, "the run declared and claimed no steps")
	}
	return doc, nil
}

// leaseEvent summarises a lease record from its evidence.
func leaseEvent(r *journal.Record) LeaseEvent {
	e := LeaseEvent{Seq: r.Seq, TS: r.TS, Syscall: r.Syscall, Verdict: r.Verdict, Lane: r.Lane, Paths: []string{}}
	switch r.Syscall {
	case vocab.SysLeaseAcquire:
		var d vocab.LeaseAcquireDetail
		_ = r.Detail.Decode(&d)
		e.Paths, e.ExpiresAt, e.Reason = d.Paths, d.ExpiresAt, d.Reason
	case vocab.SysLeaseRelease:
		var d vocab.LeaseReleaseDetail
		_ = r.Detail.Decode(&d)
		e.Reason = d.Reason
	case vocab.SysLeaseHeartbeat:
		var d vocab.LeaseHeartbeatDetail
		_ = r.Detail.Decode(&d)
		e.Reason = d.Reason
		for _, l := range d.Leases {
			if l.Lane == r.Lane || r.Lane == "" {
				e.Paths, e.ExpiresAt = append(e.Paths, l.Paths...), l.ExpiresAt
			}
		}
	}
	if e.Paths == nil {
		e.Paths = []string{}
	}
	return e
}
