package journal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// Repair's vocabulary: the record it appends after cutting a tail.
const (
	SysRepair       = "journal.repair"
	VerdictRepaired = "REPAIRED"
	quarantineDir   = "quarantine"
)

// RepairOptions say how Repair runs.
type RepairOptions struct {
	// DryRun reports what would be moved aside and changes nothing.
	DryRun bool
	// Now stamps the quarantine file's name. Default time.Now.
	Now func() time.Time
	// Host and Source are set on the journal.repair record.
	Host, Source string
	// Key appends that record in keyed mode (Options.Key).
	Key []byte
}

// RepairResult says what Repair moved aside (or would, on a dry run).
type RepairResult struct {
	Segment string `json:"segment,omitempty"`
	// Offset is the first byte moved aside; the segment now ends there.
	Offset int64 `json:"offset"`
	// Lines is the number of complete lines that were not records.
	Lines int `json:"lines"`
	// TornBytes is the partial final line, which no writer acknowledged.
	TornBytes int64 `json:"torn_bytes"`
	// Bytes is everything moved aside: Lines plus TornBytes.
	Bytes int64 `json:"bytes"`
	// LastSeq is the last record kept: appends resume after it.
	LastSeq uint64 `json:"last_seq"`
	// Quarantine is where the bytes went, relative to the journal directory.
	Quarantine string `json:"quarantine,omitempty"`
	// Record is the journal.repair record appended afterwards (nil when
	// nothing was cut or on a dry run).
	Record *Record `json:"record,omitempty"`
	DryRun bool    `json:"dry_run"`
}

// Cut reports whether the journal's tail had anything to move aside.
func (r RepairResult) Cut() bool { return r.Bytes > 0 }

// ErrNotRepairable means the damage is not a corrupt tail Repair may cut.
var ErrNotRepairable = errors.New("not a corrupt tail")

// Repair moves a corrupt tail aside so writers can append again. The tail is
// the run of lines at the end of the newest segment that are not records (and
// any partial final line); it is copied, fsynced, to quarantine/ before the
// segment is truncated, then a journal.repair record saying what was cut is
// appended. Corruption followed by good records is never touched: cutting it
// would drop records, so verify reports it instead. Nothing is cut when the
// last line is a record, or a record from a newer dos.
func Repair(ctx context.Context, dir string, o RepairOptions) (RepairResult, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	res, err := cutTail(ctx, dir, o)
	if err != nil || !res.Cut() || o.DryRun {
		return res, err
	}
	detail, err := NewDetail(map[string]any{
		"offset": res.Offset, "lines": res.Lines, "torn_bytes": res.TornBytes,
		"bytes": res.Bytes, "last_seq": res.LastSeq, "quarantine": res.Quarantine,
	})
	if err != nil {
		return res, err
	}
	w := NewWriter(dir, Options{Key: o.Key})
	defer w.Close()
	rec, err := w.Append(ctx, Record{Kind: KindJournal, Syscall: SysRepair, Verdict: VerdictRepaired,
		Subject: res.Segment, Host: o.Host, Source: o.Source, Detail: detail})
	if err != nil {
		return res, fmt.Errorf("tail moved aside, but the journal.repair record was not appended: %w", err)
	}
	res.Record = &rec
	return res, nil
}

// cutTail does Repair's work under the writer lock.
func cutTail(ctx context.Context, dir string, o RepairOptions) (RepairResult, error) {
	res := RepairResult{DryRun: o.DryRun}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("%s: %w", dir, ErrNoJournal)
	}
	lk, err := openLock(dir)
	if err != nil {
		return res, err
	}
	defer lk.close()
	if err := lk.lock(ctx); err != nil {
		return res, err
	}
	defer lk.unlock()
	segs, err := listSegments(dir)
	if err != nil {
		return res, err
	}
	if len(segs) == 0 {
		return res, fmt.Errorf("%s: %w", dir, ErrNoJournal)
	}
	newest := segs[len(segs)-1]
	f, err := os.OpenFile(filepath.Join(dir, newest.name), os.O_RDWR, 0)
	if err != nil {
		return res, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return res, err
	}
	if fi.Size() == 0 && len(segs) > 1 {
		// The tail is the previous, sealed segment's: a writer that died
		// between sealing and its first write. Check it is intact.
		prev := segs[len(segs)-2]
		if _, err := lastInSegment(dir, prev); err != nil {
			return res, fmt.Errorf("%w: sealed segment %s ends badly (%v); restore it from a backup", ErrNotRepairable, prev.name, err)
		}
		res.Segment, res.LastSeq = newest.name, newest.first-1
		return res, nil
	}
	t, err := scanTail(f, fi.Size())
	if err != nil {
		return res, fmt.Errorf("read %s: %w", newest.name, err)
	}
	res.Segment, res.Offset, res.Lines, res.TornBytes = newest.name, t.cut, t.lines, t.torn
	res.Bytes, res.LastSeq = fi.Size()-t.cut, t.lastSeq
	if t.lastSeq == 0 {
		res.LastSeq = newest.first - 1
	}
	if !res.Cut() || o.DryRun {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	qdir := filepath.Join(dir, quarantineDir)
	if err := os.MkdirAll(qdir, 0o755); err != nil {
		return res, err
	}
	name := fmt.Sprintf("%s.%d.%s.bad", newest.name, t.cut, o.Now().UTC().Format("20060102T150405Z"))
	// The bytes are durable in quarantine/ before the segment loses them: a
	// crash in between leaves them in both places, and a rerun cuts again.
	if err := copyFileAtomic(qdir, name, io.NewSectionReader(f, t.cut, res.Bytes)); err != nil {
		return res, fmt.Errorf("quarantine the tail: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return res, err
	}
	res.Quarantine = filepath.Join(quarantineDir, name)
	if err := f.Truncate(t.cut); err != nil {
		return res, fmt.Errorf("truncate %s: %w", newest.name, err)
	}
	if err := unix.Fdatasync(int(f.Fd())); err != nil {
		return res, fmt.Errorf("sync %s: %w", newest.name, err)
	}
	return res, nil
}

// tailScan is where a segment's good records end.
type tailScan struct {
	cut     int64  // end of the last line that is a record (of any version)
	lines   int    // complete lines after cut
	torn    int64  // partial final line
	lastSeq uint64 // seq of the last record before cut, 0 if none
}

// scanSegmentTail is scanTail on the segment seg of dir.
func scanSegmentTail(dir string, seg segment) (tailScan, error) {
	f, err := os.Open(filepath.Join(dir, seg.name))
	if err != nil {
		return tailScan{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return tailScan{}, err
	}
	return scanTail(f, fi.Size())
}

// scanTail reads a segment of size bytes and finds the run of lines at its
// end that are not records. A record from a newer dos counts as a record.
func scanTail(f *os.File, size int64) (tailScan, error) {
	var t tailScan
	var d decoder
	var r Record
	lr := newLineReader(f, 0)
	for {
		line, off, err := lr.next()
		if err == io.EOF {
			t.torn = size - off
			return t, nil
		}
		if err != nil && err != errLineTooLong {
			return t, err
		}
		if err == nil {
			derr := d.decode(line, &r)
			if ve, ok := derr.(*versionError); ok {
				t.cut, t.lines, t.lastSeq = off+int64(len(line))+1, 0, ve.seq
				continue
			}
			if derr == nil {
				t.cut, t.lines, t.lastSeq = off+int64(len(line))+1, 0, r.Seq
				continue
			}
		}
		t.lines++
	}
}
