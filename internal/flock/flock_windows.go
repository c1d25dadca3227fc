package flock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// Windows locks byte ranges, and a lock is mandatory: no other handle may
// read or write a locked byte. Lock files hold no data, so the range is
// the first byte (the file may be empty: a range past the end is allowed).
const lockBytes = 1

// tryLock tries LockFileEx(LOCKFILE_EXCLUSIVE_LOCK|LOCKFILE_FAIL_IMMEDIATELY)
// once: false (and no error) when another handle holds the range.
// Handles are opened for synchronous I/O, so the call never pends; an
// ERROR_IO_PENDING is read as "held" all the same, never as success.
func tryLock(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, lockBytes, 0, new(windows.Overlapped))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return false, nil
	}
	return false, err
}

// unlock is UnlockFileEx of the same range; unlocking an unheld lock is
// not an error, as with flock(2).
func unlock(f *os.File) error {
	err := windows.UnlockFileEx(windows.Handle(f.Fd()), 0, lockBytes, 0, new(windows.Overlapped))
	if errors.Is(err, windows.ERROR_NOT_LOCKED) {
		return nil
	}
	return err
}
