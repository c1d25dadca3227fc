package notifiers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/projections"
)

// Digest kinds: what a message is about.
const (
	KindDecisions = "decisions"
	KindTop       = "top"
)

// Why a decision is in a message.
const (
	ChangeNew      = "new"      // this channel has not been told about it
	ChangeChanged  = "changed"  // told, but what it says has changed since
	ChangeReminder = "reminder" // told, unchanged, and the repeat interval passed
)

// DefaultMax is how many decisions (or runs) a message shows before its
// "and N more" line, unless a driver or --max says otherwise.
const DefaultMax = 10

// Item is one decision in a message and why it is there.
type Item struct {
	projections.Decision
	Change string `json:"change"`
	// Told is when the channel was last told about it (changed and
	// reminder items): a reminder's event id is a function of it.
	Told time.Time `json:"-"`
}

// Resolved is a decision this channel was told about that has left the
// queue. Only ids and tokens are kept: no text.
type Resolved struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	RunID string `json:"run_id"`
	// Resolver, Urgency and Lane are what it was announced with (an
	// Alertmanager alert's labels); ThreadTS and ThreadChannel the Slack
	// message that announced it, when known.
	Resolver      string `json:"-"`
	Urgency       string `json:"-"`
	Lane          string `json:"-"`
	ThreadTS      string `json:"-"`
	ThreadChannel string `json:"-"`
}

// TopDigest is a top frame cut to a message.
type TopDigest struct {
	Runs      []projections.TopRun  `json:"runs"`
	RunsMore  int                   `json:"runs_more"`
	Lanes     []projections.TopLane `json:"lanes"`
	LanesMore int                   `json:"lanes_more"`
	Counts    projections.TopCounts `json:"counts"`
	// Fingerprint covers what the digest says apart from ages and times,
	// so an unchanged frame is not posted again.
	Fingerprint string `json:"fingerprint"`
}

// Edit names a message to replace in place (Slack bot token, top only).
type Edit struct {
	Channel string `json:"channel"` // the Slack channel id the message is in
	TS      string `json:"ts"`
}

// Message is one digest, ready for any driver: drivers map it to their wire
// format and add nothing but formatting and escaping. Every string in it
// that came from the journal may hold text an agent chose.
type Message struct {
	Kind     string    `json:"kind"`
	GroupKey string    `json:"group_key"`
	EventID  string    `json:"event_id"`
	SentAt   time.Time `json:"sent_at"`

	// Items are the decisions to announce, most urgent first, at most the
	// cap; More counts those the cap left out.
	Items []Item `json:"items,omitempty"`
	More  int    `json:"more,omitempty"`
	// Pending counts Items and More by resolver (the header).
	Pending map[projections.Resolver]int `json:"pending,omitempty"`
	// Resolved lists decisions that left the queue (at most the cap);
	// ResolvedMore counts the rest.
	Resolved     []Resolved `json:"resolved,omitempty"`
	ResolvedMore int        `json:"resolved_more,omitempty"`
	// Open counts the whole open queue by resolver.
	Open map[projections.Resolver]int `json:"open,omitempty"`

	Top *TopDigest `json:"top,omitempty"`
	// Edit, when set and the driver can, replaces that message instead of
	// posting a new one.
	Edit *Edit `json:"edit,omitempty"`
}

// DigestOptions shape a message.
type DigestOptions struct {
	// Max caps the decisions (or runs, or lanes) shown; 0 is DefaultMax.
	Max      int
	GroupKey string
	SentAt   time.Time
}

func (o DigestOptions) max() int {
	if o.Max <= 0 {
		return DefaultMax
	}
	return o.Max
}

// BuildDecisions makes the decisions digest: pending decisions (already in
// queue order) up to the cap, the rest counted, and the resolved ones.
func BuildDecisions(pending []Item, resolved []Resolved, open map[projections.Resolver]int, o DigestOptions) Message {
	n := o.max()
	m := Message{Kind: KindDecisions, GroupKey: o.GroupKey, SentAt: o.SentAt.UTC(),
		Pending: map[projections.Resolver]int{}, Open: map[projections.Resolver]int{}}
	for _, it := range pending {
		m.Pending[it.Resolver]++
	}
	for r, c := range open {
		m.Open[r] = c
	}
	m.Items = append([]Item(nil), pending[:min(n, len(pending))]...)
	m.More = len(pending) - len(m.Items)
	m.Resolved = append([]Resolved(nil), resolved[:min(n, len(resolved))]...)
	m.ResolvedMore = len(resolved) - len(m.Resolved)
	m.EventID = eventID(m.GroupKey, func(h func(string)) {
		for _, it := range pending {
			if it.Change == ChangeReminder {
				h(it.ID + "@" + it.Revision + "#reminder-after:" + it.Told.UTC().Format(time.RFC3339Nano))
				continue
			}
			h(it.ID + "@" + it.Revision)
		}
		for _, r := range resolved {
			h("resolved:" + r.ID)
		}
	})
	return m
}

