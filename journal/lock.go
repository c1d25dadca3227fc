package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// dirLock is the journal directory's writer lock: flock(2) on LOCK. It
// serialises appends across processes; readers never take it.
type dirLock struct {
	f *os.File
}

func openLock(dir string) (*dirLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	return &dirLock{f: f}, nil
}

// lock takes the lock, waiting with a short backoff until ctx is done.
func (l *dirLock) lock(ctx context.Context) error {
	wait := 20 * time.Microsecond
	for {
		err := unix.Flock(int(l.f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return fmt.Errorf("lock journal: %w", err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("lock journal: %w", ctx.Err())
		case <-t.C:
		}
		wait = min(wait*2, 2*time.Millisecond)
	}
}

func (l *dirLock) unlock() error {
	return unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
}

func (l *dirLock) close() error {
	return l.f.Close()
}
