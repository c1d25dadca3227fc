package exporters

import (
	"context"
	"errors"
	"fmt"

	"github.com/dos-go/dos/journal"
)

// chunk is one batch read ahead of delivery: the records that pass the
// filter and the last record read (which the cursor may move to once the
// batch is acknowledged, filtered-out records included).
type chunk struct {
	recs     []*journal.Record
	prepared any
	through  *journal.Record
	filtered uint64
	warnings []string // one per bad line skipped
	broken   string   // the seqs break here: the reader stopped
	err      error
}

// readChunks scans q into chunks of up to batch records on ch, and closes
// ch. When ctx ends (SIGINT, or the deliverer gave up) it sends what it has
// and stops; the receiver always drains ch.
func readChunks(ctx context.Context, j *journal.Journal, q journal.Query, batch int, f Filter, prep Preparer, ch chan<- chunk) {
	defer close(ch)
	send := func(c chunk) {
		if prep != nil && len(c.recs) > 0 {
			c.prepared = prep.Prepare(c.recs)
		}
		ch <- c
	}
	c := chunk{recs: make([]*journal.Record, 0, batch)}
	for r, err := range j.Scan(ctx, q) {
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			var ce *journal.CorruptError
			if errors.As(err, &ce) && ce.Break {
				c.broken = err.Error() // deliver what precedes, never move past it
				break
			}
			if journal.Skippable(err) {
				c.warnings = append(c.warnings, fmt.Sprintf("skipping a bad journal line: %v", err))
				continue
			}
			c.err = err
			break
		}
		c.through = r
		if !f.Keep(r) {
			c.filtered++
			continue
		}
		c.recs = append(c.recs, r)
		if len(c.recs) >= batch {
			send(c)
			c = chunk{recs: make([]*journal.Record, 0, batch)}
		}
	}
	if len(c.recs) > 0 || c.through != nil || c.err != nil || c.filtered > 0 || len(c.warnings) > 0 || c.broken != "" {
		send(c)
	}
}
