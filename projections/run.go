package projections

import (
	"cmp"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// RunInfo is a run as its own records describe it.
type RunInfo struct {
	RunID       string    `json:"run_id"`
	ParentRunID string    `json:"parent_run_id,omitempty"`
	Name        string    `json:"name,omitempty"`
	Host        string    `json:"host,omitempty"`
	PID         int       `json:"pid,omitempty"`
	Started     time.Time `json:"started,omitzero"` // run.start, else the first record
	StartSeq    uint64    `json:"start_seq,omitempty"`
	Ended       time.Time `json:"ended,omitzero"`
	Status      string    `json:"status,omitempty"` // run.end's status, "" while open
	LastSeen    time.Time `json:"last_seen,omitzero"`
	Records     int64     `json:"records"`
}

// RunRef names a run of the lineage.
type RunRef struct {
	RunID   string    `json:"run_id"`
	Name    string    `json:"name,omitempty"`
	Started time.Time `json:"started,omitzero"`
}

// stepState is what the journal says about one step of a run.
type stepState struct {
	step, plan string
	declared   bool
	order      int // declaration order, or after every declared step
	claimSeq   uint64
	verdict    string // the run's last verify of the step
	verifySeq  uint64
	shippedSHA string // the sha the run's last SHIPPED verify named
	shippedSeq uint64
}

// runFold folds one run's records (in seq order) into what trace and
// resume need. It is pure: records in, state out.
type runFold struct {
	id       string
	info     RunInfo
	recs     []*journal.Record
	children []RunRef
	steps    map[string]*stepState // by upper-cased step
	order    []string              // upper-cased steps, declared first, then claimed-only
	leases   *lease.Set
	leaseLog []*journal.Record
	declared int
}

func newRunFold(id string) *runFold {
	return &runFold{id: id, info: RunInfo{RunID: id}, steps: map[string]*stepState{}, leases: lease.NewSet()}
}

func (f *runFold) step(name, plan string) *stepState {
	k := strings.ToUpper(name)
	s := f.steps[k]
	if s == nil {
		s = &stepState{step: name, order: len(f.order)}
		f.steps[k] = s
		f.order = append(f.order, k)
	}
	if s.plan == "" {
		s.plan = plan
	}
	return s
}

// add folds one record: the run's own, or a child's run.start.
func (f *runFold) add(r *journal.Record) {
	if r.RunID != f.id {
		if r.ParentRunID == f.id && r.Syscall == vocab.SysRunStart {
			f.children = append(f.children, RunRef{RunID: r.RunID, Name: r.Subject, Started: r.TS})
		}
		return
	}
	f.recs = append(f.recs, r)
	f.info.Records++
	f.info.LastSeen = r.TS
	if f.info.Started.IsZero() {
		f.info.Started, f.info.StartSeq = r.TS, r.Seq
	}
	if f.info.Host == "" {
		f.info.Host = r.Host
	}
	switch r.Syscall {
	case vocab.SysRunStart:
		var d vocab.RunStartDetail
		_ = r.Detail.Decode(&d)
		f.info.Started, f.info.StartSeq, f.info.ParentRunID, f.info.Name, f.info.Host, f.info.PID =
			r.TS, r.Seq, r.ParentRunID, r.Subject, r.Host, d.PID
	case vocab.SysRunEnd:
		var d vocab.RunEndDetail
		_ = r.Detail.Decode(&d)
		f.info.Ended, f.info.Status = r.TS, cmp.Or(d.Status, "done")
	case vocab.SysIntentDeclare:
		var d vocab.IntentDeclareDetail
		_ = r.Detail.Decode(&d)
		for _, s := range d.Steps {
			st := f.step(s, d.Plan)
			if !st.declared {
				st.declared = true
				f.declared++
			}
		}
		f.reorder()
	case vocab.SysIntentClaim:
		var d vocab.IntentClaimDetail
		_ = r.Detail.Decode(&d)
		s := f.step(cmp.Or(d.Step, r.Subject), d.Plan)
		s.claimSeq = r.Seq
		if r.Verdict != "" { // git's answer when the claim was made is the journal's latest word
			s.verdict, s.verifySeq = r.Verdict, r.Seq
			if r.Verdict == vocab.VerdictShipped && d.SHA != "" {
				s.shippedSHA, s.shippedSeq = d.SHA, r.Seq
			}
		}
	case vocab.SysVerify:
		var d vocab.VerifyDetail
		_ = r.Detail.Decode(&d)
		s := f.step(cmp.Or(d.Phase, r.Subject), d.Plan)
		s.verdict, s.verifySeq = r.Verdict, r.Seq
		if r.Verdict == vocab.VerdictShipped {
			s.shippedSHA, s.shippedSeq = d.SHA, r.Seq
		}
	}
	if r.Kind == journal.KindLease {
		f.leaseLog = append(f.leaseLog, r)
		f.leases.Apply(r)
	}
}

// reorder keeps declared steps first, in declaration order.
func (f *runFold) reorder() {
	var decl, rest []string
	for _, k := range f.order {
		if f.steps[k].declared {
			decl = append(decl, k)
		} else {
			rest = append(rest, k)
		}
	}
	f.order = append(decl, rest...)
	for i, k := range f.order {
		f.steps[k].order = i
	}
}
