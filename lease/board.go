package lease

import (
	"time"

	"github.com/dos-go/dos/vocab"
)

// LaneState is one lane on the lane board: every lane the taxonomy
// declares, FREE or HELD, plus any lane held without being declared.
type LaneState struct {
	Lane     string        `json:"lane"`
	Kind     string        `json:"kind"` // concurrent | exclusive | named
	Tree     []string      `json:"tree"`
	State    string        `json:"state"` // FREE | HELD
	Holder   *vocab.Holder `json:"holder,omitempty"`
	Expires  time.Time     `json:"expires,omitzero"`
	Declared bool          `json:"declared"` // in dos.toml (or the generic default)
}

// Board is the lane board: the declared lanes in name order, each FREE or
// HELD by its live lease, then the held lanes the taxonomy does not know.
func Board(lanes vocab.Lanes, live []vocab.HeldLease) []LaneState {
	held := map[string]vocab.HeldLease{}
	for _, l := range live {
		held[l.Lane] = l
	}
	out := []LaneState{}
	seen := map[string]bool{}
	for _, n := range lanes.Names() {
		seen[n] = true
		s := LaneState{Lane: n, Kind: lanes.KindOf(n), Tree: nonNil(lanes.Tree(n)), State: vocab.LaneFree, Declared: true}
		if l, ok := held[n]; ok {
			h := l.Holder
			s.State, s.Holder, s.Expires = vocab.LaneHeld, &h, l.ExpiresAt
		}
		out = append(out, s)
	}
	for _, l := range live {
		if seen[l.Lane] {
			continue
		}
		h := l.Holder
		out = append(out, LaneState{Lane: l.Lane, Kind: cmpOr(l.LaneKind, vocab.LaneNamed), Tree: nonNil(l.Tree), State: vocab.LaneHeld, Holder: &h, Expires: l.ExpiresAt})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string{}, s...)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
