package notifiers

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
)

// Appender appends one record durably; *journal.Writer is one.
type Appender interface {
	Append(ctx context.Context, r journal.Record) (journal.Record, error)
}

// Job is one `dos notify` run: what to digest, where to send it, and the
// journal that remembers what was sent.
type Job struct {
	Kind     string // KindDecisions or KindTop
	Notifier Notifier
	// Journal is read for the notify records of this channel; nil is an
	// empty journal. JournalDir feeds the group key.
	Journal    projections.Reader
	JournalDir string
	// Writer appends the notify record after a confirmed delivery.
	Writer Appender
	Now    time.Time
	Repeat time.Duration // 0 is DefaultRepeat
	// DryRun renders to DryRunOut and sends and records nothing.
	DryRun    bool
	DryRunOut io.Writer
	// Source and Host go on the notify record.
	Source, Host string

	// Queue is the whole open queue (Decisions run without a resolver
	// filter); Resolver filters what this channel is told; WindowStart is
	// the queue's window start (zero with --all).
	Queue       *projections.DecisionQueue
	Resolver    projections.Resolver
	WindowStart time.Time

	// Frame is the top frame (KindTop).
	Frame *projections.Frame
}

// Result is what a run did, for the one line (or JSON document) it prints.
type Result struct {
	Kind     string `json:"kind"`
	Notifier string `json:"notifier"`
	Channel  string `json:"channel"`
	GroupKey string `json:"group_key"`
	EventID  string `json:"event_id,omitempty"`
	DryRun   bool   `json:"dry_run"`
	// Sent is true once the backend confirmed the message.
	Sent bool `json:"sent"`
	// Shown decisions (or runs) were in the message; More were counted by
	// its "and N more" line. New, Changed and Reminders split them by why.
	Shown     int `json:"shown"`
	More      int `json:"more"`
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Reminders int `json:"reminders"`
	Resolved  int `json:"resolved"`
	// Quiet open decisions were already delivered and are not yet due;
	// NextDue is when the first of them (or the top digest) is.
	Quiet    int        `json:"quiet"`
	NextDue  *time.Time `json:"next_due,omitempty"`
	Why      string     `json:"why,omitempty"` // top: new, changed or reminder
	Edited   bool       `json:"edited"`
	Attempts int        `json:"attempts"`
	// Seq is the notify record appended after delivery.
	Seq uint64 `json:"seq,omitempty"`
	// Remembered counts the notify records read; BadLines the journal
	// lines that could not be read while doing so.
	Remembered int    `json:"remembered"`
	BadLines   int    `json:"bad_lines"`
	Error      string `json:"error,omitempty"`
}

// Nothing reports whether the run had nothing to say.
func (r Result) Nothing() bool { return r.Shown+r.More+r.Resolved == 0 && r.Why == "" }

// RecordError is a delivery the backend confirmed whose notify record
// could not be appended: the next run will send it again.
type RecordError struct{ Err error }

