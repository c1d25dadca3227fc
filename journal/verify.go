package journal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Breach kinds, in the words Verify uses to name what happened.
const (
	BreachEdited    = "edited"    // a record's bytes no longer match its hash
	BreachMissing   = "missing"   // one or more seqs are gone
	BreachReordered = "reordered" // records appear out of seq order
	BreachInserted  = "inserted"  // a record that was never appended is present
	BreachCorrupt   = "corrupt"   // a complete line is not a record
	BreachTruncated = "truncated" // a sealed segment lost records at its end
)

// Breach is the first place where the chain does not hold.
type Breach struct {
	Kind    string `json:"kind"`
	Seq     uint64 `json:"seq"`
	Segment string `json:"segment"`
	Offset  int64  `json:"offset"`
	Message string `json:"message"`
}

func (b *Breach) Error() string { return b.Message }

// VerifyReport is the outcome of walking the whole chain.
type VerifyReport struct {
	Segments    int               `json:"segments"`
	Records     uint64            `json:"records"`
	FirstSeq    uint64            `json:"first_seq"`
	LastSeq     uint64            `json:"last_seq"`
	AnchorSeq   uint64            `json:"anchor_seq"`
	TornBytes   int               `json:"torn_bytes"`
	Breach      *Breach           `json:"breach,omitempty"`
	Unsupported *UnsupportedError `json:"unsupported,omitempty"`
	// Filled by VerifyAll: cursors the journal does not back, the keyed
	// checkpoints, and the comparison with an exported copy.
	Cursors     []CursorFinding   `json:"cursors,omitempty"`
	Checkpoints *CheckpointReport `json:"checkpoints,omitempty"`
	Against     *CompareReport    `json:"against,omitempty"`
	// Derived are the caches kept beside the records (LEASES.snapshot)
	// that do not match them, as the caller that owns each checked it.
	Derived []DerivedFinding `json:"derived,omitempty"`
}

// DerivedFinding is a file derived from the records that says something
// else than they do: a cache an agent edited, or a bug.
type DerivedFinding struct {
	File    string `json:"file"`
	Seq     uint64 `json:"seq"` // the record it claims to describe the journal after
	Message string `json:"message"`
}

// Intact reports whether the whole chain verified, and every check
// VerifyAll added with it.
func (r *VerifyReport) Intact() bool {
	return r.Breach == nil && r.Unsupported == nil && len(r.Cursors) == 0 && len(r.Derived) == 0 &&
		(r.Checkpoints == nil || r.Checkpoints.Problem == "") && (r.Against == nil || r.Against.Difference == nil)
}

// rawLine is one line of the journal as verify sees it.
type rawLine struct {
	seg  string
	off  int64
	line []byte // a copy, valid for the next two lines walked
	rec  Record // only V and Seq are decoded
	err  error  // decode failure, or errLineTooLong
	end  bool   // marks the end of a sealed segment
	idx  *segIndex
	torn int // partial bytes after the segment's last line
}

// Verify walks every record from the anchor to the tail, checking seq
// continuity, every hash link and every sealed segment's recorded end, and
// names the first record where the chain breaks.
func Verify(ctx context.Context, dir string) (*VerifyReport, error) {
	segs, err := listSegments(dir)
	if err != nil {
		return nil, err
	}
	a, err := readAnchor(dir)
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Segments: len(segs), AnchorSeq: a.Seq}
	v := verifier{rep: rep, prev: a.Hash, prevprev: a.Hash, expect: a.Seq + 1}
	wk := &walker{ctx: ctx, dir: dir, segs: segs}
	wk.d.skimming = true
	defer wk.close()
	cur, ok := wk.next()
	for ok {
		nxt, more := wk.next()
		if cur.err != nil && cur.line == nil && cur.seg == "" {
			return nil, cur.err
		}
		if !v.step(&cur, &nxt, more) {
			return rep, nil
		}
		cur, ok = nxt, more
	}
	return rep, nil
}

// verifier is the state of one Verify walk.
type verifier struct {
	c              chainer
	rep            *VerifyReport
	prev, prevprev string // hashes of the last two accepted records
	prevSeg        string
	prevOff        int64
	expect         uint64
}

