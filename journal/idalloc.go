package journal

import "path/filepath"

// IDAllocDirName is the directory under the journal holding id-alloc's
// per-scope files: KEY.json, the scope's high-water mark and the seq of the
// id.alloc record that set it, and KEY.lock, flock(2)ed while one
// allocation of the scope is decided. The journal's id.alloc records are
// the history; the counter outlives a prune of them.
const IDAllocDirName = "id-alloc"

// IDAllocDir is <dir>/id-alloc.
func IDAllocDir(dir string) string { return filepath.Join(dir, IDAllocDirName) }
