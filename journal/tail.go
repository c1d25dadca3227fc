package journal

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"
)

// tailChunk is the first window read backwards from the end of a segment.
const tailChunk = 16 << 10

// validEnd returns the offset just past the last '\n' of f, whose size is
// size: everything after it is a torn write. It reads backwards from the end
// and touches only the torn bytes plus one chunk.
func validEnd(f *os.File, size int64) (int64, error) {
	buf := make([]byte, tailChunk)
	for end := size; end > 0; {
		start := max(end-tailChunk, 0)
		b := buf[:end-start]
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// lastLine returns the complete line ending just before offset end (which
// must follow a '\n') and the line's start offset. Memory is bounded by
// MaxLineBytes: a longer line is reported as errLineTooLong.
func lastLine(f *os.File, end int64) ([]byte, int64, error) {
	if end <= 0 {
		return nil, 0, io.EOF
	}
	want := int64(tailChunk)
	for {
		start := max(end-1-want, 0)
		b := make([]byte, end-1-start)
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return nil, 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return b[i+1:], start + int64(i) + 1, nil
		}
		if start == 0 {
			return b, 0, nil
		}
		if want > MaxLineBytes {
			return nil, start, errLineTooLong
		}
		want *= 4
	}
}

// tailState is what a writer must know to append: the last record's seq,
// hash and time.
type tailState struct {
	seq  uint64
	hash string
	ts   time.Time
}

// readLastRecord decodes the last complete record ending before end.
// Corrupt lines at the tail are an error: a writer must not guess the seq.
func readLastRecord(f *os.File, name string, end int64) (*Record, error) {
	line, off, err := lastLine(f, end)
	if err != nil {
		if err == errLineTooLong {
			return nil, &CorruptError{Segment: name, Offset: off, Reason: err.Error()}
		}
		return nil, err
	}
	var r Record
	var d decoder
	if err := d.decode(line, &r); err != nil {
		if ve, ok := err.(*versionError); ok {
			return nil, &UnsupportedError{Segment: name, Offset: off, Seq: ve.seq, Version: ve.v}
		}
		return nil, &CorruptError{Segment: name, Offset: off, AfterSeq: seqBefore(f, off), Reason: err.Error()}
	}
	return &r, nil
}

// seqBefore is the seq of the record on the line ending at off, 0 when
// there is none or it is not a record either (only error messages use it).
func seqBefore(f *os.File, off int64) uint64 {
	line, _, err := lastLine(f, off)
	if err != nil {
		return 0
	}
	var r Record
	var d decoder
	if d.decode(line, &r) != nil {
		return 0
	}
	return r.Seq
}

// tailOf returns the tail state ending before end in segment f, or ok=false
// when the segment holds no complete line.
func tailOf(f *os.File, name string, end int64) (tailState, bool, error) {
	if end == 0 {
		return tailState{}, false, nil
	}
	r, err := readLastRecord(f, name, end)
	if err != nil {
		return tailState{}, false, fmt.Errorf("read tail of %s: %w", name, err)
	}
	return tailState{seq: r.Seq, hash: r.Hash, ts: r.TS}, true, nil
}
