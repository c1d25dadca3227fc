package journal

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncData is fdatasync(2): the data and the size that reaches it, without
// the inode times an fsync would also write, so one Append costs one flush.
func syncData(f *os.File) error { return unix.Fdatasync(int(f.Fd())) }
