//go:build !linux && !darwin && !windows

package journal

import "os"

// syncData is fsync(2) on the other unixes (the BSDs have no fdatasync
// everywhere; fsync is the portable superset).
func syncData(f *os.File) error { return f.Sync() }
