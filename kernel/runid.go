package kernel

import (
	"io"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Run-id formats `dos run-id mint --format` takes.
const (
	FormatULID = "ulid" // dos's own: 26 characters, sortable, the OTLP trace id
	FormatRID  = "rid"  // the reference's RID-…, for hosts that parse it
)

// Lineage is `dos run-id mint PROCESS`: a fresh run id with the process it
// names and its place in a tree of runs (the reference's shape).
type Lineage struct {
	ParentID  *string `json:"parent_id"`
	ProcessID string  `json:"process_id"`
	RootID    string  `json:"root_id"`
	RunID     string  `json:"run_id"`
	TSMillis  int64   `json:"ts_ms"`
}

// MintRequest asks for a run id in Format for Process, under Parent and
// Root (both optional run ids).
type MintRequest struct {
	Process, Parent, Root, Format string
}

// MintLineage mints a run id for req at t. process_id is "PROC-" and the
// process name (unless it already starts so); root_id is --root, else the
// new id itself (a parent alone does not pass its root on, as in the
// reference). Nothing is recorded: `dos run start` is the verb that does.
func MintLineage(t time.Time, entropy io.Reader, req MintRequest) (Lineage, error) {
	if strings.TrimSpace(req.Process) == "" {
		return Lineage{}, vocab.Usagef("run-id mint: PROCESS must not be empty (e.g. `dos run-id mint worker`)")
	}
	for _, f := range []struct{ name, v string }{{"--parent", req.Parent}, {"--root", req.Root}} {
		if f.v != "" && !journal.ValidRunID(f.v) {
			return Lineage{}, vocab.Usagef("%s %q is not a run id (a ULID or RID-…)", f.name, f.v)
		}
	}
	id, err := MintFormat(t, entropy, req.Format)
	if err != nil {
		return Lineage{}, err
	}
	l := Lineage{ProcessID: req.Process, RootID: req.Root, RunID: id, TSMillis: t.UnixMilli()}
	if !strings.HasPrefix(l.ProcessID, "PROC-") {
		l.ProcessID = "PROC-" + l.ProcessID
	}
	if req.Parent != "" {
		p := req.Parent
		l.ParentID = &p
	}
	if l.RootID == "" {
		l.RootID = id
	}
	return l, nil
}

// MintFormat mints one run id in format (ulid, the default, or rid).
func MintFormat(t time.Time, entropy io.Reader, format string) (string, error) {
	switch format {
	case "", FormatULID:
		return MintRunID(t, entropy)
	case FormatRID:
		return MintRID(t, entropy)
	}
	return "", vocab.Usagef("--format %q: must be ulid or rid", format)
}