func (v *verifier) breach(kind string, seq uint64, l *rawLine, format string, args ...any) bool {
	v.rep.Breach = &Breach{Kind: kind, Seq: seq, Segment: l.seg, Offset: l.off, Message: fmt.Sprintf(format, args...)}
	return false
}

// step checks one line, with the following one for context. It returns
// false once a breach (or an unsupported record) ends the walk.
func (v *verifier) step(cur, nxt *rawLine, more bool) bool {
	if cur.line == nil && cur.err == nil { // end-of-segment marker
		return v.segmentEnd(cur)
	}
	if cur.err != nil {
		var ve *versionError
		if errors.As(cur.err, &ve) {
			v.rep.Unsupported = &UnsupportedError{Segment: cur.seg, Offset: cur.off, Seq: ve.seq, Version: ve.v}
			return false
		}
		return v.breach(BreachCorrupt, v.expect, cur, "corrupt line in %s at byte %d where seq %d was expected: %v",
			cur.seg, cur.off, v.expect, cur.err)
	}
	r := &cur.rec
	if v.rep.Records == 0 && r.Seq <= v.rep.AnchorSeq {
		return true // left behind by a prune that stopped half-way
	}
	body, h, canonical := splitHash(cur.line)
	nextIs := func(seq uint64) bool { return more && nxt.err == nil && nxt.line != nil && nxt.rec.Seq == seq }
	switch {
	case r.Seq == v.expect:
		if canonical && v.links(v.prev, body, h) {
			v.accept(cur, h)
			return true
		}
		if nextIs(v.expect) && v.chainLinks(v.prev, nxt) {
			return v.breach(BreachInserted, r.Seq, cur,
				"a record that was never appended is inserted before seq %d (%s byte %d)", r.Seq, cur.seg, cur.off)
		}
		return v.breach(BreachEdited, r.Seq, cur,
			"seq %d (%s byte %d) was edited: its bytes do not match its hash chain", r.Seq, cur.seg, cur.off)
	case r.Seq > v.expect:
		if nextIs(v.expect) {
			if r.Seq == v.expect+1 {
				return v.breach(BreachReordered, v.expect, cur,
					"seq %d appears after seq %d (%s byte %d): records were reordered", v.expect, r.Seq, cur.seg, cur.off)
			}
			return v.breach(BreachInserted, r.Seq, cur,
				"a record claiming seq %d is inserted before seq %d (%s byte %d)", r.Seq, v.expect, cur.seg, cur.off)
		}
		if r.Seq == v.expect+1 {
			return v.breach(BreachMissing, v.expect, cur, "seq %d is missing: seq %d follows seq %d (%s byte %d)",
				v.expect, r.Seq, v.expect-1, cur.seg, cur.off)
		}
		return v.breach(BreachMissing, v.expect, cur, "seqs %d..%d are missing: seq %d follows seq %d (%s byte %d)",
			v.expect, r.Seq-1, r.Seq, v.expect-1, cur.seg, cur.off)
	default: // r.Seq < v.expect: a seq seen again
		if r.Seq == v.expect-1 && canonical && v.links(v.prevprev, body, h) {
			l := rawLine{seg: v.prevSeg, off: v.prevOff}
			return v.breach(BreachInserted, r.Seq, &l,
				"a record that was never appended is inserted as seq %d (%s byte %d); the original follows it",
				r.Seq, v.prevSeg, v.prevOff)
		}
		if r.Seq == v.expect-1 {
			return v.breach(BreachInserted, r.Seq, cur, "seq %d appears twice (second at %s byte %d): a record was inserted",
				r.Seq, cur.seg, cur.off)
		}
		return v.breach(BreachReordered, r.Seq, cur, "seq %d appears after seq %d (%s byte %d): records were reordered",
			r.Seq, v.expect-1, cur.seg, cur.off)
	}
}

// links reports whether hash h is the chain hash of body after prev.
func (v *verifier) links(prev string, body []byte, h []byte) bool {
	sum := v.c.sum(prev, body)
	return string(sum[:]) == string(h)
}

