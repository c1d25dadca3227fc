package flock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// openFile creates or opens the lock file at path unless it is a symbolic
// link (ErrSymlink). Windows has no O_NOFOLLOW: the link is looked for
// with Lstat just before the open, which a link planted in between would
// pass.
func openFile(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s %w", path, ErrSymlink)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
}
