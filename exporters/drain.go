package exporters

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/dos-go/dos/internal/retry"
	"github.com/dos-go/dos/journal"
)

// Filter keeps records by syscall and kind; an empty list keeps all.
type Filter struct {
	Syscalls []string `json:"syscalls,omitempty"`
	Kinds    []string `json:"kinds,omitempty"`
}

// Keep reports whether r passes the filter.
func (f Filter) Keep(r *journal.Record) bool {
	return (len(f.Syscalls) == 0 || slices.Contains(f.Syscalls, r.Syscall)) &&
		(len(f.Kinds) == 0 || slices.Contains(f.Kinds, r.Kind))
}

func (f Filter) empty() bool { return len(f.Syscalls) == 0 && len(f.Kinds) == 0 }

// Options configure one drain.
type Options struct {
	Journal  string        // journal directory
	Cursor   string        // cursor name
	Since    uint64        // first seq to export; 0 resumes after the cursor
	Until    uint64        // last seq to export, inclusive; 0 is the end
	Batch    int           // records per delivery
	Timeout  time.Duration // how long one batch may be retried
	LockWait time.Duration // how long to wait for another export on the cursor
	Reset    bool          // ignore (and replace) the saved cursor
	Follow   bool          // keep draining new records until ctx is done
	Interval time.Duration // how often Follow polls
	DryRun   bool          // render to DryRunOut, deliver nothing, save nothing
	Filter   Filter

	DryRunOut io.Writer
	Now       func() time.Time
	Backoff   retry.Policy   // Initial, Max and Rand shape the waits; the drain sets the rest
	Progress  func(Progress) // after each batch
	Warn      func(string)
	// Retrying hears of each failed attempt that will be retried (dos
	// prints them with --verbose); a give-up is the returned error only.
	Retrying func(string)
}

// Progress is where a drain is, reported after each batch.
type Progress struct {
	Exported uint64 // records delivered so far
	Seq      uint64 // last seq handled
	From     uint64 // first seq of this drain
	Last     uint64 // last seq in the journal when the pass began
}

// Result is what one drain did.
type Result struct {
	Cursor       string `json:"cursor"`
	Destination  string `json:"destination"`
	Acknowledged bool   `json:"acknowledged"`
	Exported     uint64 `json:"exported"`
	FirstSeq     uint64 `json:"first_seq"`
	LastSeq      uint64 `json:"last_seq"`
	Filtered     uint64 `json:"filtered"`
	BadLines     int    `json:"bad_lines"`
	Batches      int    `json:"batches"`
	Retries      int    `json:"retries"`
	CursorSeq    uint64 `json:"cursor_seq"`
	JournalSeq   uint64 `json:"journal_seq"`
	DryRun       bool   `json:"dry_run"`
	Interrupted  bool   `json:"interrupted"`
	NoJournal    bool   `json:"no_journal,omitempty"`
	Error        string `json:"error,omitempty"`
	// Broken says where the journal's seqs break (a segment missing or
	// swapped): the drain delivered what precedes it and stopped there.
	Broken string `json:"broken,omitempty"`
}

// DeliveryError is a batch the backend did not take: refused for good
// (Permanent) or still failing when the batch's deadline came.
type DeliveryError struct {
	Err       error
	Permanent bool
	Attempts  int
}

