package projections

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dos-go/dos/journal"
)

// Observe modes.
const (
	ModeRollup  = "rollup"  // counts by one dimension
	ModeHistory = "history" // one run's records in order
	ModeTail    = "tail"    // the last N records
)

// Dimensions returns the dimensions a rollup can group by; the first is the
// default.
func Dimensions() []string { return []string{"syscall", "verdict", "run", "lane", "source", "kind"} }

// breakdownOf is the second dimension shown inside each row.
var breakdownOf = map[string]string{
	"syscall": "verdict", "verdict": "syscall", "run": "verdict",
	"lane": "verdict", "source": "syscall", "kind": "syscall",
}

// ObserveOptions selects what `dos observe` folds.
type ObserveOptions struct {
	By      string // a Dimensions member; "" is syscall (or history with RunID)
	Syscall string // keep only this syscall
	Verdict string // keep only this verdict token
	RunID   string // keep only this run's own records (not its children's)
	Lane    string // keep only this lane
	Window  Window
	// Tail, when > 0, lists the last Tail matching records instead of a rollup.
	Tail int
}

// Mode is what the options ask for: a tail, one run's history (RunID
// without By) or a rollup.
func (o ObserveOptions) Mode() string {
	switch {
	case o.Tail > 0:
		return ModeTail
	case o.RunID != "" && o.By == "":
		return ModeHistory
	}
	return ModeRollup
}

// Check reports the first invalid option, in words for a usage error.
func (o ObserveOptions) Check() error {
	if o.By != "" && breakdownOf[o.By] == "" {
		return fmt.Errorf("--by %q: must be one of syscall, verdict, run, lane, source, kind", o.By)
	}
	if o.RunID != "" && !journal.ValidRunID(o.RunID) {
		return fmt.Errorf("--run %q is not a run id (a 26-character ULID, as `dos run start` prints)", o.RunID)
	}
	if o.Tail < 0 {
		return fmt.Errorf("--tail %d: must be 1 or more", o.Tail)
	}
	return nil
}

// matches applies the filters (the window is applied by the caller).
func (o ObserveOptions) matches(r *journal.Record) bool {
	return (o.Syscall == "" || r.Syscall == o.Syscall) &&
		(o.Verdict == "" || r.Verdict == o.Verdict) &&
		(o.RunID == "" || r.RunID == o.RunID) &&
		(o.Lane == "" || r.Lane == o.Lane)
}

// ObserveFilters echoes the filters in the document.
type ObserveFilters struct {
	Syscall string `json:"syscall,omitempty"`
	Verdict string `json:"verdict,omitempty"`
	RunID   string `json:"run_id,omitempty"`
	Lane    string `json:"lane,omitempty"`
}

// KeyCount is one value of a dimension and how many records carry it.
type KeyCount struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// ObserveRow is one group of a rollup.
type ObserveRow struct {
	Key       string     `json:"key"`
	Count     int64      `json:"count"`
	FirstSeq  uint64     `json:"first_seq"`
	LastSeq   uint64     `json:"last_seq"`
	FirstTS   time.Time  `json:"first_ts"`
	LastTS    time.Time  `json:"last_ts"`
	Breakdown []KeyCount `json:"breakdown"`
}

// Observation is the `dos observe` document.
type Observation struct {
	V       int            `json:"v"`
	Mode    string         `json:"mode"`
	Filters ObserveFilters `json:"filters"`
	Window  Window         `json:"window"`
	// Matched is how many records passed the filters and the window.
	Matched int64 `json:"matched"`
	// By and BreakdownBy name the rollup's dimensions (rollup mode).
	By          string       `json:"by,omitempty"`
	BreakdownBy string       `json:"breakdown_by,omitempty"`
	Rows        []ObserveRow `json:"rows"`
	// Records are the matching records in seq order (history and tail).
	Records []*journal.Record `json:"records"`
	Scanned ScanStats         `json:"scanned"`
}

// dimension reads one dimension of a record.
func dimension(r *journal.Record, by string) string {
	switch by {
	case "syscall":
		return r.Syscall
	case "verdict":
		return r.Verdict
	case "run":
		return r.RunID
	case "lane":
		return r.Lane
	case "source":
		return r.Source
	case "kind":
		return r.Kind
	}
	return ""
}

// rollup is the mutable state of a rollup fold.
type rollup struct {
	by, sub string
	rows    map[string]*rowState
	matched int64
}

type rowState struct {
	row ObserveRow
	sub map[string]int64
}

func newRollup(by string) *rollup {
	return &rollup{by: by, sub: breakdownOf[by], rows: map[string]*rowState{}}
}

func (u *rollup) add(r *journal.Record) {
	u.matched++
	k := dimension(r, u.by)
	s := u.rows[k]
	if s == nil {
		s = &rowState{row: ObserveRow{Key: k, FirstSeq: r.Seq, FirstTS: r.TS}, sub: map[string]int64{}}
		u.rows[k] = s
	}
	s.row.Count++
	s.row.LastSeq, s.row.LastTS = r.Seq, r.TS
	s.sub[dimension(r, u.sub)]++
}

