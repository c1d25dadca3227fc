package journal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// openNoFollow opens p unless its last element is a symbolic link
// (ErrSymlink). Windows has no O_NOFOLLOW: the link is looked for with
// Lstat just before the open, which a link planted in between would pass.
func openNoFollow(p string, flag int, perm os.FileMode) (*os.File, error) {
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s %w", p, ErrSymlink)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return os.OpenFile(p, flag, perm)
}
