package journal

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// syncData is FlushFileBuffers (what os.File.Sync calls on Windows): the
// file's data and metadata reach the disk, past its write cache.
func syncData(f *os.File) error { return f.Sync() }

// syncDir does nothing on Windows: a directory handle cannot be flushed
// (FlushFileBuffers needs write access, which a directory open denies),
// and NTFS journals the directory change itself. A rename is made durable
// by renameOver's MOVEFILE_WRITE_THROUGH instead; a new segment's entry by
// the FlushFileBuffers of its first append.
func syncDir(string) error { return nil }

// Windows refuses to replace or remove a file another process has open
// without FILE_SHARE_DELETE, which os.Open does not ask for: a reader of a
// cursor (dos export status) holding it for the microseconds of a read
// makes a rename over it fail with ERROR_ACCESS_DENIED or
// ERROR_SHARING_VIOLATION. Such a failure is retried for a bounded time,
// as the Go command's own robustio does. A plain bounded loop rather than
// internal/retry, which the journal must not import and whose HTTP
// semantics (Retry-After, jitter) mean nothing here.
const (
	renameTries = 40
	renamePause = 25 * time.Millisecond
)

// renameOver is MoveFileEx(MOVEFILE_REPLACE_EXISTING|MOVEFILE_WRITE_THROUGH):
// the replace that os.Rename also does on Windows, plus write-through, so
// the call returns only once the move is on disk (there is no directory
// fsync to follow it with).
func renameOver(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return err
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return err
	}
	for try := 1; ; try++ {
		err = windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
		if err == nil {
			return nil
		}
		if try == renameTries || !(errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION)) {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
		}
		time.Sleep(renamePause)
	}
}
