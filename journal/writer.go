package journal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ErrClosed is returned by appends to a closed Writer.
var ErrClosed = errors.New("journal writer is closed")

// Options tune a Writer. The zero value is the production default.
type Options struct {
	// SegmentSize seals a segment before a record would take it past this
	// many bytes (a record larger than the limit gets a segment of its own).
	// Default 64 MiB.
	SegmentSize int64
	// IndexEvery is the byte distance between sparse index entries. Default 64 KiB.
	IndexEvery int64
	// Now is the clock stamped into ts and ids. Default time.Now.
	Now func() time.Time
	// Entropy feeds the random part of ids. Default crypto/rand.
	Entropy io.Reader
	// Key turns on keyed mode: every commit (and every seal inside one)
	// first writes an HMAC-SHA256 checkpoint under it (see checkpoint.go).
	// Nil: no checkpoints, and appends cost nothing more.
	Key []byte
}

func (o Options) withDefaults() Options {
	if o.SegmentSize <= 0 {
		o.SegmentSize = defaultSize
	}
	if o.IndexEvery <= 0 {
		o.IndexEvery = defaultIndexEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Writer appends records to a journal directory. Appends from many
// goroutines are group-committed: whichever goroutine finds no commit in
// progress leads, writes every queued record with one write and one
// fdatasync under the directory lock, and hands the lead to the next queued
// caller. Every append returns only after its bytes are durable, or with
// its own context's error when that ends first: a caller may give up while
// it is queued or while its batch waits for the directory lock (it is then
// left out of the batch), never once its batch is being written. One
// caller giving up never fails another; a batch stops waiting for the lock
// only when every caller in it has given up.
type Writer struct {
	dir  string
	opts Options

	// mu guards queue, committing, closed and lastBatch. It is held only to enqueue or
	// to take a batch, never across I/O.
	mu         sync.Mutex
	queue      []*pending
	committing bool
	closed     bool
	lastBatch  int // callers in the previous batch

	// The fields below are owned by the one goroutine committing a batch
	// (the committing flag admits one at a time), so they need no lock.
	// They describe the disk as of that goroutine's last commit; another
	// process may have appended since, which syncTail detects in O(1).
	lk     *dirLock
	active *os.File
	seg    segment   // the active segment
	size   int64     // bytes of active holding complete, durable lines
	tail   tailState // the last record on disk
	known  bool      // seg, size and tail are trustworthy
	ids    *idMinter
	buf    []byte
	body   []byte
	// Keyed mode only, owned like the fields above: the checkpoint file,
	// whether it holds a checkpoint yet, and the first seq staged since
	// the last checkpoint.
	cpFile *os.File
	cpAny  bool
	cpFrom uint64
}

// NewWriter returns a Writer for dir. Nothing touches the disk until the
// first append, which creates the directory if it is missing.
func NewWriter(dir string, opts Options) *Writer {
	o := opts.withDefaults()
	return &Writer{dir: dir, opts: o, ids: newIDMinter(o.Entropy)}
}

// Dir is the journal directory.
func (w *Writer) Dir() string { return w.dir }

// Append durably appends one record and returns it with v, seq, id, ts and
// hash filled in.
func (w *Writer) Append(ctx context.Context, r Record) (Record, error) {
	out, err := w.AppendBatch(ctx, []Record{r})
	if err != nil {
		return Record{}, err
	}
	return out[0], nil
}

// AppendBatch durably appends records with consecutive seqs, in one write
// and one fdatasync, and returns them filled in. Nothing is written when any
// record is invalid.
func (w *Writer) AppendBatch(ctx context.Context, recs []Record) ([]Record, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	own := make([]Record, len(recs))
	copy(own, recs)
	for i := range own {
		if err := checkRecord(&own[i]); err != nil {
			return nil, err
		}
	}
	p := &pending{recs: own, ctx: ctx, done: make(chan struct{}), lead: make(chan struct{})}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil, ErrClosed
	}
	w.queue = append(w.queue, p)
	if w.committing {
		w.mu.Unlock()
		select {
		case <-p.done:
			return p.recs, p.err
		case <-p.lead:
		case <-ctx.Done():
			if w.abandon(p) {
				return nil, ctx.Err()
			}
			select { // too late to leave: it is being written, or must lead
			case <-p.done:
				return p.recs, p.err
			case <-p.lead:
			}
		}
	} else {
		w.committing = true
		w.mu.Unlock()
	}
	w.lead()
	<-p.done
	return p.recs, p.err
}

// Close releases the writer's files once no commit is running.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if !w.committing {
		return w.closeFiles()
	}
	return nil
}

