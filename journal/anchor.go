package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Anchor is where the hash chain resumes after a prune: the seq and hash of
// the last record pruned away. A journal never pruned has the zero anchor
// (seq 0, the genesis hash).
type Anchor struct {
	V        int       `json:"v"`
	Seq      uint64    `json:"seq"`
	Hash     string    `json:"hash"`
	PrunedAt time.Time `json:"pruned_at,omitzero"`
}

// readAnchor returns dir's anchor, or the genesis anchor when there is none.
func readAnchor(dir string) (Anchor, error) {
	b, err := os.ReadFile(filepath.Join(dir, anchorName))
	if errors.Is(err, fs.ErrNotExist) {
		return Anchor{V: 1, Hash: GenesisHash}, nil
	}
	if err != nil {
		return Anchor{}, fmt.Errorf("read %s: %w", anchorName, err)
	}
	var a Anchor
	if err := json.Unmarshal(b, &a); err != nil || len(a.Hash) != 64 {
		return Anchor{}, fmt.Errorf("%s is not a valid anchor; restore it from a backup", anchorName)
	}
	return a, nil
}

func writeAnchor(dir string, a Anchor) error {
	b, err := jsonMarshal(a)
	if err != nil {
		return err
	}
	return WriteFileAtomic(dir, anchorName, b)
}

// jsonMarshal encodes v with a trailing newline.
func jsonMarshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
