package journal

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// errLineTooLong marks a line longer than MaxLineBytes; the reader skips it.
var errLineTooLong = errors.New("line longer than 1 MiB")

// readChunk is how much a lineReader asks the file for at once.
const readChunk = 256 << 10

// lineReader yields the complete lines of a segment from a start offset with
// memory bounded by one maximal line plus one read chunk.
type lineReader struct {
	f          *os.File
	buf        []byte
	start, end int   // unread window buf[start:end]
	off        int64 // file offset of buf[start]
	eof        bool
	skipping   bool // discarding the rest of an over-long line
}

func newLineReader(f *os.File, off int64) *lineReader {
	return &lineReader{f: f, off: off, buf: make([]byte, 0, firstChunk)}
}

// firstChunk is a lineReader's first buffer: enough for short reads (a
// seek to the tail) without paying to zero a megabyte; it grows to
// MaxLineBytes+readChunk as a long scan or a long line needs.
const firstChunk = 32 << 10

// next returns the next complete line without its newline, and its offset.
// The line aliases the reader's buffer until the next call. At the end it
// returns io.EOF; torn() then tells how many bytes of partial line remain.
func (lr *lineReader) next() ([]byte, int64, error) {
	for {
		if i := bytes.IndexByte(lr.buf[lr.start:lr.end], '\n'); i >= 0 {
			line, off := lr.buf[lr.start:lr.start+i], lr.off
			lr.start += i + 1
			lr.off += int64(i + 1)
			if lr.skipping {
				lr.skipping = false
				continue
			}
			if i+1 > MaxLineBytes {
				return nil, off, errLineTooLong
			}
			return line, off, nil
		}
		if lr.eof {
			return nil, lr.off, io.EOF
		}
		if n := lr.end - lr.start; n >= MaxLineBytes {
			off := lr.off
			lr.off += int64(n)
			lr.start, lr.end = 0, 0
			if lr.skipping {
				continue
			}
			lr.skipping = true
			return nil, off, errLineTooLong
		}
		if err := lr.fill(); err != nil {
			return nil, lr.off, err
		}
	}
}

// fill compacts the window and reads more of the file.
func (lr *lineReader) fill() error {
	// Grow to readChunk as a scan goes on, and past it only for a long line.
	if c, window := cap(lr.buf), lr.end-lr.start; c < MaxLineBytes+readChunk && (c < readChunk || window > c/2) {
		nb := make([]byte, window, min(4*c, MaxLineBytes+readChunk))
		copy(nb, lr.buf[lr.start:lr.end])
		lr.buf, lr.start, lr.end = nb, 0, window
	}
	if lr.start > 0 {
		n := copy(lr.buf[:cap(lr.buf)], lr.buf[lr.start:lr.end])
		lr.start, lr.end = 0, n
	}
	lr.buf = lr.buf[:cap(lr.buf)]
	n, err := lr.f.ReadAt(lr.buf[lr.end:], lr.off+int64(lr.end))
	lr.end += n
	lr.buf = lr.buf[:lr.end]
	if err == io.EOF || (err == nil && n == 0) {
		lr.eof = true
		return nil
	}
	return err
}

// torn is the number of bytes after the last complete line, valid at io.EOF.
func (lr *lineReader) torn() int {
	if lr.skipping {
		return 0
	}
	return lr.end - lr.start
}
