package journal

import (
	"errors"
	"fmt"
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
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(cdir, name+".json", data)
}
