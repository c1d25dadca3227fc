package journal

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Continuity: the segment names say where each segment starts and every
// record carries its seq, so a reader walking the journal can tell, for
// free, when part of it is gone — without verifying a single hash. A
// break is reported as a *CorruptError (counted, located, exit 1 in the
// views and in export, which first delivers what precedes it), never
// skipped in silence.

// startsAt checks that seg starts at the seq the scan expects next; it
// returns false when the scan must stop.
func (s *scan) startsAt(seg segment) bool {
	if !s.checked {
		return true
	}
	want := s.expect
	s.expect = seg.first
	if want == 0 || seg.first == want {
		return true
	}
	var why string
	if seg.first > want {
		why = fmt.Sprintf("seqs %d..%d are missing: segment %s starts at seq %d, but the one before it ended at seq %d (a segment was deleted?)",
			want, seg.first-1, seg.name, seg.first, want-1)
	} else {
		why = fmt.Sprintf("segment %s starts at seq %d, at or before seq %d already read: segments overlap or were swapped",
			seg.name, seg.first, want-1)
	}
	return s.yield(nil, &CorruptError{Segment: seg.name, Offset: 0, AfterSeq: s.lastSeq, Reason: why, Break: true})
}

// follows checks that r has the seq after the last record read; it
// returns false when the scan must stop.
func (s *scan) follows(seg segment, off int64, r *Record) bool {
	if !s.checked {
		return true
	}
	want := s.expect
	s.expect = r.Seq + 1
	if want == 0 || r.Seq == want {
		return true
	}
	why := fmt.Sprintf("seq %d where seq %d was expected: ", r.Seq, want)
	switch {
	case off == 0 && r.Seq != seg.first:
		why += fmt.Sprintf("segment %s holds records of another place in the journal (segments swapped or renamed?)", seg.name)
	case r.Seq > want:
		why += fmt.Sprintf("seqs %d..%d are missing", want, r.Seq-1)
	default:
		why += "seqs run backwards (records reordered or repeated)"
	}
	return s.yield(nil, &CorruptError{Segment: seg.name, Offset: off, AfterSeq: s.lastSeq, Reason: why, Break: true})
}

// reachedEnd checks, once the newest segment is read, that no export
// cursor and no keyed checkpoint says the journal once went further: if
// one does, the newest records (a whole newest segment, say) are gone.
func (s *scan) reachedEnd(newest segment) {
	if s.expect == 0 {
		return
	}
	end := s.expect - 1
	who, seq := "", uint64(0)
	if ps, err := ReadCursorPositions(s.dir); err == nil {
		for _, p := range ps {
			if p.Seq > seq {
				who, seq = "export cursor "+p.Name, p.Seq
			}
		}
	}
	if c, ok := lastCheckpoint(s.dir); ok && c.Seq > seq {
		who, seq = "the last keyed checkpoint", c.Seq
	}
	if seq <= end {
		return
	}
	s.yield(nil, &CorruptError{Segment: newest.name, Offset: -1, AfterSeq: end, Break: true,
		Reason: fmt.Sprintf("the journal ends at seq %d, but %s reached seq %d: records %d..%d are missing (the newest segment was deleted or truncated?)",
			end, who, seq, end+1, seq)})
}

// lastCheckpoint reads the last complete line of CHECKPOINTS, reading
// only the file's tail.
func lastCheckpoint(dir string) (checkpoint, bool) {
	f, err := os.Open(filepath.Join(dir, checkpointName))
	if err != nil {
		return checkpoint{}, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return checkpoint{}, false
	}
	const tail = 4096
	off := max(fi.Size()-tail, 0)
	buf := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil {
		return checkpoint{}, false
	}
	// drop a torn last line, then take the line before the final '\n'
	end := len(buf)
	for end > 0 && buf[end-1] != '\n' {
		end--
	}
	if end == 0 {
		return checkpoint{}, false
	}
	start := end - 1
	for start > 0 && buf[start-1] != '\n' {
		start--
	}
	var c checkpoint
	if json.Unmarshal(buf[start:end], &c) != nil {
		return checkpoint{}, false
	}
	return c, true
}
