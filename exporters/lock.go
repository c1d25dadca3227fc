package exporters

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// ErrBusy means another export holds the cursor and did not let go in time.
var ErrBusy = errors.New("another dos export is draining this cursor")

// cursorLock is flock(2) on cursors/NAME.lock, held for a whole drain so two
// exports on one cursor never both advance it. The kernel drops it when the
// process dies, SIGKILL included.
type cursorLock struct{ f *os.File }

// lockCursor takes the named cursor's lock, waiting up to wait (or until ctx
// is done) for another export to finish.
func lockCursor(ctx context.Context, dir, name string, wait time.Duration) (*cursorLock, error) {
	cdir := filepath.Join(dir, cursorsDir)
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return nil, fmt.Errorf("lock cursor: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(cdir, name+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock cursor: %w", err)
	}
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &cursorLock{f: f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock cursor: %w", err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("cursor %s: %w (waited %s); try again when it ends", name, ErrBusy, wait)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("cursor %s: %w", name, ctx.Err())
		case <-t.C:
		}
		pause = min(pause*2, 100*time.Millisecond)
	}
}

func (l *cursorLock) release() {
	unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
	l.f.Close()
}
