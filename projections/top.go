package projections

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// TopOptions shapes a frame.
type TopOptions struct {
	Now       time.Time
	Workspace string
	Journal   string
	// Policy sets the liveness thresholds of the chips (vocab.DefaultLiveness when zero).
	Policy vocab.LivenessPolicy
	// MaxRuns, MaxVerdicts and MaxCommits bound the frame (20, 10, 10 when 0).
	MaxRuns, MaxVerdicts, MaxCommits int
	// CommitWindow is how far back commits are read for the chips and the
	// commit strip (7 days when 0).
	CommitWindow time.Duration
	// Lanes is the workspace's lane taxonomy; when set, the frame's lane
	// board lists every declared lane FREE or HELD.
	Lanes *vocab.Lanes
}

func (o *TopOptions) defaults() {
	if o.Policy.SpinAfter <= 0 || o.Policy.StallAfter <= 0 {
		o.Policy = vocab.DefaultLiveness()
	}
	o.MaxRuns = cmp.Or(o.MaxRuns, 20)
	o.MaxVerdicts = cmp.Or(o.MaxVerdicts, 10)
	o.MaxCommits = cmp.Or(o.MaxCommits, 10)
	o.CommitWindow = cmp.Or(o.CommitWindow, 7*24*time.Hour)
}

// topRun is an open run as the fold knows it.
type topRun struct {
	run                    TopRun
	heard, work            time.Time
	heartbeats, ownRecords int
}

// TopFold is the incremental fold behind `dos top`: runs open now, the
// lease set and the last verdicts. Catch up reads only the records
// appended since the last call, so a refreshing screen costs what was
// appended, not the journal. Not safe for concurrent use.
type TopFold struct {
	runs     map[string]*topRun
	leases   *lease.Set
	verdicts []TopVerdict // ring of the last maxVerdicts
	next     int
	max      int
	lastSeq  uint64
	// leaseFrom skips lease records that cannot describe a live lease:
	// older than the newest now − vocab.MaxLeaseTTL − 1h (every live lease is
	// restated by its latest grant or heartbeat within its TTL).
	leaseFrom time.Time
	Scanned   ScanStats
}

// NewTopFold returns an empty fold keeping the last maxVerdicts verdicts.
func NewTopFold(maxVerdicts int) *TopFold {
	return &TopFold{runs: map[string]*topRun{}, leases: lease.NewSet(), max: cmp.Or(maxVerdicts, 10)}
}

// Add folds one record.
func (f *TopFold) Add(r *journal.Record) {
	f.lastSeq = max(f.lastSeq, r.Seq)
	if r.Kind == journal.KindLease && !r.TS.Before(f.leaseFrom) {
		f.leases.Apply(r)
	}
	if r.Verdict != "" {
		v := TopVerdict{Seq: r.Seq, TS: r.TS, Syscall: r.Syscall, Verdict: r.Verdict, RunID: r.RunID, Lane: r.Lane, Subject: r.Subject}
		if len(f.verdicts) < f.max {
			f.verdicts = append(f.verdicts, v)
		} else {
			f.verdicts[f.next] = v
			f.next = (f.next + 1) % f.max
		}
	}
	if r.RunID == "" || vocab.ObserverSyscall(r.Syscall) {
		return
	}
	if r.Syscall == vocab.SysRunEnd {
		delete(f.runs, r.RunID)
		return
	}
	t := f.runs[r.RunID]
	if t == nil {
		t = &topRun{run: TopRun{RunID: r.RunID, Host: r.Host, Started: r.TS, Lanes: []string{}}}
		f.runs[r.RunID] = t
	}
	if r.Syscall == vocab.SysRunStart {
		t.run.ParentRunID, t.run.Name, t.run.Host, t.run.Started = r.ParentRunID, r.Subject, r.Host, r.TS
	}
	t.run.Records++
	t.run.LastSeen, t.heard = r.TS, r.TS
	if r.Syscall == vocab.SysLeaseHeartbeat {
		t.heartbeats++
	}
	if r.Syscall == vocab.SysVerify && r.Verdict == vocab.VerdictShipped {
		t.work = r.TS
	}
}

// CatchUp folds the records appended since the last call, for a frame at
// now (which never goes backwards between calls).
func (f *TopFold) CatchUp(ctx context.Context, r Reader, now time.Time) error {
	if cut := now.Add(-vocab.MaxLeaseTTL - time.Hour); cut.After(f.leaseFrom) {
		f.leaseFrom = cut
	}
	return Each(scan(ctx, r, journal.Query{From: f.lastSeq + 1}), &f.Scanned, func(rec *journal.Record) bool {
		f.Add(rec)
		return true
	})
}