func (w *Writer) closeFiles() error {
	var err error
	if w.active != nil {
		err = w.active.Close()
		w.active = nil
	}
	if w.cpFile != nil {
		w.cpFile.Close()
		w.cpFile = nil
	}
	if w.lk != nil {
		if cerr := w.lk.close(); err == nil {
			err = cerr
		}
		w.lk = nil
	}
	return err
}

// checkRecord validates r and makes sure its line fits in MaxLineBytes
// whatever seq, id and ts it is given.
func checkRecord(r *Record) error {
	if err := validate(r); err != nil {
		return err
	}
	probe := *r
	probe.V, probe.Seq, probe.ID = Version, math.MaxUint64, strings.Repeat("0", 26)
	if n := len(appendBody(nil, &probe)) + hashSuffixLen + 1; n > MaxLineBytes {
		return &ValidationError{"record", fmt.Sprintf("encodes to %d bytes, over the %d-byte line limit", n, MaxLineBytes)}
	}
	return nil
}

// commit writes batch under the directory lock and waits for it to be durable.
func (w *Writer) commit(ctx context.Context, batch []*pending) (err error) {
	if err := w.open(); err != nil {
		return err
	}
	if err := w.lk.lock(ctx); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			w.known = false
		}
		if uerr := w.lk.unlock(); err == nil && uerr != nil {
			err = fmt.Errorf("unlock journal: %w", uerr)
		}
	}()
	if w.startWriting(batch) == 0 {
		return nil
	}
	if err := w.syncTail(); err != nil {
		return err
	}
	w.buf = w.buf[:0]
	w.cpFrom = w.tail.seq + 1
	for _, p := range batch {
		if p.gaveUp {
			continue
		}
		for i := range p.recs {
			if err := w.stage(&p.recs[i]); err != nil {
				return err
			}
		}
	}
	if err := w.appendCheckpoint(); err != nil { // write-ahead: before the records
		return err
	}
	return w.flush()
}

// open creates the directory and the lock file on first use.
func (w *Writer) open() error {
	if w.lk != nil {
		return nil
	}
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return fmt.Errorf("create journal directory: %w", err)
	}
	lk, err := openLock(w.dir)
	if err != nil {
		return fmt.Errorf("open journal lock: %w", err)
	}
	w.lk = lk
	return nil
}

// stage assigns r its seq, time, id and hash and adds its line to the
// buffer, sealing the active segment first when the line would overflow it.
func (w *Writer) stage(r *Record) error {
	ts := w.opts.Now().UTC()
	if ts.Before(w.tail.ts) {
		ts = w.tail.ts // keep ts non-decreasing in seq order
	}
	id, err := w.ids.mint(ts)
	if err != nil {
		return fmt.Errorf("mint record id: %w", err)
	}
	r.V, r.Seq, r.TS, r.ID = Version, w.tail.seq+1, ts, id
	w.body = appendBody(w.body[:0], r)
	r.Hash = chainHash(w.tail.hash, w.body)
	n := int64(len(w.body) + hashSuffixLen + 1)
	if used := w.size + int64(len(w.buf)); used > 0 && used+n > w.opts.SegmentSize {
		if err := w.appendCheckpoint(); err != nil {
			return err
		}
		if err := w.flush(); err != nil {
			return err
		}
		if err := w.seal(); err != nil {
			return err
		}
	}
	w.buf = appendLine(w.buf, w.body, r.Hash)
	w.tail = tailState{seq: r.Seq, hash: r.Hash, ts: ts}
	return nil
}

// flush writes the staged lines and waits for them to be durable.
func (w *Writer) flush() error {
	if err := w.write(); err != nil {
		return err
	}
	if err := syncData(w.active); err != nil {
		return fmt.Errorf("sync %s: %w", w.seg.name, err)
	}
	return nil
}

// write writes the staged lines. On a failed write it cuts the segment back
// so no partial line is left behind.
func (w *Writer) write() error {
	if len(w.buf) == 0 {
		return nil
	}
	if _, err := w.active.Write(w.buf); err != nil {
		w.active.Truncate(w.size)
		return fmt.Errorf("append to %s: %w", w.seg.name, err)
	}
	w.size += int64(len(w.buf))
	w.buf = w.buf[:0]
	return nil
}

