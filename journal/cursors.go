package journal

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The journal directory has one owner, this package: besides the segments
// it holds cursors/, one NAME.json per export destination or notify
// channel position. Exporters own the cursor's format; the journal owns
// where cursors live, how they are listed and how they are written
// (WriteFileAtomic), because prune must honour every one of them.

// CursorsDir is the directory under the journal holding cursor files.
const CursorsDir = "cursors"

// CursorDir is <dir>/cursors.
func CursorDir(dir string) string { return filepath.Join(dir, CursorsDir) }

// CursorFile is the file of cursor name: <dir>/cursors/<name>.json.
func CursorFile(dir, name string) string { return filepath.Join(dir, CursorsDir, name+".json") }

// CursorNames lists the cursors of the journal at dir, sorted; temp files
// (.tmp-*) a crashed writer left are not cursors.
func CursorNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(CursorDir(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read cursors: %w", err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") {
			names = append(names, strings.TrimSuffix(n, ".json"))
		}
	}
	slices.Sort(names)
	return names, nil
}

// WriteCursorFile writes cursor name's bytes atomically, creating
// cursors/ when needed.
func WriteCursorFile(dir, name string, data []byte) error {
	cdir := CursorDir(dir)
	if err := CheckCursorDir(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(cdir, name+".json", data)
}

// ErrSymlink means a path inside the journal directory is a symbolic link.
// dos never follows one there: a link could make it write, lock or read
// (and quote) a file elsewhere.
var ErrSymlink = errors.New("is a symbolic link; dos does not follow links inside the journal directory: replace it with the real file or directory")

// CheckCursorDir refuses a cursors/ that is a symbolic link; a missing one
// is fine (the first save creates it).
func CheckCursorDir(dir string) error {
	p := CursorDir(dir)
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s %w", p, ErrSymlink)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory", p)
	}
	return nil
}

// ReadCursorFile reads cursor name's bytes without following a symbolic
// link (ErrSymlink); a missing file is fs.ErrNotExist.
func ReadCursorFile(dir, name string) ([]byte, error) {
	if err := CheckCursorDir(dir); err != nil {
		return nil, err
	}
	p := CursorFile(dir, name)
	f, err := openNoFollow(p, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	return io.ReadAll(io.LimitReader(f, 1<<20))
}

// CleanCursorTemps removes the temp files that writers of cursor name
// killed between create and rename left in cursors/. The caller holds the
// cursor's lock, so no live writer owns one.
func CleanCursorTemps(dir, name string) error {
	ms, err := filepath.Glob(filepath.Join(CursorDir(dir), tempPrefix+name+".json-*"))
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