func (e *DeliveryError) Error() string {
	if e.Permanent {
		return fmt.Sprintf("refused (permanent, not retried): %v", e.Err)
	}
	return fmt.Sprintf("still failing after %d attempts: %v", e.Attempts, e.Err)
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// CursorSaveError means records were delivered but the cursor could not be
// saved: the next run sends them again (at least once still holds).
type CursorSaveError struct {
	Err       error
	Delivered uint64 // records delivered in this run
}

func (e *CursorSaveError) Error() string {
	return fmt.Sprintf("delivered %d records, but the cursor could not be saved (the next run sends them again): %v", e.Delivered, e.Err)
}

func (e *CursorSaveError) Unwrap() error { return e.Err }

// ErrInterrupted means the drain was stopped (SIGINT/SIGTERM) while a batch
// waited to be retried.
var ErrInterrupted = errors.New("interrupted while waiting to retry")

func (o *Options) defaults() {
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	if o.Retrying == nil {
		o.Retrying = func(string) {}
	}
	if o.DryRunOut == nil {
		o.DryRunOut = io.Discard
	}
}

// drainer is the state of one Drain call.
type drainer struct {
	o    Options
	exp  Exporter
	j    *journal.Journal
	res  Result
	cur  Cursor // saved position; valid when have
	have bool

	pending  []*journal.Record
	prepared any             // the driver's mapping of pending, made by the reader
	through  *journal.Record // last record read: pending or filtered out
	next     uint64          // next seq to read
	last     uint64          // journal's last seq when this pass began
	from     uint64
}

// Drain exports the records after the cursor (or from o.Since) to exp,
// moving the cursor over each acknowledged batch. It returns a *ConfigError,
// *MismatchError or *DestinationError (exit 2) before anything is sent,
// a *DeliveryError when a batch was not taken (the cursor stays at the last
// acknowledged record), or ErrBusy when another export holds the cursor.
func Drain(ctx context.Context, exp Exporter, o Options) (Result, error) {
	o.defaults()
	d := &drainer{o: o, exp: exp, j: journal.At(o.Journal)}
	d.res = Result{Cursor: o.Cursor, Destination: exp.Destination(), Acknowledged: exp.Acknowledged(), DryRun: o.DryRun}
	if err := ValidCursorName(o.Cursor); err != nil {
		return d.res, err
	}
	if o.Batch > MaxBatch {
		return d.res, configErrorf("--batch %d: give 1 to %d records per request", o.Batch, MaxBatch)
	}
	if _, err := journal.Open(o.Journal); errors.Is(err, journal.ErrNoJournal) && !o.Follow {
		d.res.NoJournal = true // nothing to do, and nothing to create
		return d.res, nil
	}
	if !o.DryRun {
		lk, err := lockCursor(ctx, o.Journal, o.Cursor, o.LockWait)
		if err != nil {
			return d.res, err
		}
		defer lk.release()
	}
	if err := d.start(ctx); err != nil {
		return d.res, err
	}
	err := d.run(ctx)
	d.res.CursorSeq = d.cur.Seq
	d.res.JournalSeq = max(d.res.JournalSeq, d.last)
	if err != nil {
		d.res.Error = err.Error()
	}
	return d.res, err
}

// run drains to the end, and with Follow keeps polling until ctx is done.
func (d *drainer) run(ctx context.Context) error {
	for {
		before := d.res.Batches
		if err := d.pass(ctx); err != nil {
			return err
		}
		if idler, ok := d.exp.(Idler); ok && d.res.Batches == before && !d.o.DryRun {
			// nothing to send: a driver whose gauges say "I ran" says so anyway
			if err := idler.Idle(d.last - min(d.last, d.cur.Seq)); err != nil {
				d.o.Warn(fmt.Sprintf("%s: %v", d.exp.Destination(), err))
			}
		}
		if ctx.Err() != nil {
			d.res.Interrupted = true
			return nil
		}
		if !d.o.Follow || (d.o.Until > 0 && d.next > d.o.Until) {
			return nil
		}
		t := time.NewTimer(d.o.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			d.res.Interrupted = true
			return nil
		case <-t.C:
		}
	}
}

// pass reads from d.next to the end (or Until) and delivers every batch.
func (d *drainer) pass(ctx context.Context) error {
	last, err := d.j.LastSeq()
	switch {
	case err == nil:
		if d.next > last {
			d.last, d.res.JournalSeq = last, last
			return nil
		}
	case journal.Skippable(err): // a bad last line: its seq is unknown, read on
		last = max(d.last, d.next)
	case !errors.Is(err, journal.ErrNoJournal):
		return err
	}
	d.last = last
	d.res.JournalSeq = last
	if d.o.Until > 0 && d.next > d.o.Until {
		return nil
	}
	// A reader decodes the next batches while this goroutine delivers, so
	// an fsync or a round trip overlaps the reading.
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	ch := make(chan chunk, 2)
	prep, _ := d.exp.(Preparer)
	if d.o.DryRun {
		prep = nil // Render maps on this goroutine
	}
	go readChunks(rctx, d.j, journal.Query{From: d.next, Until: d.o.Until}, d.o.Batch, d.o.Filter, prep, ch)
	var failed error
	for c := range ch {
		if failed != nil {
			continue // drain the reader after a failure
		}
		d.res.Filtered += c.filtered
		d.res.BadLines += len(c.warnings)
		if c.broken != "" && d.res.Broken == "" {
			d.res.Broken = c.broken
		}
		for _, w := range c.warnings {
			d.o.Warn(w)
		}
		if c.through != nil {
			d.next, d.last = c.through.Seq+1, max(d.last, c.through.Seq)
		}
		d.pending, d.prepared, d.through = c.recs, c.prepared, c.through
		if c.err != nil {
			failed = c.err
		} else if err := d.flush(ctx); err != nil {
			failed = err
		}
		if failed != nil {
			stop()
		}
	}
	return failed
}

// flush delivers the pending batch and moves the cursor over what was
// acknowledged (and over filtered-out records after it).
func (d *drainer) flush(ctx context.Context) error {
	if len(d.pending) == 0 {
		if d.through != nil && !d.o.DryRun {
			return d.advance(d.through, 0)
		}
		return nil
	}
	b := Batch{Records: d.pending, Lag: d.last - min(d.last, d.pending[len(d.pending)-1].Seq), Prepared: d.prepared}
	if d.o.DryRun {
		if err := d.exp.Render(d.o.DryRunOut, b); err != nil {
			return err
		}
		d.count(d.pending)
		d.pending = nil
		return nil
	}
	n, err := d.deliver(ctx, b)
	d.res.Batches++
	acked := d.pending[:n]
	d.count(acked)
	var to *journal.Record
	switch {
	case n == len(d.pending):
		to = d.through
	case n > 0:
		to = acked[n-1]
	}
	d.pending = nil
	if to != nil {
		if serr := d.advance(to, uint64(n)); serr != nil {
			serr = &CursorSaveError{Err: serr, Delivered: d.res.Exported}
			if err != nil {
				return errors.Join(err, serr)
			}
			return serr
		}
	}
	if err == nil && d.o.Progress != nil {
		d.o.Progress(Progress{Exported: d.res.Exported, Seq: d.cur.Seq, From: d.from, Last: d.last})
	}
	return err
}

func (d *drainer) count(recs []*journal.Record) {
	if len(recs) == 0 {
		return
	}
	if d.res.FirstSeq == 0 {
		d.res.FirstSeq = recs[0].Seq
	}
	d.res.LastSeq = recs[len(recs)-1].Seq
	d.res.Exported += uint64(len(recs))
}

// deliver sends b, retrying transient failures with backoff until the
// batch's deadline. It returns how many records were acknowledged.
func (d *drainer) deliver(ctx context.Context, b Batch) (int, error) {
	deadline := d.o.Now().Add(d.o.Timeout)
	// The attempt itself is not cut by SIGINT: a batch in flight finishes
	// (or times out) and its acknowledgement is saved. The waits between
	// attempts are cut by ctx.
	dctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	p := d.o.Backoff
	p.Attempts, p.Deadline, p.Now = 0, deadline, d.o.Now
	p.OnRetry = func(attempt int, wait time.Duration, err error) {
		d.o.Retrying(fmt.Sprintf("attempt %d failed, retrying in %s: %v", attempt, wait.Round(time.Millisecond), err))
		d.res.Retries++
	}
	total, recs := 0, b.Records
	_, err := p.Do(ctx, IsTransient, func(int) error {
		n, err := d.exp.Export(dctx, Batch{Records: recs, Lag: b.Lag, Prepared: b.Prepared})
		total, recs = total+n, recs[n:]
		if n > 0 {
			b.Prepared = nil // it mapped the whole batch, not the rest
		}
		return err
	})
	re, ok := retry.As(err)
	if !ok {
		return total, err
	}
	switch re.Stop {
	case retry.Permanent:
		return total, &DeliveryError{Err: re.Err, Permanent: true, Attempts: re.Attempts}
	case retry.Canceled:
		d.res.Interrupted = true
		return total, &DeliveryError{Err: fmt.Errorf("%w: %v", ErrInterrupted, re.Err), Attempts: re.Attempts}
	}
	if _, after := IsTransient(re.Err); after > d.o.Timeout {
		return total, &DeliveryError{Err: fmt.Errorf("%w (the backend asked to retry after %s, beyond --timeout %s)", re.Err, after, d.o.Timeout), Attempts: re.Attempts}
	}
	return total, &DeliveryError{Err: re.Err, Attempts: re.Attempts}
}
