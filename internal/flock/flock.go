// Package flock takes exclusive flock(2) locks on lock files: the journal's
// writer lock, the lease lock, each export cursor's and each notify
// channel's. The kernel drops a lock when its holder dies, SIGKILL included,
// so a crash never leaves one behind.
package flock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ErrHeld means another holder kept the lock past the wait.
var ErrHeld = errors.New("held by another process")

// Backoff bounds between attempts while the lock is held elsewhere: short
// at first (a journal append holds it for one fsync), then capped.
const (
	firstPause = 20 * time.Microsecond
	maxPause   = 10 * time.Millisecond
)

// Lock is an open lock file. A Lock is not safe for concurrent use.
type Lock struct {
	f *os.File
}

// ErrSymlink means the lock file is a symbolic link, which is never
// followed: it could make dos create or lock a file anywhere.
var ErrSymlink = errors.New("is a symbolic link; dos does not follow it: replace it with a plain file or delete it")

// Open creates the lock file at path if needed and opens it; a symbolic
// link there is ErrSymlink.
func Open(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|unix.O_NOFOLLOW, 0o644)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%s %w", path, ErrSymlink)
	}
	if err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Take opens path and acquires the lock (see Acquire); on failure the file
// is closed again.
func Take(ctx context.Context, path string, wait time.Duration) (*Lock, error) {
	l, err := Open(path)
	if err != nil {
		return nil, err
	}
	if err := l.Acquire(ctx, wait); err != nil {
		l.f.Close()
		return nil, err
	}
	return l, nil
}

// Acquire takes the lock exclusively. A negative wait waits until ctx is
// done; zero tries once; a positive wait gives up after it with ErrHeld.
// It polls with a backoff because flock(2) cannot be interrupted by a
// context.
func (l *Lock) Acquire(ctx context.Context, wait time.Duration) error {
	var deadline time.Time
	if wait > 0 {
		deadline = time.Now().Add(wait)
	}
	pause := firstPause
	for {
		err := unix.Flock(int(l.f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return fmt.Errorf("flock %s: %w", l.f.Name(), err)
		}
		if wait == 0 || (wait > 0 && time.Now().After(deadline)) {
			return ErrHeld
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause = min(pause*2, maxPause)
	}
}

// Release drops the lock; the file stays open for the next Acquire.
func (l *Lock) Release() error {
	return unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
}

// Close releases the lock (if held) and closes the file.
func (l *Lock) Close() error {
	return l.f.Close()
}