// chainLinks reports whether l is a canonical record whose hash links to prev.
func (v *verifier) chainLinks(prev string, l *rawLine) bool {
	body, h, ok := splitHash(l.line)
	return ok && v.links(prev, body, h)
}

func (v *verifier) accept(l *rawLine, h []byte) {
	if v.rep.Records == 0 {
		v.rep.FirstSeq = l.rec.Seq
	}
	v.rep.Records++
	v.rep.LastSeq = l.rec.Seq
	v.prevprev, v.prev = v.prev, string(h)
	v.prevSeg, v.prevOff = l.seg, l.off
	v.expect++
}

// segmentEnd checks a segment's end: a sealed one must end where its index
// says, with no partial line; the newest may end in a torn write.
func (v *verifier) segmentEnd(l *rawLine) bool {
	if !l.end {
		v.rep.TornBytes = l.torn
		return true
	}
	if l.torn > 0 {
		return v.breach(BreachCorrupt, v.expect, l, "sealed segment %s ends with %d bytes of partial line", l.seg, l.torn)
	}
	if x := l.idx; x != nil && (x.LastSeq != v.expect-1 || x.LastHash != v.prev) {
		return v.breach(BreachTruncated, v.expect, l,
			"sealed segment %s ends at seq %d but was sealed at seq %d: records at its end were removed",
			l.seg, v.expect-1, x.LastSeq)
	}
	return true
}

// walker steps through every line of segs, each segment followed by an
// end marker (a rawLine with neither line nor err). An error with no segment
// ends the walk. Lines are copied into a ring of three buffers, so a line
// stays valid while the next two are read.
type walker struct {
	ctx  context.Context
	dir  string
	segs []segment
	i    int
	f    *os.File
	lr   *lineReader
	d    decoder
	ring [3][]byte
	k    int
	n    int
	done bool
}

func (w *walker) close() {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}

func (w *walker) next() (rawLine, bool) {
	if w.done {
		return rawLine{}, false
	}
	if w.f == nil {
		if w.i >= len(w.segs) {
			w.done = true
			return rawLine{}, false
		}
		f, err := os.Open(filepath.Join(w.dir, w.segs[w.i].name))
		if err != nil {
			w.done = true
			return rawLine{err: fmt.Errorf("open segment %s: %w", w.segs[w.i].name, err)}, true
		}
		if w.lr == nil {
			w.lr = newLineReader(f, 0)
		} else {
			*w.lr = lineReader{f: f, buf: w.lr.buf[:0]}
		}
		w.f = f
	}
	seg := w.segs[w.i]
	line, off, err := w.lr.next()
	if err == io.EOF {
		sealed := w.i < len(w.segs)-1
		end := rawLine{seg: seg.name, off: w.lr.off, end: sealed, torn: w.lr.torn()}
		if sealed {
			end.idx = rawIndex(w.dir, seg)
		}
		w.close()
		w.i++
		return end, true
	}
	if w.n++; w.n&4095 == 0 && w.ctx.Err() != nil {
		w.done = true
		return rawLine{err: w.ctx.Err()}, true
	}
	l := rawLine{seg: seg.name, off: off}
	switch {
	case err == errLineTooLong:
		l.err, l.line = err, []byte{}
	case err != nil:
		w.done = true
		return rawLine{err: fmt.Errorf("read %s: %w", seg.name, err)}, true
	default:
		w.k = (w.k + 1) % len(w.ring)
		w.ring[w.k] = append(w.ring[w.k][:0], line...)
		l.line = w.ring[w.k]
		l.err = w.d.decode(l.line, &l.rec)
	}
	return l, true
}

// rawIndex reads a sealed segment's index whatever the segment's size now.
func rawIndex(dir string, seg segment) *segIndex {
	b, err := os.ReadFile(filepath.Join(dir, indexName(seg.name)))
	if err != nil {
		return nil
	}
	var x segIndex
	if json.Unmarshal(b, &x) != nil || x.V != 1 || x.FirstSeq != seg.first {
		return nil
	}
	return &x
}
