//go:build unix

package journal

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// openNoFollow opens p without following a symbolic link at its last
// element: O_NOFOLLOW, whose ELOOP is ErrSymlink.
func openNoFollow(p string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(p, flag|syscall.O_NOFOLLOW, perm)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fmt.Errorf("%s %w", p, ErrSymlink)
	}
	return f, err
}
