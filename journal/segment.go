package journal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	segmentExt  = ".jsonl"
	indexExt    = ".idx"
	nameDigits  = 20
	lockName    = "LOCK"
	anchorName  = "ANCHOR.json"
	tempPrefix  = ".tmp-"
	defaultSize = 64 << 20
)

// segment is one segment file, identified by its first seq.
type segment struct {
	first uint64
	name  string // base name, e.g. 00000000000000000001.jsonl
}

func segmentName(first uint64) string {
	return fmt.Sprintf("%0*d%s", nameDigits, first, segmentExt)
}

func indexName(seg string) string {
	return strings.TrimSuffix(seg, segmentExt) + indexExt
}

// parseSegmentName returns the first seq a segment file name encodes.
func parseSegmentName(name string) (uint64, bool) {
	if len(name) != nameDigits+len(segmentExt) || !strings.HasSuffix(name, segmentExt) {
		return 0, false
	}
	n, err := strconv.ParseUint(name[:nameDigits], 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return n, true
}

// listSegments returns the segments of dir sorted by first seq. A missing
// directory is ErrNoJournal.
func listSegments(dir string) ([]segment, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoJournal)
		}
		return nil, fmt.Errorf("read journal directory: %w", err)
	}
	var segs []segment
	for _, e := range ents {
		if first, ok := parseSegmentName(e.Name()); ok && e.Type().IsRegular() {
			segs = append(segs, segment{first: first, name: e.Name()})
		}
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].first < segs[j].first })
	return segs, nil
}

// findSegment returns the index of the segment that would hold seq: the last
// one whose first seq is <= seq (0 when seq precedes them all).
func findSegment(segs []segment, seq uint64) int {
	i := sort.Search(len(segs), func(i int) bool { return segs[i].first > seq })
	if i > 0 {
		i--
	}
	return i
}

// WriteFileAtomic writes data to dir/name through a temp file, fsync, rename
// and a directory fsync, so readers see the old file or the new, never half
// (a crash leaves at most a .tmp-* file, which readers skip). Every file
// dos keeps under the journal directory (indexes, anchors, cursors) is
// written this way.
func WriteFileAtomic(dir, name string, data []byte) error {
	return copyFileAtomic(dir, name, bytes.NewReader(data))
}

// copyFileAtomic is writeFileAtomic streaming from r.
func copyFileAtomic(dir, name string, r io.Reader) error {
	f, err := os.CreateTemp(dir, tempPrefix+name+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = io.Copy(f, r)
	if err == nil {
		err = syncData(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = renameOver(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}
