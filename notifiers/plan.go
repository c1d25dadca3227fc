package notifiers

import (
	"slices"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
)

// DefaultRepeat is how long a delivered, unchanged decision stays quiet
// before it is announced again.
const DefaultRepeat = 4 * time.Hour

// Sent is what a channel was last told about one decision.
type Sent struct {
	Revision    string
	Fingerprint string
	Kind        string
	RunID       string
	Created     time.Time
	At          time.Time // when it was last delivered
	// Resolver, Urgency and Lane label an Alertmanager alert; TS and
	// SlackChannel name the Slack message that announced it (bot token),
	// so a resolution can thread under it.
	Resolver, Urgency, Lane string
	TS, SlackChannel        string
}

// TopSent is the last top digest a channel was given.
type TopSent struct {
	Fingerprint  string
	TS           string
	SlackChannel string
	At           time.Time
}

// Memory is what one channel has been told, folded from the journal's
// notify records. Its size is bounded by the decisions announced and not
// yet resolved.
type Memory struct {
	Channel string
	Sent    map[string]Sent
	Top     TopSent
	// Records counts the notify records folded; Unreadable those whose
	// detail did not decode (they are skipped, so their decisions may be
	// announced again).
	Records, Unreadable int
}

// NewMemory is an empty memory for channel.
func NewMemory(channel string) *Memory {
	return &Memory{Channel: channel, Sent: map[string]Sent{}}
}

// Add folds one record; records of other kinds or channels are ignored.
// Records must come in seq order.
func (m *Memory) Add(r *journal.Record) {
	if r.Kind != journal.KindNotify || r.Subject != m.Channel {
		return
	}
	var d Detail
	if err := r.Detail.Decode(&d); err != nil || d.Channel != m.Channel {
		m.Unreadable++
		return
	}
	m.Records++
	switch r.Syscall {
	case SysNotifyDecisions:
		for _, x := range d.Delivered {
			m.Sent[x.ID] = Sent{Revision: x.Revision, Fingerprint: x.Fingerprint, Kind: x.Kind, RunID: x.RunID, Created: x.Created, At: r.TS,
				Resolver: x.Resolver, Urgency: x.Urgency, Lane: x.Lane, TS: d.TS, SlackChannel: d.SlackChannel}
		}
		for _, id := range d.Resolved {
			delete(m.Sent, id)
		}
	case SysNotifyTop:
		m.Top = TopSent{Fingerprint: d.Fingerprint, TS: d.TS, SlackChannel: d.SlackChannel, At: r.TS}
	}
}

// PlanOptions are the inputs of a plan besides memory and queue.
type PlanOptions struct {
	Now    time.Time
	Repeat time.Duration // 0 is DefaultRepeat
	// Resolver keeps only decisions for this resolver ("" keeps all).
	Resolver projections.Resolver
	// WindowStart is the decisions fold's window start; zero with --all. A
	// remembered decision missing from the queue was resolved only if it
	// was opened inside the window (otherwise it merely aged out of view).
	WindowStart time.Time
}

func (o PlanOptions) repeat() time.Duration {
	if o.Repeat <= 0 {
		return DefaultRepeat
	}
	return o.Repeat
}

// DecisionPlan is what a run will say, and what it will keep quiet about.
type DecisionPlan struct {
	// Pending are the new, changed and due decisions, in queue order.
	Pending []Item
	// Resolved are remembered decisions that left the queue.
	Resolved []Resolved
	// Quiet counts open decisions already delivered and not yet due;
	// NextDue is when the first of them is.
	Quiet   int
	NextDue time.Time
}

// Empty reports whether there is nothing to send.
func (p DecisionPlan) Empty() bool { return len(p.Pending) == 0 && len(p.Resolved) == 0 }

