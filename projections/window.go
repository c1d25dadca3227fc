package projections

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/journal"
)

// Bound is one end of a window: a seq, a time, or neither.
type Bound struct {
	Seq  uint64    `json:"seq,omitempty"`
	Time time.Time `json:"time,omitzero"`
}

// IsZero reports whether the bound is open.
func (b Bound) IsZero() bool { return b.Seq == 0 && b.Time.IsZero() }

// String renders the bound as a user would type it.
func (b Bound) String() string {
	switch {
	case b.Seq > 0:
		return "seq " + strconv.FormatUint(b.Seq, 10)
	case !b.Time.IsZero():
		return b.Time.UTC().Format(time.RFC3339)
	}
	return "-"
}

// timeLayouts are the absolute times ParseBound accepts; a layout without a
// zone is read as UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

// ParseBound reads a --since/--until value: a seq ("1234"), an absolute
// time ("2026-11-20T09:00:00Z", "2026-11-20"; UTC when no zone is given) or
// an age before now ("90m", "36h", "7d"). "" is an open bound.
func ParseBound(s string, now time.Time) (Bound, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Bound{}, nil
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return Bound{Seq: n}, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return Bound{Time: t.UTC()}, nil
		}
	}
	if d, err := config.ParseDuration(s); err == nil && d >= 0 {
		return Bound{Time: now.Add(-d).UTC()}, nil
	}
	return Bound{}, fmt.Errorf("%q is not a seq (1234), a time (2026-11-20T09:00:00Z or 2026-11-20) or an age (90m, 7d)", s)
}

// Window selects records by seq and time: Since is inclusive; Until is
// inclusive for a seq and exclusive for a time, so "--since 2026-11-20
// --until 2026-11-21" is exactly one day.
type Window struct {
	Since Bound `json:"since"`
	Until Bound `json:"until"`
}

// ParseWindow parses both ends and checks they are in order.
func ParseWindow(since, until string, now time.Time) (Window, error) {
	var w Window
	var err error
	if w.Since, err = ParseBound(since, now); err != nil {
		return w, fmt.Errorf("--since %w", err)
	}
	if w.Until, err = ParseBound(until, now); err != nil {
		return w, fmt.Errorf("--until %w", err)
	}
	if w.Since.Seq > 0 && w.Until.Seq > 0 && w.Until.Seq < w.Since.Seq {
		return w, fmt.Errorf("--until seq %d is before --since seq %d", w.Until.Seq, w.Since.Seq)
	}
	if !w.Since.Time.IsZero() && !w.Until.Time.IsZero() && !w.Until.Time.After(w.Since.Time) {
		return w, fmt.Errorf("--until %s is not after --since %s", w.Until, w.Since)
	}
	return w, nil
}

// Holds reports whether r falls inside the window.
func (w Window) Holds(r *journal.Record) bool {
	if w.Since.Seq > 0 && r.Seq < w.Since.Seq || w.Until.Seq > 0 && r.Seq > w.Until.Seq {
		return false
	}
	if !w.Since.Time.IsZero() && r.TS.Before(w.Since.Time) {
		return false
	}
	return w.Until.Time.IsZero() || r.TS.Before(w.Until.Time)
}

// Query turns the window into seq bounds the journal can seek to: time
// bounds are located by binary search over the segments' time ranges and
// then over seqs, so a window near the end of a big journal reads only
// that end. Records are appended in time order; a clock stepped backwards
// can only make a record near a time bound fall outside the seq range, and
// Holds still checks every record's time. empty is true when no record can
// be in the window.
func (w Window) Query(ctx context.Context, r Reader) (q journal.Query, empty bool, err error) {
	q.From, q.Until = w.Since.Seq, w.Until.Seq
	if r == nil || isNilReader(r) || w.Since.Time.IsZero() && w.Until.Time.IsZero() {
		return q, false, nil
	}
	if !w.Since.Time.IsZero() {
		s, err := locate(ctx, r, w.Since.Time)
		if err != nil {
			return q, false, tolerate(err) // no seek; Holds still filters
		}
		q.From = max(q.From, s)
	}
	if !w.Until.Time.IsZero() {
		s, err := locate(ctx, r, w.Until.Time)
		if err != nil {
			return q, false, tolerate(err)
		}
		if s <= 1 {
			return q, true, nil
		}
		if q.Until == 0 || s-1 < q.Until {
			q.Until = s - 1
		}
	}
	return q, q.Until > 0 && q.From > q.Until, nil
}

// locate returns the seq of the first record at or after t, or one past the
// last record when every record is older.
func locate(ctx context.Context, r Reader, t time.Time) (uint64, error) {
	segs, err := r.Segments()
	if err != nil {
		return 0, err
	}
	var lo, hi uint64
	found := false
	for _, s := range segs {
		if s.LastSeq == 0 {
			continue
		}
		if s.LastTS.IsZero() || !s.LastTS.Before(t) {
			lo, hi, found = s.FirstSeq, s.LastSeq, true
			break
		}
		lo = s.LastSeq + 1
	}
	if !found {
		if lo == 0 {
			lo = 1
		}
		return lo, nil
	}
	// smallest seq in [lo, hi] whose record is at or after t; hi+1 if none.
	hi++
	for lo < hi {
		mid := lo + (hi-lo)/2
		ts, ok, err := probe(ctx, r, mid)
		if err != nil {
			return 0, err
		}
		if !ok || !ts.Before(t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, nil
}

// probe reads the time of the first good record at or after seq.
func probe(ctx context.Context, r Reader, seq uint64) (time.Time, bool, error) {
	for rec, err := range r.Scan(ctx, journal.Query{From: seq}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return time.Time{}, false, err
		}
		return rec.TS, true, nil
	}
	return time.Time{}, false, nil
}
