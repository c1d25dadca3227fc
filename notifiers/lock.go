package notifiers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dos-go/dos/internal/flock"
)

// ErrBusy means another dos notify holds this channel's lock: two cron runs
// overlapping would otherwise both read "not told yet" and both post.
var ErrBusy = errors.New("another dos notify is posting to this channel")

// lockDir is where channel locks live, inside the journal directory.
const lockDir = "notify"

// channelLock is flock(2) on <journal>/notify/<hash of kind and channel>.lock,
// held from reading what was sent to appending what was sent. The kernel
// drops it when the process dies.
type channelLock struct{ l *flock.Lock }

// lockChannel takes the lock without waiting: a run that finds it held
// sends nothing and says so.
func lockChannel(journalDir, kind, channel string) (*channelLock, error) {
	dir := filepath.Join(journalDir, lockDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", channel, err)
	}
	h := sha256.Sum256([]byte(kind + "\x00" + channel))
	l, err := flock.Take(context.Background(), filepath.Join(dir, hex.EncodeToString(h[:8])+".lock"), 0)
	if errors.Is(err, flock.ErrHeld) {
		return nil, fmt.Errorf("%s: %w; this run sent nothing", channel, ErrBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", channel, err)
	}
	return &channelLock{l: l}, nil
}

func (c *channelLock) release() { c.l.Close() }
