package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// defaultIndexEvery is the byte distance between sparse index entries.
const defaultIndexEvery = 64 << 10

// segIndex is the sparse index of a sealed segment (see the package doc).
type segIndex struct {
	V        int         `json:"v"`
	FirstSeq uint64      `json:"first_seq"`
	LastSeq  uint64      `json:"last_seq"`
	Size     int64       `json:"size"`
	FirstTS  time.Time   `json:"first_ts"`
	LastTS   time.Time   `json:"last_ts"`
	LastHash string      `json:"last_hash"`
	Entries  [][2]uint64 `json:"entries"`
	Runs     bloom       `json:"runs"`
}

// offsetFor returns the offset of the last entry at or before seq.
func (x *segIndex) offsetFor(seq uint64) int64 {
	i := sort.Search(len(x.Entries), func(i int) bool { return x.Entries[i][0] > seq })
	if i == 0 {
		return 0
	}
	return int64(x.Entries[i-1][1])
}

// readIndex loads the index of seg; it returns nil (no error) when there is
// none or when it does not describe the segment as it is now.
func readIndex(dir string, seg segment, size int64) (*segIndex, error) {
	b, err := os.ReadFile(filepath.Join(dir, indexName(seg.name)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var x segIndex
	if json.Unmarshal(b, &x) != nil || x.V != 1 || x.FirstSeq != seg.first || x.Size != size {
		return nil, nil
	}
	return &x, nil
}

// buildIndex scans a whole segment and returns its index. It is called once,
// when the segment is sealed.
func buildIndex(f *os.File, name string, size, every int64) (*segIndex, error) {
	x := &segIndex{V: 1, Size: size}
	runs := map[string]struct{}{}
	lr := newLineReader(f, 0)
	var d decoder
	var r Record
	next := int64(0)
	for {
		line, off, err := lr.next()
		if err == io.EOF {
			break
		}
		if err == errLineTooLong {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", name, err)
		}
		if d.decode(line, &r) != nil {
			continue
		}
		if x.FirstSeq == 0 {
			x.FirstSeq, x.FirstTS = r.Seq, r.TS
		}
		x.LastSeq, x.LastTS, x.LastHash = r.Seq, r.TS, r.Hash
		if off >= next {
			x.Entries = append(x.Entries, [2]uint64{r.Seq, uint64(off)})
			next = off + every
		}
		if r.RunID != "" {
			runs[r.RunID] = struct{}{}
		}
		if r.ParentRunID != "" {
			runs[r.ParentRunID] = struct{}{}
		}
	}
	x.Runs = newBloom(len(runs))
	for id := range runs {
		x.Runs.add(id)
	}
	return x, nil
}

// bloom is a Bloom filter over run ids, about 1% false positives.
type bloom struct {
	K    int    `json:"k"`
	Bits []byte `json:"bits"`
}

func newBloom(n int) bloom {
	m := int(math.Ceil(float64(max(n, 1)) * 9.6))
	m = max((m+7)/8, 8)
	return bloom{K: 7, Bits: make([]byte, m)}
}

func (b *bloom) positions(s string, fn func(uint64)) {
	h := fnv.New64a()
	h.Write([]byte(s))
	sum := h.Sum64()
	h1, h2 := sum&0xffffffff, sum>>32|1
	m := uint64(len(b.Bits) * 8)
	for i := uint64(0); i < uint64(b.K); i++ {
		fn((h1 + i*h2) % m)
	}
}

func (b *bloom) add(s string) {
	b.positions(s, func(p uint64) { b.Bits[p/8] |= 1 << (p % 8) })
}

// mayHold reports whether s may have been added; false is certain.
func (b *bloom) mayHold(s string) bool {
	if len(b.Bits) == 0 {
		return true
	}
	ok := true
	b.positions(s, func(p uint64) {
		if b.Bits[p/8]&(1<<(p%8)) == 0 {
			ok = false
		}
	})
	return ok
}