// Frame renders the fold at o.Now with the given recent commits (newest
// first; nil with a note when git could not be read). Pure.
func (f *TopFold) Frame(o TopOptions, commits []Commit, notes ...string) *Frame {
	o.defaults()
	fr := &Frame{V: 1, GeneratedAt: o.Now.UTC(), Workspace: o.Workspace, Journal: o.Journal, LastSeq: f.lastSeq,
		Runs: []TopRun{}, Lanes: []TopLane{}, Verdicts: []TopVerdict{}, Commits: []Commit{}, Scanned: f.Scanned, Notes: notes}
	live := f.leases.Live(o.Now)
	held := map[string][]string{}
	for _, l := range live {
		held[l.Holder.RunID] = append(held[l.Holder.RunID], l.Lane)
	}
	gitKnown := commits != nil
	chips := map[string]string{}
	for id, t := range f.runs {
		run := t.run
		run.Lanes = append([]string{}, held[id]...)
		run.Liveness, run.LivenessFrom = liveness(t, commits, gitKnown, o)
		chips[id] = run.Liveness
		fr.Runs = append(fr.Runs, run)
		fr.Counts.RunsOpen++
		switch run.Liveness {
		case LiveAdvancing:
			fr.Counts.Advancing++
		case LiveSpinning:
			fr.Counts.Spinning++
		case LiveStalled:
			fr.Counts.Stalled++
		default:
			fr.Counts.Unknown++
		}
	}
	slices.SortFunc(fr.Runs, func(a, b TopRun) int {
		return cmp.Or(b.LastSeen.Compare(a.LastSeen), cmp.Compare(a.RunID, b.RunID))
	})
	if len(fr.Runs) > o.MaxRuns {
		fr.Counts.RunsHidden = len(fr.Runs) - o.MaxRuns
		fr.Runs = fr.Runs[:o.MaxRuns]
	}
	for _, l := range live {
		tl := TopLane{Lane: l.Lane, RunID: l.Holder.RunID, Holder: l.Holder.String(), Paths: append([]string{}, l.Paths...),
			Acquired: l.AcquiredAt, Expires: l.ExpiresAt, ExpiresInSeconds: int64(l.ExpiresAt.Sub(o.Now) / time.Second),
			Liveness: cmp.Or(chips[l.Holder.RunID], LiveUnknown)}
		fr.Lanes = append(fr.Lanes, tl)
	}
	fr.Counts.LanesHeld = len(fr.Lanes)
	if o.Lanes != nil {
		fr.LaneBoard = lease.Board(*o.Lanes, live)
	}
	n := len(f.verdicts)
	for i := 0; i < n; i++ { // newest first
		fr.Verdicts = append(fr.Verdicts, f.verdicts[(f.next+n-1-i)%n])
	}
	fr.Commits = append(fr.Commits, commits[:min(len(commits), o.MaxCommits)]...)
	return fr
}

// liveness is a run's chip: vocab.ClassifyLiveness at now, from the
// run's own records and, when git was read, the commits since it started.
func liveness(t *topRun, commits []Commit, gitKnown bool, o TopOptions) (string, string) {
	ev := vocab.LivenessEvidence{StartedAt: t.run.Started, Records: int(t.run.Records), Heartbeats: t.heartbeats,
		LastHeardAt: t.heard, LastWorkAt: t.work}
	for _, c := range commits {
		if !c.Time.Before(t.run.Started.Truncate(time.Second)) {
			ev.CommitsSince++
			if c.Time.After(ev.LastCommitAt) {
				ev.LastCommitAt = c.Time
			}
		}
	}
	v, _ := vocab.ClassifyLiveness(ev, o.Policy, o.Now)
	from := "journal"
	if gitKnown {
		from = "journal+git"
	}
	return v.Token, from
}

// Top folds the whole journal into one frame (dos top --once). g may be
// nil: the frame then has no commits and says so.
func Top(ctx context.Context, r Reader, g Git, o TopOptions) (*Frame, *TopFold, error) {
	o.defaults()
	f := NewTopFold(o.MaxVerdicts)
	if err := f.CatchUp(ctx, r, o.Now); err != nil {
		return nil, nil, err
	}
	return f.Snapshot(ctx, g, o), f, nil
}

// Snapshot is the frame at o.Now of what the fold has caught up with, the
// recent commits read from g over o's commit window. --once and every
// refresh of the interactive screen take their frame from here, with the
// same defaults, so the two can never judge the same moment differently.
func (f *TopFold) Snapshot(ctx context.Context, g Git, o TopOptions) *Frame {
	o.defaults()
	commits, note := RecentCommits(ctx, g, o.Now, o.CommitWindow)
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	return f.Frame(o, commits, notes...)
}

// RecentCommits reads the commits reachable from HEAD in the window before
// now, newest first; nil and a note when git cannot be read.
func RecentCommits(ctx context.Context, g Git, now time.Time, window time.Duration) ([]Commit, string) {
	if g == nil {
		return nil, "no workspace repository: no commits shown, liveness from the journal alone"
	}
	head, err := g.Resolve(ctx, "HEAD")
	if err != nil {
		return nil, "git: " + err.Error() + ": no commits shown, liveness from the journal alone"
	}
	cs, err := g.CommitsSince(ctx, now.Add(-window), head)
	if err != nil {
		return nil, "git: " + err.Error()
	}
	out := make([]Commit, 0, len(cs))
	for _, c := range cs {
		out = append(out, Commit{SHA: c.SHA, Subject: c.Subject, Time: c.CommitTime})
	}
	return out, ""
}