func (e *RecordError) Error() string {
	return fmt.Sprintf("delivered, but the notify record could not be appended (the next run will send it again): %v", e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Run plans, renders or sends, and records one digest, holding the
// channel's lock from reading what was sent to recording what was sent. It
// returns a *SendError when the backend did not confirm (nothing
// recorded), a *RecordError when it did but the journal refused the
// record, ErrBusy when another run holds the channel, and a *ConfigError
// for bad input.
func Run(ctx context.Context, j Job) (Result, error) {
	n := j.Notifier
	res := Result{Kind: j.Kind, Notifier: n.Name(), Channel: n.Channel(), DryRun: j.DryRun,
		GroupKey: GroupKey(j.Kind, j.JournalDir, n.Channel())}
	// the lock lives in the journal directory: taken before reading what
	// was sent, or (no journal yet, nothing to read) just before sending,
	// so a run with nothing to say creates no directory
	var lock *channelLock
	takeLock := func() error {
		if lock != nil || j.DryRun || j.JournalDir == "" {
			return nil
		}
		var err error
		lock, err = lockChannel(j.JournalDir, j.Kind, n.Channel())
		return err
	}
	defer func() {
		if lock != nil {
			lock.release()
		}
	}()
	if j.Journal != nil {
		if err := takeLock(); err != nil {
			return res, err
		}
	}
	mem, st, err := Recall(ctx, j.Journal, n.Channel(), j.Now, j.Repeat)
	if err != nil {
		return res, err
	}
	res.Remembered, res.BadLines = mem.Records, st.Bad()+mem.Unreadable
	msg, plan, send, err := compose(j, mem, &res)
	if err != nil || !send {
		return res, err
	}
	if j.DryRun {
		return res, n.Render(j.DryRunOut, msg)
	}
	if err := takeLock(); err != nil {
		return res, err
	}
	rc, err := n.Send(ctx, msg)
	res.Attempts, res.Edited = rc.Attempts, rc.Edited
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Sent = true
	d := Detail{Notifier: n.Name(), Channel: n.Channel(), GroupKey: res.GroupKey, EventID: msg.EventID,
		TS: rc.TS, SlackChannel: rc.SlackChannel, Edited: rc.Edited, Attempts: rc.Attempts}
	if msg.Top != nil {
		d.Fingerprint = msg.Top.Fingerprint
	} else {
		d.Delivered, d.Resolved = Remember(msg, plan)
	}
	rec, err := newRecord(j.Kind, n.Channel(), j.Source, j.Host, d)
	if err == nil {
		rec, err = j.Writer.Append(ctx, rec)
	}
	if err != nil {
		res.Error = (&RecordError{Err: err}).Error()
		return res, &RecordError{Err: err}
	}
	res.Seq = rec.Seq
	return res, nil
}

// compose plans the digest against what the channel was told and builds
// the message; send is false when there is nothing to say.
func compose(j Job, mem *Memory, res *Result) (msg Message, plan DecisionPlan, send bool, err error) {
	po := PlanOptions{Now: j.Now, Repeat: j.Repeat, Resolver: j.Resolver, WindowStart: j.WindowStart}
	do := DigestOptions{Max: j.Notifier.Max(), GroupKey: res.GroupKey, SentAt: j.Now}
	switch j.Kind {
	case KindDecisions:
		if j.Queue == nil {
			return msg, plan, false, configErrorf("notify decisions: no queue")
		}
		plan = PlanDecisions(mem, j.Queue, po)
		res.Quiet = plan.Quiet
		if !plan.NextDue.IsZero() {
			res.NextDue = &plan.NextDue
		}
		if plan.Empty() {
			return msg, plan, false, nil
		}
		msg = BuildDecisions(plan.Pending, plan.Resolved, j.Queue.Open, do)
		res.Shown, res.More, res.Resolved = len(msg.Items), msg.More, len(plan.Resolved)
		for _, it := range plan.Pending {
			switch it.Change {
			case ChangeNew:
				res.New++
			case ChangeChanged:
				res.Changed++
			default:
				res.Reminders++
			}
		}
	case KindTop:
		if j.Frame == nil {
			return msg, plan, false, configErrorf("notify top: no frame")
		}
		msg = BuildTop(j.Frame, do)
		tp := PlanTop(mem, msg.Top.Fingerprint, po)
		if !tp.Send {
			if !tp.NextDue.IsZero() {
				res.NextDue = &tp.NextDue
			}
			return msg, plan, false, nil
		}
		msg.Edit, res.Why = tp.Edit, tp.Why
		if tp.Why == ChangeReminder {
			msg.EventID = TopEventID(msg.GroupKey, msg.Top.Fingerprint, mem.Top.At)
		}
		res.Shown, res.More = len(msg.Top.Runs), msg.Top.RunsMore
	default:
		return msg, plan, false, configErrorf("notify: unknown digest kind %q", j.Kind)
	}
	res.EventID = msg.EventID
	return msg, plan, true, nil
}

// Recall folds the notify records of channel from the last two repeat
// intervals: older ones can only say "told long ago", which makes a
// decision due anyway.
func Recall(ctx context.Context, r projections.Reader, channel string, now time.Time, repeat time.Duration) (*Memory, projections.ScanStats, error) {
	mem := NewMemory(channel)
	var st projections.ScanStats
	if r == nil {
		return mem, st, nil
	}
	if repeat <= 0 {
		repeat = DefaultRepeat
	}
	w := projections.Window{Since: projections.Bound{Time: now.Add(-2 * repeat)}}
	q, empty, err := w.Query(ctx, r)
	if err != nil || empty {
		return mem, st, err
	}
	err = projections.Each(r.Scan(ctx, q), &st, func(rec *journal.Record) bool {
		if rec.Kind == journal.KindNotify && w.Holds(rec) {
			mem.Add(rec)
		}
		return true
	})
	return mem, st, err
}
