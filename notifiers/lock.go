package notifiers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// ErrBusy means another dos notify holds this channel's lock: two cron runs
// overlapping would otherwise both read "not told yet" and both post.
var ErrBusy = errors.New("another dos notify is posting to this channel")

// lockDir is where channel locks live, inside the journal directory.
const lockDir = "notify"

// channelLock is flock(2) on <journal>/notify/<hash of kind and channel>.lock,
// held from reading what was sent to appending what was sent. The kernel
// drops it when the process dies.
type channelLock struct{ f *os.File }

// lockChannel takes the lock without waiting: a run that finds it held
// sends nothing and says so.
func lockChannel(journalDir, kind, channel string) (*channelLock, error) {
	dir := filepath.Join(journalDir, lockDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", channel, err)
	}
	h := sha256.Sum256([]byte(kind + "\x00" + channel))
	f, err := os.OpenFile(filepath.Join(dir, hex.EncodeToString(h[:8])+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", channel, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w; this run sent nothing", channel, ErrBusy)
		}
		return nil, fmt.Errorf("lock %s: %w", channel, err)
	}
	return &channelLock{f: f}, nil
}

func (l *channelLock) release() {
	unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
	l.f.Close()
}