// seal indexes the active segment and starts the next one.
func (w *Writer) seal() error {
	x, err := buildIndex(w.active, w.seg.name, w.size, w.opts.IndexEvery)
	if err != nil {
		return err
	}
	b, err := jsonMarshal(x)
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(w.dir, indexName(w.seg.name), b); err != nil {
		return fmt.Errorf("write index of %s: %w", w.seg.name, err)
	}
	return w.startSegment(w.tail.seq + 1)
}

// startSegment creates the segment whose first record will be first and
// makes it active.
func (w *Writer) startSegment(first uint64) error {
	name := segmentName(first)
	f, err := os.OpenFile(filepath.Join(w.dir, name), os.O_CREATE|os.O_EXCL|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("create segment: %w", err)
	}
	if err := syncDir(w.dir); err != nil {
		f.Close()
		return fmt.Errorf("sync journal directory: %w", err)
	}
	if w.active != nil {
		w.active.Close()
	}
	w.active, w.seg, w.size = f, segment{first: first, name: name}, 0
	return nil
}

// syncTail makes sure seg, size and tail describe the disk. The fast path
// costs an fstat and a stat: unchanged size means no other process
// appended, and an absent next segment means none sealed ours.
func (w *Writer) syncTail() error {
	if w.known && w.active != nil {
		fi, err := w.active.Stat()
		if err == nil && fi.Size() == w.size {
			next := segmentName(w.tail.seq + 1)
			if next == w.seg.name {
				return nil
			}
			if _, err := os.Stat(filepath.Join(w.dir, next)); errors.Is(err, fs.ErrNotExist) {
				return nil
			}
		}
	}
	return w.loadTail()
}

// loadTail reads the tail state from the end of the newest segment,
// truncating a torn final line, and makes that segment active.
func (w *Writer) loadTail() error {
	w.known = false
	if err := w.loadCheckpoints(); err != nil {
		return err
	}
	segs, err := listSegments(w.dir)
	if err != nil {
		return err
	}
	if len(segs) == 0 {
		a, err := readAnchor(w.dir)
		if err != nil {
			return err
		}
		w.tail = tailState{seq: a.Seq, hash: a.Hash}
		if err := w.startSegment(a.Seq + 1); err != nil {
			return err
		}
		w.known = true
		return nil
	}
	newest := segs[len(segs)-1]
	if w.active == nil || w.seg.name != newest.name {
		f, err := os.OpenFile(filepath.Join(w.dir, newest.name), os.O_RDWR|os.O_APPEND, 0)
		if err != nil {
			return fmt.Errorf("open segment: %w", err)
		}
		if w.active != nil {
			w.active.Close()
		}
		w.active, w.seg = f, newest
	}
	fi, err := w.active.Stat()
	if err != nil {
		return err
	}
	end, err := validEnd(w.active, fi.Size())
	if err != nil {
		return fmt.Errorf("read tail of %s: %w", newest.name, err)
	}
	if end != fi.Size() {
		// A torn final line was never acknowledged: cut it away.
		if err := w.active.Truncate(end); err != nil {
			return fmt.Errorf("truncate torn tail of %s: %w", newest.name, err)
		}
		if err := syncData(w.active); err != nil {
			return fmt.Errorf("sync %s: %w", newest.name, err)
		}
	}
	t, ok, err := tailOf(w.active, newest.name, end)
	if err != nil {
		return fmt.Errorf("journal tail unreadable, refusing to append (`dos journal repair` moves a corrupt tail aside): %w", err)
	}
	if !ok {
		if t, err = w.prevTail(segs); err != nil {
			return err
		}
	}
	w.tail, w.size, w.known = t, end, true
	return nil
}

// prevTail is the tail state before the newest, empty segment.
func (w *Writer) prevTail(segs []segment) (tailState, error) {
	newest := segs[len(segs)-1]
	want := newest.first - 1
	if len(segs) == 1 {
		a, err := readAnchor(w.dir)
		if err != nil {
			return tailState{}, err
		}
		if a.Seq != want {
			return tailState{}, fmt.Errorf("segment %s starts at seq %d but nothing before it is known (anchor at %d)", newest.name, newest.first, a.Seq)
		}
		return tailState{seq: a.Seq, hash: a.Hash}, nil
	}
	prev := segs[len(segs)-2]
	f, err := os.Open(filepath.Join(w.dir, prev.name))
	if err != nil {
		return tailState{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return tailState{}, err
	}
	t, ok, err := tailOf(f, prev.name, fi.Size())
	if err != nil {
		return tailState{}, err
	}
	if !ok || t.seq != want {
		return tailState{}, fmt.Errorf("segment %s does not end at seq %d", prev.name, want)
	}
	return t, nil
}
