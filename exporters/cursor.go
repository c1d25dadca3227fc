package exporters

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/dos-go/dos/journal"
)

// CursorVersion is the cursor file format version this build writes.
const CursorVersion = 1

// Cursor is the saved position of one export destination.
type Cursor struct {
	V           int       `json:"v"`
	Name        string    `json:"name"`
	Seq         uint64    `json:"seq"`
	ID          string    `json:"id"`
	Hash        string    `json:"hash"`
	TS          time.Time `json:"ts"`
	Destination string    `json:"destination"`
	UpdatedAt   time.Time `json:"updated_at"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	Exported    uint64    `json:"exported"`
	Filter      *Filter   `json:"filter,omitempty"`
}

// at moves c to r.
func (c *Cursor) at(r *journal.Record) {
	c.Seq, c.ID, c.Hash, c.TS = r.Seq, r.ID, r.Hash, r.TS
}

// cursorNameOK matches ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ without a regexp,
// whose package-level compilation would run on every dos invocation.
func cursorNameOK(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// ValidCursorName checks a cursor name: letters, digits, '.', '_' and '-',
// at most 64, not starting with a dot (it becomes a file name).
func ValidCursorName(name string) error {
	if !cursorNameOK(name) {
		return configErrorf("--cursor %q: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// CursorPath is where the named cursor of the journal at dir lives.
func CursorPath(dir, name string) string {
	return journal.CursorFile(dir, name)
}

// LoadCursor reads the named cursor; ok is false when there is none. A file
// that is not a valid cursor is a *ConfigError naming it.
func LoadCursor(dir, name string) (c Cursor, ok bool, err error) {
	p := CursorPath(dir, name)
	b, err := journal.ReadCursorFile(dir, name)
	if errors.Is(err, journal.ErrSymlink) {
		return Cursor{}, false, &ConfigError{err}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return Cursor{}, false, nil
	}
	if err != nil {
		return Cursor{}, false, fmt.Errorf("read cursor: %w", err)
	}
	c, err = ParseCursor(b)
	if err != nil {
		return Cursor{}, false, configErrorf("cursor file %s is not a valid cursor (%v); delete it or rerun with --reset", p, err)
	}
	return c, true, nil
}

// ParseCursor decodes and checks a cursor file's bytes.
func ParseCursor(b []byte) (Cursor, error) {
	var c Cursor
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&c); err != nil {
		return Cursor{}, fmt.Errorf("not JSON: %v", err)
	}
	switch {
	case c.V != CursorVersion:
		return Cursor{}, fmt.Errorf("version %d, this build reads %d", c.V, CursorVersion)
	case c.Seq == 0 && c.ID == "" && c.Hash == journal.GenesisHash && c.Destination != "":
		return c, nil // recorded before the first delivery: nothing acknowledged yet
	case c.Seq == 0:
		return Cursor{}, errors.New("seq is missing or 0")
	case !journal.ValidRunID(c.ID):
		return Cursor{}, fmt.Errorf("id %q is not a ULID", c.ID)
	case c.Hash != "" && len(c.Hash) != 64: // "": a cursor from before hashes were checked; the next save adds it
		return Cursor{}, errors.New("hash is not 64 hex characters")
	case c.Destination == "":
		return Cursor{}, errors.New("destination is empty")
	}
	return c, nil
}

// SaveCursor writes c atomically (journal.WriteCursorFile: a temp file,
// fsync, rename over the old one, fsync of the directory). A crash leaves
// either the old or the new cursor, never a mix.
func SaveCursor(dir string, c Cursor) error {
	c.V = CursorVersion
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	if err := journal.WriteCursorFile(dir, c.Name, append(b, '\n')); err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	return nil
}

// CursorNames lists the cursors of the journal at dir, sorted.
func CursorNames(dir string) ([]string, error) { return journal.CursorNames(dir) }

// MismatchError means the journal no longer holds what the cursor points
// at: it was replaced, truncated or pruned past the cursor. The export is
// refused until --reset.
type MismatchError struct {
	Cursor string
	Seq    uint64
	Reason string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("cursor %s (seq %d) does not match this journal: %s; check the journal, then rerun with --reset to export from --since (default: the first record)",
		e.Cursor, e.Seq, e.Reason)
}

// DestinationError means the cursor was saved for another destination.
type DestinationError struct {
	Cursor, Saved, Now string
}

func (e *DestinationError) Error() string {
	return fmt.Sprintf("cursor %s belongs to %s, not %s: name another cursor with --cursor, or move this one with --reset",
		e.Cursor, e.Saved, e.Now)
}
