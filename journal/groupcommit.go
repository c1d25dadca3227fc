package journal

// Group commit: appends from many goroutines queue; whichever finds no
// commit running leads one batch (one write, one fdatasync) and hands the
// lead on. See Writer for what a caller may give up, and when.

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// joinWindow bounds how long a new leader waits for the callers of the
// previous batch to queue again.
const joinWindow = 100 * time.Microsecond

// pending is one caller's records waiting in the group-commit queue.
type pending struct {
	recs []Record
	ctx  context.Context // the caller's: it may give up until its batch starts writing
	done chan struct{}   // closed when the batch holding recs is durable or failed
	lead chan struct{}   // closed when this caller must lead the next commit
	err  error
	// state and gaveUp are guarded by Writer.mu.
	state  pendingState
	gaveUp bool // the caller returned its ctx's error; its records are not written
}

// pendingState is where a pending append is: queued, taken into a batch
// whose leader waits for the directory lock, or being written (from then
// on it cannot be abandoned: it may already be durable).
type pendingState int

const (
	queued pendingState = iota
	taken
	writing
)

// abandon takes p out of the queue, or out of a batch still waiting for
// the directory lock, and reports whether it could: a caller being
// written, or handed the lead, must stay.
func (w *Writer) abandon(p *pending) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-p.lead:
		return false
	default:
	}
	switch p.state {
	case queued:
		for i, q := range w.queue {
			if q == p {
				w.queue = append(w.queue[:i], w.queue[i+1:]...)
				break
			}
		}
		return true
	case taken:
		p.gaveUp = true
		return true
	}
	return false
}

// lead commits everything queued, then passes the lead on or stands down.
// The batch waits for the directory lock until every caller in it has
// given up (so one caller's cancellation never fails the others); a caller
// that gives up before the batch starts writing is left out of it.
func (w *Writer) lead() {
	// Callers woken by the previous commit are typically about to append
	// again. Waiting briefly (well under one fsync) until as many callers
	// have queued as the last batch held lets them share this commit
	// instead of splitting into two; a lone caller never waits.
	deadline := time.Now().Add(joinWindow)
	for {
		w.mu.Lock()
		ready := len(w.queue) >= w.lastBatch
		w.mu.Unlock()
		if ready || time.Now().After(deadline) {
			break
		}
		runtime.Gosched()
	}
	w.mu.Lock()
	batch := w.queue
	w.queue = nil
	w.lastBatch = len(batch)
	for _, p := range batch {
		p.state = taken
	}
	w.mu.Unlock()

	ctx, stop := allDone(batch)
	err := w.commit(ctx, batch)
	stop()
	w.mu.Lock()
	for _, p := range batch {
		p.state, p.err = writing, err // no caller leaves from here on
		if p.gaveUp {
			p.recs, p.err = nil, p.ctx.Err()
		}
		close(p.done)
	}
	w.mu.Unlock()
	w.handOff()
}

// allDone returns a context that ends when every caller's context in batch
// has ended, and a func to release it.
func allDone(batch []*pending) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	left := int64(len(batch))
	var mu sync.Mutex
	stops := make([]func() bool, 0, len(batch))
	for _, p := range batch {
		stops = append(stops, context.AfterFunc(p.ctx, func() {
			mu.Lock()
			defer mu.Unlock()
			if left--; left == 0 {
				cancel()
			}
		}))
	}
	return ctx, func() {
		for _, s := range stops {
			s()
		}
		cancel()
	}
}

// startWriting moves every caller of batch still waiting to the writing
// state, leaving out those whose context has ended; it reports how many
// remain.
func (w *Writer) startWriting(batch []*pending) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, p := range batch {
		if !p.gaveUp && p.ctx.Err() != nil {
			p.gaveUp = true
		}
		if !p.gaveUp {
			p.state = writing
			n++
		}
	}
	return n
}

// handOff passes the lead to the first queued caller, or stands down.
func (w *Writer) handOff() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) > 0 {
		close(w.queue[0].lead)
		return
	}
	w.committing = false
	if w.closed {
		w.closeFiles()
	}
}