// PlanDecisions decides what to announce: q is the whole open queue (not
// filtered by resolver), m what this channel was told. Pure.
func PlanDecisions(m *Memory, q *projections.DecisionQueue, o PlanOptions) DecisionPlan {
	var p DecisionPlan
	open := make(map[string]bool, len(q.Decisions))
	for _, d := range q.Decisions {
		open[d.ID] = true
		if o.Resolver != "" && d.Resolver != o.Resolver {
			continue
		}
		s, told := m.Sent[d.ID]
		switch {
		case !told:
			p.Pending = append(p.Pending, Item{Decision: d, Change: ChangeNew})
		case s.Fingerprint != Fingerprint(d):
			p.Pending = append(p.Pending, Item{Decision: d, Change: ChangeChanged, Told: s.At})
		case !o.Now.Before(s.At.Add(o.repeat())):
			p.Pending = append(p.Pending, Item{Decision: d, Change: ChangeReminder, Told: s.At})
		default:
			p.Quiet++
			if due := s.At.Add(o.repeat()); p.NextDue.IsZero() || due.Before(p.NextDue) {
				p.NextDue = due
			}
		}
	}
	for id, s := range m.Sent {
		if open[id] || !o.WindowStart.IsZero() && s.Created.Before(o.WindowStart) {
			continue
		}
		p.Resolved = append(p.Resolved, Resolved{ID: id, Kind: s.Kind, RunID: s.RunID, Resolver: s.Resolver, Urgency: s.Urgency, Lane: s.Lane,
			ThreadTS: s.TS, ThreadChannel: s.SlackChannel})
	}
	sortResolved(p.Resolved, m.Sent)
	return p
}

// sortResolved orders resolved decisions oldest first, then by id, so a
// message and its record never depend on map order.
func sortResolved(rs []Resolved, sent map[string]Sent) {
	slices.SortFunc(rs, func(a, b Resolved) int {
		if c := sent[a.ID].Created.Compare(sent[b.ID].Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// TopPlan says whether a top digest is due and what it replaces.
type TopPlan struct {
	Send bool
	// Why is "new", "changed" or "reminder" when Send.
	Why string
	// Edit is the previous message to replace, when there is one.
	Edit *Edit
	// NextDue is when an unchanged frame is next posted.
	NextDue time.Time
}

// PlanTop decides whether to post a top digest with fingerprint fp: when
// the channel has none, when it changed, or when the repeat interval
// passed. The previous Slack message, if known, is the one to edit. Pure.
func PlanTop(m *Memory, fp string, o PlanOptions) TopPlan {
	var p TopPlan
	if m.Top.TS != "" && m.Top.SlackChannel != "" {
		p.Edit = &Edit{Channel: m.Top.SlackChannel, TS: m.Top.TS}
	}
	due := m.Top.At.Add(o.repeat())
	switch {
	case m.Top.Fingerprint == "":
		p.Send, p.Why = true, ChangeNew
	case m.Top.Fingerprint != fp:
		p.Send, p.Why = true, ChangeChanged
	case !o.Now.Before(due):
		p.Send, p.Why = true, ChangeReminder
	default:
		p.NextDue = due
	}
	return p
}

// Remember lists what a decisions delivery announced, for its record:
// every pending decision (shown or only counted, at most MaxRemembered).
func Remember(msg Message, p DecisionPlan) (delivered []DeliveredRef, resolved []string) {
	shown := make(map[string]bool, len(msg.Items))
	for _, it := range msg.Items {
		shown[it.ID] = true
	}
	for _, it := range p.Pending[:min(len(p.Pending), MaxRemembered)] {
		delivered = append(delivered, DeliveredRef{ID: it.ID, Revision: it.Revision, Fingerprint: Fingerprint(it.Decision),
			Kind: it.Kind, RunID: it.RunID, Created: it.Created.UTC(), Shown: shown[it.ID],
			Resolver: string(it.Resolver), Urgency: string(it.Urgency), Lane: it.Lane})
	}
	for _, r := range p.Resolved {
		resolved = append(resolved, r.ID)
	}
	return delivered, resolved
}
