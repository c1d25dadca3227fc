package exporters

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/internal/flock"
	"github.com/dos-go/dos/journal"
)

// ErrBusy means another export holds the cursor and did not let go in time.
var ErrBusy = errors.New("another dos export is draining this cursor")

// cursorLock is flock(2) on cursors/NAME.lock, held for a whole drain so two
// exports on one cursor never both advance it. The kernel drops it when the
// process dies, SIGKILL included.
type cursorLock struct{ l *flock.Lock }

// lockCursor takes the named cursor's lock, waiting up to wait (or until ctx
// is done) for another export to finish.
func lockCursor(ctx context.Context, dir, name string, wait time.Duration) (*cursorLock, error) {
	cdir := journal.CursorDir(dir)
	if err := journal.CheckCursorDir(dir); err != nil {
		return nil, &ConfigError{err}
	}
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return nil, fmt.Errorf("lock cursor: %w", err)
	}
	l, err := flock.Take(ctx, filepath.Join(cdir, name+".lock"), max(wait, 0))
	switch {
	case errors.Is(err, flock.ErrSymlink):
		return nil, &ConfigError{err}
	case errors.Is(err, flock.ErrHeld):
		return nil, fmt.Errorf("cursor %s: %w (waited %s); try again when it ends", name, ErrBusy, wait)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("cursor %s: %w", name, err)
	case err != nil:
		return nil, fmt.Errorf("lock cursor: %w", err)
	}
	// A writer killed between creating its temp file and renaming it left
	// the temp file; under the lock none is live.
	if err := journal.CleanCursorTemps(dir, name); err != nil {
		l.Close()
		return nil, fmt.Errorf("lock cursor: %w", err)
	}
	return &cursorLock{l: l}, nil
}

func (c *cursorLock) release() { c.l.Close() }
