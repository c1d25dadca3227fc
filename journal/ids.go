package journal

import (
	"crypto/rand"
	"io"
	"time"

	"github.com/oklog/ulid/v2"
)

// idMinter mints record ids that increase strictly within a process, even
// inside one millisecond. It is used only by the goroutine committing a
// batch, so it needs no lock.
type idMinter struct {
	entropy *ulid.MonotonicEntropy
}

func newIDMinter(src io.Reader) *idMinter {
	if src == nil {
		src = rand.Reader
	}
	return &idMinter{entropy: ulid.Monotonic(src, 0)}
}

// mint returns a ULID whose time part is ts truncated to the millisecond.
func (m *idMinter) mint(ts time.Time) (string, error) {
	id, err := ulid.New(ulid.Timestamp(ts), m.entropy)
	if err != nil {
		return "", err
	}
	return id.String(), nil
}
