package journal

import (
	"context"
	"errors"
	"iter"
	"time"
)

// At returns a reader for dir without checking it exists: for followers that
// start before the first append.
func At(dir string) *Journal { return &Journal{dir: dir} }

// Follow yields every record from seq from on, then keeps polling every
// interval for new ones until ctx is done. A bad line is reported once.
func (j *Journal) Follow(ctx context.Context, from uint64, interval time.Duration) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		next := max(from, 1)
		type spot struct {
			seg string
			off int64
		}
		reported := map[spot]bool{}
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			for r, err := range j.Scan(ctx, Query{From: next}) {
				if err != nil {
					if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
						return
					}
					var ce *CorruptError
					var ue *UnsupportedError
					switch {
					case errors.As(err, &ce):
						if reported[spot{ce.Segment, ce.Offset}] {
							continue
						}
						reported[spot{ce.Segment, ce.Offset}] = true
					case errors.As(err, &ue):
						if reported[spot{ue.Segment, ue.Offset}] {
							continue
						}
						reported[spot{ue.Segment, ue.Offset}] = true
					}
					if !yield(nil, err) {
						return
					}
					continue
				}
				next = r.Seq + 1
				if !yield(r, nil) {
					return
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}
