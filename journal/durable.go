package journal

import "os"

// The durability seam: three functions with one meaning on every platform
// and one file per platform beside this one.
//
//	SyncData(f)        f's written bytes (and the size that reaches them) survive a
//	                   power cut: durable_linux.go, durable_darwin.go,
//	                   durable_windows.go, durable_fsync.go (other unix)
//	syncDir(dir)       a create, rename or remove in dir survives a power cut:
//	                   durable_posix.go, durable_windows.go
//	renameOver(a, b)   a replaces b in one step, readers see one or the other:
//	                   durable_posix.go, durable_windows.go
//
// What each platform's "durable" is, is said in doc.go under Durability.

// SyncData makes the bytes written to f durable the way an Append does
// (fdatasync on Linux, F_FULLFSYNC on macOS, FlushFileBuffers on Windows):
// what the benchmarks measure their floor with, so it is the platform's
// own cost of an append that they compare against.
func SyncData(f *os.File) error { return syncData(f) }
