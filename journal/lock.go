package journal

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dos-go/dos/internal/flock"
)

// dirLock is the journal directory's writer lock: flock(2) on LOCK. It
// serialises appends (and prunes) across processes; readers never take it.
type dirLock struct {
	l *flock.Lock
}

func openLock(dir string) (*dirLock, error) {
	l, err := flock.Open(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	return &dirLock{l: l}, nil
}

// lock takes the lock, waiting until ctx is done.
func (d *dirLock) lock(ctx context.Context) error {
	if err := d.l.Acquire(ctx, -1); err != nil {
		return fmt.Errorf("lock journal: %w", err)
	}
	return nil
}

func (d *dirLock) unlock() error { return d.l.Release() }

func (d *dirLock) close() error { return d.l.Close() }