// merge folds o, a rollup of records after u's, into u.
func (u *rollup) merge(o *rollup) {
	u.matched += o.matched
	for k, os := range o.rows {
		s := u.rows[k]
		if s == nil {
			u.rows[k] = os
			continue
		}
		s.row.Count += os.row.Count
		s.row.LastSeq, s.row.LastTS = os.row.LastSeq, os.row.LastTS
		for sk, n := range os.sub {
			s.sub[sk] += n
		}
	}
}

// finish sorts rows by count (descending), then key.
func (u *rollup) finish() []ObserveRow {
	rows := make([]ObserveRow, 0, len(u.rows))
	for _, s := range u.rows {
		s.row.Breakdown = sortedCounts(s.sub)
		rows = append(rows, s.row)
	}
	slices.SortFunc(rows, func(a, b ObserveRow) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return rows
}

func sortedCounts(m map[string]int64) []KeyCount {
	out := make([]KeyCount, 0, len(m))
	for k, n := range m {
		out = append(out, KeyCount{k, n})
	}
	slices.SortFunc(out, func(a, b KeyCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })
	return out
}

// Observe folds the journal as o asks. A nil Reader is an empty journal.
func Observe(ctx context.Context, r Reader, o ObserveOptions) (*Observation, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	obs := &Observation{V: 1, Mode: o.Mode(), Window: o.Window, Rows: []ObserveRow{}, Records: []*journal.Record{},
		Filters: ObserveFilters{Syscall: o.Syscall, Verdict: o.Verdict, RunID: o.RunID, Lane: o.Lane}}
	q, empty, err := o.Window.Query(ctx, r)
	if err != nil || empty {
		return obs, err
	}
	if o.RunID != "" {
		q.RunIDs = []string{o.RunID}
	}
	switch obs.Mode {
	case ModeRollup:
		obs.By = cmp.Or(o.By, Dimensions()[0])
		obs.BreakdownBy = breakdownOf[obs.By]
		u, err := foldRollup(ctx, r, q, o, obs.By, &obs.Scanned)
		if err != nil {
			return nil, err
		}
		obs.Matched, obs.Rows = u.matched, u.finish()
	case ModeHistory:
		err = Each(scan(ctx, r, q), &obs.Scanned, func(rec *journal.Record) bool {
			if o.Window.Holds(rec) && o.matches(rec) {
				obs.Records = append(obs.Records, rec)
			}
			return true
		})
		obs.Matched = int64(len(obs.Records))
	case ModeTail:
		err = foldTail(ctx, r, q, o, obs)
	}
	if err != nil {
		return nil, err
	}
	return obs, nil
}

// foldRollup counts the records q selects that pass o's filters.
func foldRollup(ctx context.Context, r Reader, q journal.Query, o ObserveOptions, by string, st *ScanStats) (*rollup, error) {
	return parallelFold(ctx, r, q, st, func() *rollup { return newRollup(by) },
		func(u *rollup, rec *journal.Record) {
			if o.Window.Holds(rec) && o.matches(rec) {
				u.add(rec)
			}
		}, (*rollup).merge)
}

// foldTail keeps the last o.Tail matching records in a ring. With no
// filter it first seeks to the last Tail records, reading nothing else.
func foldTail(ctx context.Context, r Reader, q journal.Query, o ObserveOptions, obs *Observation) error {
	var skipped int64
	unfiltered := o.Syscall == "" && o.Verdict == "" && o.RunID == "" && o.Lane == "" && o.Window.Since.Time.IsZero() && o.Window.Until.Time.IsZero()
	if unfiltered && r != nil && !isNilReader(r) {
		last := q.Until
		if last == 0 {
			var err error
			if last, err = r.LastSeq(); err != nil {
				if err = tolerate(err); err != nil {
					return err
				}
				last = 0 // a bad last line: read everything into the ring
			}
		}
		if n := uint64(o.Tail); last > 0 && last >= n && last-n+1 > q.From {
			// Every record matches, so the ones seeked past are counted, not
			// read: "the last 3 of 34", never "of 3".
			first := q.From
			if segs, err := r.Segments(); err == nil && len(segs) > 0 {
				first = max(first, segs[0].FirstSeq)
			}
			first = max(first, 1)
			q.From = last - n + 1
			if q.From > first {
				skipped = int64(q.From - first)
			}
		}
	}
	ring := make([]*journal.Record, 0, min(o.Tail, 4096))
	next := 0
	err := Each(scan(ctx, r, q), &obs.Scanned, func(rec *journal.Record) bool {
		if !o.Window.Holds(rec) || !o.matches(rec) {
			return true
		}
		obs.Matched++
		if len(ring) < o.Tail {
			ring = append(ring, rec)
			return true
		}
		ring[next] = rec
		next = (next + 1) % o.Tail
		return true
	})
	obs.Records = slices.Concat(ring[next:], ring[:next])
	obs.Matched += skipped
	return err
}
