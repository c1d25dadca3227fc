package journal

import "os"

// syncData is fcntl(F_FULLFSYNC): macOS's fsync(2) only hands the bytes to
// the drive, whose cache may still lose them, and it has no fdatasync.
// os.File.Sync is exactly F_FULLFSYNC on darwin (falling back to fsync
// where a filesystem such as SMB answers ENOTSUP), so it is used as is.
func syncData(f *os.File) error { return f.Sync() }
