package journal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
)

// Journal reads a journal directory. It takes no lock: readers see every
// record whose append was acknowledged before they reached it, and ignore a
// torn line a writer is still producing.
type Journal struct {
	dir string
}

// Open returns a reader for dir, or an error wrapping ErrNoJournal when the
// directory does not exist or holds no segment yet.
func Open(dir string) (*Journal, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoJournal)
		}
		return nil, fmt.Errorf("open journal: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open journal: %s is not a directory", dir)
	}
	segs, err := listSegments(dir)
	if err != nil {
		return nil, err
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoJournal)
	}
	// Fail now, with one clear error, when the directory is unreadable.
	f, err := os.Open(filepath.Join(dir, segs[0].name))
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	f.Close()
	return &Journal{dir: dir}, nil
}

// Dir is the journal directory.
func (j *Journal) Dir() string { return j.dir }

// Query selects the records a Scan yields.
type Query struct {
	From  uint64 // first seq wanted; 0 means the first record
	Until uint64 // last seq wanted, inclusive; 0 means the end
	// RunIDs, when set, keeps only records whose run_id or parent_run_id is
	// one of them. Sealed segments whose run filter rules them all out are
	// not read at all.
	RunIDs []string
	// Kinds, when set, keeps only records of these kinds. Lines are
	// filtered on their canonical `"kind":"…"` bytes before decoding, so a
	// reader after one kind (the lease fold) skips the rest cheaply.
	Kinds []string
}

func (q Query) wantsRun(r *Record) bool {
	if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, r.Kind) {
		return false
	}
	if len(q.RunIDs) == 0 {
		return true
	}
	for _, id := range q.RunIDs {
		if r.RunID == id || (r.ParentRunID == id && r.ParentRunID != "") {
			return true
		}
	}
	return false
}

// Records yields every record from seq from on; see Scan.
func (j *Journal) Records(ctx context.Context, from uint64) iter.Seq2[*Record, error] {
	return j.Scan(ctx, Query{From: from})
}

// Scan yields the records q selects in seq order. A bad line yields a
// *CorruptError or *UnsupportedError and the scan goes on; any other error
// ends it. So does a break in the seqs themselves, reported the same way
// (see continuity.go): a segment that does not start where the previous
// ended (one deleted, or two swapped), a seq inside a segment that is not
// the one after the last, and a journal that ends before a cursor or
// checkpoint says it reached. Memory stays bounded by one line and one
// read buffer. Each yielded record is freshly allocated and the caller may
// keep it.
func (j *Journal) Scan(ctx context.Context, q Query) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		segs, err := listSegments(j.dir)
		if err != nil {
			if !errors.Is(err, ErrNoJournal) {
				yield(nil, err)
			}
			return
		}
		s := &scan{ctx: ctx, dir: j.dir, q: q, yield: yield, checked: len(q.RunIDs) == 0 && len(q.Kinds) == 0}
		start := 0
		if q.From > 0 {
			start = findSegment(segs, q.From)
		}
		if start == 0 && s.checked {
			if a, err := readAnchor(j.dir); err == nil {
				s.expect = a.Seq + 1
			}
		}
		for i := start; i < len(segs); i++ {
			if q.Until > 0 && segs[i].first > q.Until {
				return
			}
			if !s.segment(segs[i], i == len(segs)-1) {
				return
			}
		}
		if s.checked && q.Until == 0 && len(segs) > 0 {
			s.reachedEnd(segs[len(segs)-1])
		}
	}
}

// scan is the state of one Scan call.
type scan struct {
	ctx     context.Context
	dir     string
	q       Query
	yield   func(*Record, error) bool
	d       decoder
	lastSeq uint64
	n       int
	// checked turns on the continuity checks (off for run and kind queries, which
	// skip lines undecoded); expect is the seq the next record must have,
	// 0 when unknown (at a seek, or after a line that did not decode).
	checked bool
	expect  uint64
}