// BuildTop makes the top digest: open runs and held lanes up to the cap.
func BuildTop(f *projections.Frame, o DigestOptions) Message {
	n := o.max()
	d := &TopDigest{Counts: f.Counts}
	d.Runs = append([]projections.TopRun(nil), f.Runs[:min(n, len(f.Runs))]...)
	d.RunsMore = len(f.Runs) - len(d.Runs) + f.Counts.RunsHidden
	d.Lanes = append([]projections.TopLane(nil), f.Lanes[:min(n, len(f.Lanes))]...)
	d.LanesMore = len(f.Lanes) - len(d.Lanes)
	d.Fingerprint = TopFingerprint(f)
	m := Message{Kind: KindTop, GroupKey: o.GroupKey, SentAt: o.SentAt.UTC(), Top: d}
	m.EventID = TopEventID(m.GroupKey, d.Fingerprint, time.Time{})
	return m
}

// TopFingerprint hashes what a top frame says that matters to a reader:
// which runs are open and their liveness, which lanes are held by whom,
// and the counts. Ages, times and record counts are left out, so a frame
// that only grew older is the same frame.
func TopFingerprint(f *projections.Frame) string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
	}
	for _, r := range f.Runs {
		w("run", r.RunID, r.Name, r.Host, r.Liveness, strings.Join(r.Lanes, ","))
	}
	for _, l := range f.Lanes {
		w("lane", l.Lane, l.RunID, strings.Join(l.Paths, ","), l.Liveness)
	}
	c := f.Counts
	w("counts", fmt.Sprint(c.RunsOpen, c.Advancing, c.Spinning, c.Stalled, c.Unknown, c.LanesHeld, c.RunsHidden))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Fingerprint hashes what a decision says that a reader acts on: its kind,
// who resolves it, how urgent it is, its title, run, lane, command and its
// reason with the numbers taken out. Counters (how many times refused, how
// long idle, at which seq) do not count, so a run flagged SPINNING again on
// every liveness check is the same page, not a new one; a change of
// resolver, urgency, holder, command or wording is a change.
//
// Decision.Revision changes with every record behind a decision; the
// notify records keep it too, but dedup compares fingerprints.
func Fingerprint(d projections.Decision) string {
	h := sha256.New()
	for _, p := range []string{d.Kind, string(d.Resolver), string(d.Urgency), d.Title, d.RunID, d.Lane, d.Command, shape(d.Reason)} {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// shape is a reason with each run of digits replaced by # and the
// parenthesised counters ("(refused # times)", "(# heartbeats)") dropped.
func shape(reason string) string {
	var b strings.Builder
	inDigits := false
	for _, r := range reason {
		d := r >= '0' && r <= '9'
		if d && !inDigits {
			b.WriteByte('#')
		}
		if !d {
			b.WriteRune(r)
		}
		inDigits = d
	}
	s := b.String()
	for {
		open := -1
		cut := false
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '(':
				open = i
			case ')':
				if open >= 0 && strings.Contains(s[open:i], "#") {
					start := open
					for start > 0 && s[start-1] == ' ' {
						start--
					}
					s, cut = s[:start]+s[i+1:], true
				}
				open = -1
			}
			if cut {
				break
			}
		}
		if !cut {
			return s
		}
	}
}

// eventID names one delivery by what it says: the group key (journal,
// kind, channel) and each decision's id and revision (a reminder also by
// when the channel was last told). It is never a function of the clock, so
// a run that resends after a lost 2xx sends the same id, and a receiver
// deduplicating on event_id drops the repeat.
func eventID(group string, parts func(func(string))) string {
	h := sha256.New()
	h.Write([]byte(group))
	parts(func(s string) { h.Write([]byte("\x00" + s)) })
	return "ev-" + hex.EncodeToString(h.Sum(nil)[:10])
}

// TopEventID names a top digest: its group and fingerprint, and for a
// reminder of an unchanged frame the time it was last posted.
func TopEventID(group, fingerprint string, reminderOf time.Time) string {
	return eventID(group, func(h func(string)) {
		h(fingerprint)
		if !reminderOf.IsZero() {
			h("reminder-after:" + reminderOf.UTC().Format(time.RFC3339Nano))
		}
	})
}

// GroupKey is the stable key of one journal's digests of one kind to one
// channel: kind, then 12 hex digits of a hash of the journal directory and
// the channel label (so neither path nor channel is spelled out).
func GroupKey(kind, journalDir, channel string) string {
	h := sha256.Sum256([]byte(journalDir + "\x00" + channel))
	return kind + "/" + hex.EncodeToString(h[:6])
}
