package edge

import (
	"encoding/json"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/vocab"
)

// DefaultMaxMarkers is the wait-marker budget without --max-markers.
const DefaultMaxMarkers = 4

type markerLine struct {
	Op string    `json:"op"` // MARKER | RESET
	TS time.Time `json:"ts"`
}

// marker is the opt-in stop budget of a keep-alive polling loop: while
// budget remains it holds the turn open.
func (h *hook) marker() {
	if h.session == "" {
		return
	}
	dir, err := h.stateDir("markers")
	if err != nil {
		h.internal("markers", err)
		return
	}
	path := filepath.Join(dir, h.session+".jsonl")
	if h.Flags.Reset {
		b, _ := json.Marshal(markerLine{Op: "RESET", TS: h.now()})
		if err := appendLine(path, b); err != nil {
			h.internal("markers", err)
		}
		return
	}
	armed := !h.ev.StopHook && (h.Flags.Loop || h.Getenv("DOS_LOOP") != "" || h.Getenv("CID_RUN_ID") != "")
	if !armed {
		return
	}
	limit := h.Flags.MaxMarkers
	if limit <= 0 {
		limit = DefaultMaxMarkers
	}
	tail, partial, err := readTail(path, 1<<20)
	if err != nil {
		h.internal("markers", err)
		return
	}
	count := 0
	for _, ln := range lastLines(tail, partial, 1<<16) {
		var m markerLine
		if json.Unmarshal(ln, &m) != nil {
			continue
		}
		switch m.Op {
		case "RESET":
			count = 0
		case "MARKER":
			count++
		}
	}
	dec := hooks.DecideMarker(count, limit)
	if dec.Action == hooks.ActionBlock {
		b, _ := json.Marshal(markerLine{Op: "MARKER", TS: h.now()})
		if err := appendLine(path, b); err != nil {
			h.internal("markers", err)
			return
		}
		count++
	}
	h.emit(dec)
	h.record(vocab.SysHookMarker, dec, "", vocab.HookDetail{Count: count, Cap: limit})
}
