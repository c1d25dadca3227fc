package exporters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"unicode/utf8"

	"github.com/dos-go/dos/journal"
)

// FileLines maps records to the file driver's wire format: each record's
// journal line (hash included, so a copy can be verified), '\n'-terminated.
func FileLines(b []byte, recs []*journal.Record) []byte {
	for _, r := range recs {
		b = r.AppendLine(b)
	}
	return b
}

// fileExporter appends JSONL to a file (or stdout) and fsyncs before it
// acknowledges.
type fileExporter struct {
	path   string // absolute, or "-"
	stdout io.Writer
	f      *os.File
	buf    []byte
	half   []byte // the second half of a large batch, encoded beside buf
}

func newFile(s Settings) (Exporter, error) {
	if s.Path == "" {
		return nil, configErrorf("--to file needs --path FILE (or --path - for stdout)")
	}
	if !utf8.ValidString(s.Path) {
		// the cursor stores the destination as JSON, which cannot hold
		// these bytes: it would never match again
		return nil, configErrorf("--path %q is not valid UTF-8: rename the file or pick another path", s.Path)
	}
	e := &fileExporter{path: s.Path, stdout: s.Stdout}
	if s.Path != "-" {
		abs, err := filepath.Abs(s.Path)
		if err != nil {
			return nil, configErrorf("--path %q: %v", s.Path, err)
		}
		if fi, err := os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
			return nil, configErrorf("--path %s is not a regular file", abs)
		}
		e.path = abs
	} else if e.stdout == nil {
		e.stdout = os.Stdout
	}
	return e, nil
}

func (e *fileExporter) Destination() string { return "file " + e.path }
func (e *fileExporter) Acknowledged() bool  { return true }

func (e *fileExporter) Render(w io.Writer, b Batch) error {
	_, err := w.Write(FileLines(nil, b.Records))
	return err
}

// Export appends the batch in one write and fsyncs. A failed write is cut
// back to where it began, so the file never holds half a line.
func (e *fileExporter) Export(_ context.Context, b Batch) (int, error) {
	e.encode(b.Records)
	if e.path == "-" {
		if _, err := e.stdout.Write(e.buf); err != nil {
			return 0, &TransientError{Err: fmt.Errorf("write stdout: %w", err)}
		}
		if f, ok := e.stdout.(*os.File); ok {
			if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
				return 0, &TransientError{Err: fmt.Errorf("sync stdout: %w", err)}
			}
		}
		return len(b.Records), nil
	}
	if e.f == nil {
		f, err := os.OpenFile(e.path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
		if err != nil {
			return 0, fmt.Errorf("open %s: %w", e.path, err)
		}
		if err := cutTornLine(f); err != nil {
			f.Close()
			return 0, &TransientError{Err: fmt.Errorf("%s: %w", e.path, err)}
		}
		e.f = f
	}
	fi, err := e.f.Stat()
	if err != nil {
		return 0, &TransientError{Err: fmt.Errorf("stat %s: %w", e.path, err)}
	}
	if _, err := e.f.Write(e.buf); err != nil {
		e.f.Truncate(fi.Size())
		return 0, &TransientError{Err: fmt.Errorf("write %s: %w", e.path, err)}
	}
	if err := e.f.Sync(); err != nil {
		return 0, &TransientError{Err: fmt.Errorf("fsync %s: %w", e.path, err)}
	}
	return len(b.Records), nil
}

// cutTornLine truncates a final line without '\n': what a run killed in
// the middle of its write left. That batch was never acknowledged (the
// cursor did not move over it), so it is sent again whole.
func cutTornLine(f *os.File) error {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	buf := make([]byte, 64<<10)
	end := fi.Size()
	for end > 0 {
		n := int64(len(buf))
		if n > end {
			n = end
		}
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return fmt.Errorf("read the end: %w", err)
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = end - n + int64(i) + 1
			break
		}
		end -= n
	}
	if end == fi.Size() {
		return nil
	}
	if err := f.Truncate(end); err != nil {
		return fmt.Errorf("cut a torn last line: %w", err)
	}
	return f.Sync()
}

// encode fills e.buf with the batch's lines. Encoding costs more than
// writing, so a large batch is encoded in two halves at once.
func (e *fileExporter) encode(recs []*journal.Record) {
	if len(recs) < 1024 {
		e.buf = FileLines(e.buf[:0], recs)
		return
	}
	half := len(recs) / 2
	done := make(chan struct{})
	go func() {
		e.half = FileLines(e.half[:0], recs[half:])
		close(done)
	}()
	e.buf = FileLines(e.buf[:0], recs[:half])
	<-done
	e.buf = append(e.buf, e.half...)
}

func (e *fileExporter) Close() error {
	if e.f == nil {
		return nil
	}
	return e.f.Close()
}

// nullExporter acknowledges everything and sends nothing: for moving a
// cursor to the end, and for measuring the drain itself.
type nullExporter struct{}

func newNull(Settings) (Exporter, error) { return nullExporter{}, nil }

func (nullExporter) Destination() string                            { return "null" }
func (nullExporter) Acknowledged() bool                             { return true }
func (nullExporter) Export(_ context.Context, b Batch) (int, error) { return len(b.Records), nil }
func (nullExporter) Render(io.Writer, Batch) error                  { return nil }
func (nullExporter) Close() error                                   { return nil }
