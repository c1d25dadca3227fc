package exporters

import (
	"context"
	"errors"
	"time"

	"github.com/dos-go/dos/journal"
)

// CursorStatus is one cursor's position and how far behind the journal it is.
type CursorStatus struct {
	Name        string    `json:"name"`
	Destination string    `json:"destination,omitempty"`
	Seq         uint64    `json:"seq"`
	LagRecords  uint64    `json:"lag_records"`
	LagSeconds  float64   `json:"lag_seconds"` // age of the oldest record not yet delivered
	Oldest      time.Time `json:"oldest_undelivered,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
	Exported    uint64    `json:"exported"`
	Filter      *Filter   `json:"filter,omitempty"`
	Error       string    `json:"error,omitempty"` // the cursor file could not be read
	// Invalid says why the journal does not back the cursor (its seq is
	// past the end, another record or another hash stands there): such a
	// cursor has no lag to show, and `export status` marks it INVALID.
	Invalid string `json:"invalid,omitempty"`
}

// StatusReport is every cursor of one journal.
type StatusReport struct {
	Journal    string         `json:"journal"`
	JournalSeq uint64         `json:"journal_seq"`
	Cursors    []CursorStatus `json:"cursors"`
}

// Status reads every cursor of the journal at dir and measures its lag at
// now: records after it, and the age of the first of them.
func Status(ctx context.Context, dir string, now time.Time) (StatusReport, error) {
	rep := StatusReport{Journal: dir, Cursors: []CursorStatus{}}
	j := journal.At(dir)
	last, err := j.LastGoodSeq()
	if err != nil {
		return rep, err
	}
	rep.JournalSeq = last
	names, err := CursorNames(dir)
	if err != nil {
		return rep, err
	}
	for _, n := range names {
		c, _, err := LoadCursor(dir, n)
		if err != nil {
			rep.Cursors = append(rep.Cursors, CursorStatus{Name: n, Error: err.Error()})
			continue
		}
		cs := CursorStatus{Name: n, Destination: c.Destination, Seq: c.Seq, LastSuccess: c.LastSuccess,
			UpdatedAt: c.UpdatedAt, Exported: c.Exported, Filter: c.Filter}
		var ce *journal.CursorError
		if err := journal.CheckCursor(ctx, dir, journal.CursorPosition{Name: n, Seq: c.Seq, ID: c.ID, Hash: c.Hash}); errors.As(err, &ce) {
			cs.Invalid = ce.Reason
			rep.Cursors = append(rep.Cursors, cs)
			continue
		} else if err != nil {
			return rep, err
		}
		if last > c.Seq {
			cs.LagRecords = last - c.Seq
			for r, err := range j.Scan(ctx, journal.Query{From: c.Seq + 1}) {
				if err != nil {
					if journal.Skippable(err) {
						continue
					}
					return rep, err
				}
				cs.Oldest = r.TS
				cs.LagSeconds = max(now.Sub(r.TS).Seconds(), 0)
				break
			}
		}
		rep.Cursors = append(rep.Cursors, cs)
	}
	return rep, nil
}

// MaxBatch bounds Options.Batch: a batch is held in memory twice (read
// ahead and on the wire), and an OTLP request of 100,000 records is already
// ~100 MB, past what receivers take by default.
const MaxBatch = 100_000

// DefaultBatch is the --batch default for a driver: OTLP requests stay
// near a megabyte; the others amortise one fsync or one client per batch.
func DefaultBatch(driver string) int {
	if driver == "otlp" {
		return 1000
	}
	return 5000
}
