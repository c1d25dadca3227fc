package projections

import (
	"context"
	"runtime"
	"sync"

	"github.com/dos-go/dos/journal"
)

// minPartBytes is the least journal worth a goroutine of its own.
const minPartBytes = 32 << 20

// parallelFold folds the records q selects into one S. When the range is
// large it splits it into runs of whole segments, one per CPU, folds each
// on its own goroutine from a fresh S, and merges the parts in seq order:
// merge(a, b) must fold b, the later part, into a. Parts own whole
// segments, so every bad line is read, and counted, by exactly one part.
func parallelFold[S any](ctx context.Context, r Reader, q journal.Query, st *ScanStats,
	newS func() S, add func(S, *journal.Record), merge func(S, S)) (S, error) {
	return splitFold(ctx, r, q, st, runtime.GOMAXPROCS(0), minPartBytes, newS, add, merge)
}

// splitFold is parallelFold with the parallelism and part size given.
func splitFold[S any](ctx context.Context, r Reader, q journal.Query, st *ScanStats, n int, minBytes int64,
	newS func() S, add func(S, *journal.Record), merge func(S, S)) (S, error) {
	ranges, err := splitRange(r, q, n, minBytes)
	if err != nil || len(ranges) <= 1 {
		s := newS()
		if err != nil {
			return s, err
		}
		err = Each(scan(ctx, r, q), st, func(rec *journal.Record) bool { add(s, rec); return true })
		return s, err
	}
	parts := make([]S, len(ranges))
	stats := make([]ScanStats, len(ranges))
	errs := make([]error, len(ranges))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i, pq := range ranges {
		parts[i] = newS()
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := parts[i]
			errs[i] = Each(r.Scan(ctx, pq), &stats[i], func(rec *journal.Record) bool { add(s, rec); return true })
			if errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	for i := range ranges {
		if errs[i] != nil {
			return parts[0], errs[i]
		}
		st.merge(stats[i])
		if i > 0 {
			merge(parts[0], parts[i])
		}
	}
	return parts[0], nil
}

// splitRange cuts q into at most n ranges of whole segments (the first
// may start mid-segment at q.From), balanced by bytes, each of at least
// minBytes; nil means "do not split".
func splitRange(r Reader, q journal.Query, n int, minBytes int64) ([]journal.Query, error) {
	if n <= 1 || r == nil || isNilReader(r) {
		return nil, nil
	}
	segs, err := r.Segments()
	if err != nil {
		return nil, tolerate(err) // a bad last line: fold in one part, which reports it
	}
	// keep the segments the range touches
	var in []journal.SegmentInfo
	var total int64
	for i, s := range segs {
		if q.Until > 0 && s.FirstSeq > q.Until {
			break
		}
		if i+1 < len(segs) && segs[i+1].FirstSeq <= q.From {
			continue
		}
		in = append(in, s)
		total += s.Bytes
	}
	n = min(n, len(in), int(total/minBytes))
	if n <= 1 {
		return nil, nil
	}
	out := make([]journal.Query, 0, n)
	from, acc := q.From, int64(0)
	for i, s := range in {
		acc += s.Bytes
		if len(out) < n-1 && i+1 < len(in) && acc >= total*int64(len(out)+1)/int64(n) {
			out = append(out, journal.Query{From: from, Until: in[i+1].FirstSeq - 1, RunIDs: q.RunIDs})
			from = in[i+1].FirstSeq
		}
	}
	out = append(out, journal.Query{From: from, Until: q.Until, RunIDs: q.RunIDs})
	return out, nil
}
