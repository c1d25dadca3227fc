package journal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// SegmentInfo describes one segment file.
type SegmentInfo struct {
	Name     string    `json:"name"`
	FirstSeq uint64    `json:"first_seq"`
	LastSeq  uint64    `json:"last_seq"` // 0 when the segment holds no record yet
	Bytes    int64     `json:"bytes"`
	Sealed   bool      `json:"sealed"`
	Indexed  bool      `json:"indexed"`
	FirstTS  time.Time `json:"first_ts,omitzero"`
	LastTS   time.Time `json:"last_ts,omitzero"`
	LastHash string    `json:"-"`
}

// Segments describes every segment, oldest first, reading only indexes and
// the ends of unindexed segments.
func (j *Journal) Segments() ([]SegmentInfo, error) {
	return segmentInfos(j.dir)
}

func segmentInfos(dir string) ([]SegmentInfo, error) {
	segs, err := listSegments(dir)
	if err != nil {
		return nil, err
	}
	out := make([]SegmentInfo, 0, len(segs))
	for i, seg := range segs {
		info, err := describe(dir, seg, i < len(segs)-1)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

func describe(dir string, seg segment, sealed bool) (SegmentInfo, error) {
	info := SegmentInfo{Name: seg.name, FirstSeq: seg.first, Sealed: sealed}
	f, err := os.Open(filepath.Join(dir, seg.name))
	if err != nil {
		return info, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return info, err
	}
	info.Bytes = fi.Size()
	if sealed {
		x, err := readIndex(dir, seg, fi.Size())
		if err != nil {
			return info, err
		}
		if x != nil {
			info.Indexed = true
			info.LastSeq, info.FirstTS, info.LastTS, info.LastHash = x.LastSeq, x.FirstTS, x.LastTS, x.LastHash
			return info, nil
		}
	}
	end, err := validEnd(f, fi.Size())
	if err != nil || end == 0 {
		return info, err
	}
	last, err := readLastRecord(f, seg.name, end)
	if err != nil {
		return info, err
	}
	info.LastSeq, info.LastTS, info.LastHash = last.Seq, last.TS, last.Hash
	first, err := firstInFile(f, seg.name)
	if err != nil {
		return info, err
	}
	if first != nil {
		info.FirstTS = first.TS
	}
	return info, nil
}

// firstInFile decodes the first decodable record of a segment.
func firstInFile(f *os.File, name string) (*Record, error) {
	lr := newLineReader(f, 0)
	var d decoder
	for i := 0; i < 64; i++ {
		line, _, err := lr.next()
		if err != nil {
			if err == errLineTooLong {
				continue
			}
			return nil, nil
		}
		var r Record
		if d.decode(line, &r) == nil {
			return &r, nil
		}
	}
	return nil, nil
}

// Stats summarises a journal.
type Stats struct {
	Segments  int       `json:"segments"`
	Records   uint64    `json:"records"`
	Bytes     int64     `json:"bytes"`
	FirstSeq  uint64    `json:"first_seq"`
	LastSeq   uint64    `json:"last_seq"`
	FirstTS   time.Time `json:"first_ts,omitzero"`
	LastTS    time.Time `json:"last_ts,omitzero"`
	AnchorSeq uint64    `json:"anchor_seq"`
	// SegmentList is every segment, oldest first.
	SegmentList []SegmentInfo `json:"segment_list"`
}

// Stats counts segments, records and bytes and names the first and last
// record. Records is derived from the seq range, which Verify proves
// gap-free; it costs no scan.
func (j *Journal) Stats(ctx context.Context) (Stats, error) {
	infos, err := segmentInfos(j.dir)
	if err != nil {
		if errors.Is(err, ErrNoJournal) {
			return Stats{}, nil
		}
		return Stats{}, err
	}
	a, err := readAnchor(j.dir)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Segments: len(infos), SegmentList: infos, AnchorSeq: a.Seq}
	for _, in := range infos {
		st.Bytes += in.Bytes
		if in.LastSeq == 0 {
			continue
		}
		if st.FirstSeq == 0 {
			st.FirstSeq, st.FirstTS = in.FirstSeq, in.FirstTS
			if in.FirstSeq <= a.Seq { // a prune stopped half-way
				st.FirstSeq = a.Seq + 1
			}
		}
		st.LastSeq, st.LastTS = in.LastSeq, in.LastTS
	}
	if st.LastSeq > 0 {
		st.Records = st.LastSeq - st.FirstSeq + 1
	}
	return st, nil
}
