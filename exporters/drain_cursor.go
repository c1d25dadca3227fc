package exporters

import (
	"context"
	"errors"
	"time"

	"github.com/dos-go/dos/journal"
)

// The cursor side of a drain: where it starts (a saved cursor checked
// against the journal, or a new one recorded before the first send) and
// how it moves (over acknowledged records, never backwards).

// start loads and checks the cursor and decides the first seq.
func (d *drainer) start(ctx context.Context) error {
	cur, have, err := LoadCursor(d.o.Journal, d.o.Cursor)
	if err != nil && !(d.o.Reset && IsConfig(err)) {
		return err
	}
	cur.Name = d.o.Cursor // the file's name wins over what it says inside
	if !d.o.Reset && have {
		if cur.Destination != d.exp.Destination() {
			return &DestinationError{Cursor: cur.Name, Saved: cur.Destination, Now: d.exp.Destination()}
		}
		// journal.CheckCursor reads up to the last good record: with a bad
		// last line the cursor is checked against what precedes it, and the
		// pass delivers that and reports the bad line.
		if err := checkCursor(ctx, d.j, cur); err != nil {
			return err
		}
		d.cur, d.have = cur, true
		d.res.CursorSeq = cur.Seq
	}
	if !d.have {
		d.cur = Cursor{Name: d.o.Cursor}
		if have { // --reset keeps the running total
			d.cur.Exported = cur.Exported
		}
	}
	d.next = max(d.cur.Seq+1, 1)
	if d.o.Since > 0 {
		d.next = d.o.Since
	}
	d.from = d.next
	if _, err := journal.Open(d.o.Journal); errors.Is(err, journal.ErrNoJournal) {
		d.res.NoJournal = true
		return nil
	}
	if !d.have && !d.o.DryRun {
		return d.recordStart(ctx)
	}
	return nil
}

// recordStart saves a new cursor at the record before its first seq (or at
// 0 when it starts at the beginning) before anything is sent, so a
// destination that never took a record shows in export status and holds
// its segments against prune.
func (d *drainer) recordStart(ctx context.Context) error {
	c := d.cur
	c.Destination, c.UpdatedAt = d.exp.Destination(), d.o.Now().UTC()
	switch {
	case d.from <= 1:
		c.Seq, c.ID, c.Hash, c.TS = 0, "", journal.GenesisHash, time.Time{}
	default:
		var at *journal.Record
		for r, err := range d.j.Scan(ctx, journal.Query{From: d.from - 1, Until: d.from - 1}) {
			if err == nil {
				at = r
			}
		}
		if at == nil {
			return nil // pruned or unreadable: the first acknowledged batch records it
		}
		c.at(at)
	}
	if err := SaveCursor(d.o.Journal, c); err != nil {
		return err
	}
	d.cur, d.have = c, true
	return nil
}

// advance saves the cursor at r, never moving it backwards (a --since
// before the cursor re-sends without rewinding it).
func (d *drainer) advance(r *journal.Record, delivered uint64) error {
	if d.have && r.Seq <= d.cur.Seq {
		return nil
	}
	c := d.cur
	c.at(r)
	c.Destination = d.exp.Destination()
	now := d.o.Now().UTC()
	c.UpdatedAt = now
	if delivered > 0 {
		c.LastSuccess = now
		c.Exported += delivered
	}
	c.Filter = nil
	if !d.o.Filter.empty() {
		f := d.o.Filter
		c.Filter = &f
	}
	if err := SaveCursor(d.o.Journal, c); err != nil {
		return err
	}
	d.cur, d.have = c, true
	return nil
}