// segment streams one segment; it returns false when the scan must stop.
func (s *scan) segment(seg segment, newest bool) bool {
	f, err := os.Open(filepath.Join(s.dir, seg.name))
	if err != nil {
		return s.yield(nil, fmt.Errorf("open segment %s: %w", seg.name, err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return s.yield(nil, err)
	}
	var x *segIndex
	if !newest {
		if x, err = readIndex(s.dir, seg, fi.Size()); err != nil {
			return s.yield(nil, fmt.Errorf("read index of %s: %w", seg.name, err))
		}
		if x != nil && len(s.q.RunIDs) > 0 && !anyMayHold(&x.Runs, s.q.RunIDs) {
			return true
		}
	}
	off := int64(0)
	if s.q.From > seg.first {
		if x != nil {
			off = x.offsetFor(s.q.From)
		} else if off, err = bisect(f, fi.Size(), s.q.From); err != nil {
			return s.yield(nil, fmt.Errorf("seek in %s: %w", seg.name, err))
		}
	}
	var needles, kinds [][]byte
	for _, id := range s.q.RunIDs {
		needles = append(needles, []byte(id))
	}
	for _, k := range s.q.Kinds {
		kinds = append(kinds, []byte(`,"kind":"`+k+`",`))
	}
	if off > 0 {
		s.expect = 0 // a seek: the first record read says where we are
	} else if !s.startsAt(seg) {
		return false
	}
	lr := newLineReader(f, off)
	for {
		line, loff, err := lr.next()
		if err == io.EOF {
			if t := lr.torn(); t > 0 && !newest {
				return s.yield(nil, &CorruptError{Segment: seg.name, Offset: loff, AfterSeq: s.lastSeq,
					Reason: fmt.Sprintf("sealed segment ends with %d bytes of partial line", t)})
			}
			return true
		}
		if err == errLineTooLong {
			if !s.yield(nil, &CorruptError{Segment: seg.name, Offset: loff, AfterSeq: s.lastSeq, Reason: err.Error()}) {
				return false
			}
			continue
		}
		if err != nil {
			return s.yield(nil, fmt.Errorf("read %s: %w", seg.name, err))
		}
		if s.n++; s.n&4095 == 0 && s.ctx.Err() != nil {
			return s.yield(nil, s.ctx.Err())
		}
		if len(needles) > 0 && !containsAny(line, needles) {
			// Not one of the wanted runs' records, so not decoded; but a line
			// that is not even shaped like one (a torn write mid-file, a cut
			// edit) is corruption the reader must report, not skip.
			if seq, ok := peekSeq(line); ok {
				s.lastSeq = seq // so a bad line is placed after the right record
			} else if !objectShaped(line) {
				if !s.yield(nil, &CorruptError{Segment: seg.name, Offset: loff, AfterSeq: s.lastSeq, Reason: "line is not a whole JSON object"}) {
					return false
				}
			}
			continue
		}
		if len(kinds) > 0 && !containsAny(line, kinds) {
			continue
		}
		r := new(Record)
		if err := s.d.decode(line, r); err != nil {
			s.expect = 0
			var bad error = &CorruptError{Segment: seg.name, Offset: loff, AfterSeq: s.lastSeq, Reason: err.Error()}
			if ve, ok := err.(*versionError); ok {
				bad = &UnsupportedError{Segment: seg.name, Offset: loff, Seq: ve.seq, Version: ve.v}
			}
			if !s.yield(nil, bad) {
				return false
			}
			continue
		}
		if !s.follows(seg, loff, r) {
			return false
		}
		s.lastSeq = r.Seq
		if r.Seq < s.q.From || !s.q.wantsRun(r) {
			continue
		}
		if s.q.Until > 0 && r.Seq > s.q.Until {
			return false
		}
		if !s.yield(r, nil) {
			return false
		}
	}
}

func anyMayHold(b *bloom, ids []string) bool {
	for _, id := range ids {
		if b.mayHold(id) {
			return true
		}
	}
	return false
}

// seqPrefix is how every record line this build writes begins.
var seqPrefix = []byte(`{"v":1,"seq":`)

// peekSeq reads the seq of a record line from its fixed prefix without
// decoding it; ok is false when the line does not start like a record.
func peekSeq(line []byte) (uint64, bool) {
	if !bytes.HasPrefix(line, seqPrefix) || !objectShaped(line) {
		return 0, false
	}
	var n uint64
	i := len(seqPrefix)
	for ; i < len(line) && line[i] >= '0' && line[i] <= '9' && i < len(seqPrefix)+20; i++ {
		n = n*10 + uint64(line[i]-'0')
	}
	return n, i > len(seqPrefix) && i < len(line) && line[i] == ','
}

// objectShaped reports whether line starts with '{' and ends with '}',
// blanks aside: an O(1) look that finds torn and cut lines without
// decoding the records a run filter skips.
func objectShaped(line []byte) bool {
	l := bytes.TrimSpace(line)
	return len(l) >= 2 && l[0] == '{' && l[len(l)-1] == '}'
}

func containsAny(line []byte, needles [][]byte) bool {
	for _, n := range needles {
		if bytes.Contains(line, n) {
			return true
		}
	}
	return false
}

// bisect returns the offset of a line start at or before the first record
// with seq >= target, within bisectSpan bytes of it, by binary search over
// the file's own lines: seqs grow along a segment, so O(log size) small
// reads find it without an index.
func bisect(f *os.File, size int64, target uint64) (int64, error) {
	const bisectSpan = 16 << 10
	lo, hi := int64(0), size
	buf := make([]byte, 4096)
	var d decoder
	var r Record
	for hi-lo > bisectSpan {
		mid := lo + (hi-lo)/2
		start, line, err := lineAfter(f, mid, size, buf)
		if err != nil {
			return 0, err
		}
		if line == nil || start >= hi {
			hi = mid
			continue
		}
		if d.decode(line, &r) != nil {
			// A bad line carries no seq; narrow from the right instead.
			hi = mid
			continue
		}
		if r.Seq < target {
			lo = start
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// lineAfter returns the first complete line that starts after offset at
// (at itself when at is 0) and its start, or a nil line when none does.
func lineAfter(f *os.File, at, size int64, buf []byte) (int64, []byte, error) {
	pos := at
	if at > 0 {
		// find the '\n' ending the line that contains at-1
		for {
			n, err := f.ReadAt(buf, pos-1)
			if err != nil && err != io.EOF {
				return 0, nil, err
			}
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				pos = pos - 1 + int64(i) + 1
				break
			}
			if n == 0 || pos+int64(n) >= size {
				return 0, nil, nil
			}
			pos += int64(n)
		}
	}
	var line []byte
	for off := pos; ; {
		n, err := f.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return 0, nil, err
		}
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			line = append(line, buf[:i]...)
			return pos, line, nil
		}
		line = append(line, buf[:n]...)
		if n == 0 || len(line) > MaxLineBytes {
			return 0, nil, nil
		}
		off += int64(n)
	}
}

// LastSeq returns the seq of the last complete record, reading only the end
// of the newest segment. It is 0 for an empty journal.
func (j *Journal) LastSeq() (uint64, error) {
	r, err := j.Last()
	if err != nil || r == nil {
		return 0, err
	}
	return r.Seq, nil
}

// LastGoodSeq is LastSeq for readers that go on past bad lines: when the
// last line is not a record, it is the seq of the last line that is. It
// reads the whole newest segment in that case, and one tail otherwise.
func (j *Journal) LastGoodSeq() (uint64, error) {
	last, err := j.LastSeq()
	if !Skippable(err) {
		return last, err
	}
	segs, err := listSegments(j.dir)
	if err != nil {
		return 0, err
	}
	for i := len(segs) - 1; i >= 0; i-- {
		t, err := scanSegmentTail(j.dir, segs[i])
		if err != nil || t.cut > 0 {
			return t.lastSeq, err
		}
	}
	return 0, nil
}

// Last returns the last complete record, or nil for an empty journal.
func (j *Journal) Last() (*Record, error) {
	segs, err := listSegments(j.dir)
	if err != nil {
		if errors.Is(err, ErrNoJournal) {
			return nil, nil
		}
		return nil, err
	}
	for i := len(segs) - 1; i >= 0; i-- {
		r, err := lastInSegment(j.dir, segs[i])
		if err != nil || r != nil {
			return r, err
		}
	}
	return nil, nil
}

// lastInSegment decodes the last complete record of seg, nil when it has none.
func lastInSegment(dir string, seg segment) (*Record, error) {
	f, err := os.Open(filepath.Join(dir, seg.name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	end, err := validEnd(f, fi.Size())
	if err != nil || end == 0 {
		return nil, err
	}
	return readLastRecord(f, seg.name, end)
}

// First returns the first record, or nil for an empty journal.
func (j *Journal) First(ctx context.Context) (*Record, error) {
	for r, err := range j.Records(ctx, 0) {
		if err != nil {
			if Skippable(err) {
				continue
			}
			return nil, err
		}
		return r, nil
	}
	return nil, nil
}
