package vocab

import (
	"strings"
	"testing"
)

func TestClassifyRewind_Rules(t *testing.T) {
	digests := []string{"aa", "bb", "cc", "dd"}
	cases := []struct {
		name    string
		fire    string
		cp      *Checkpoint
		token   string
		to      int
		dropped string
		why     string
	}{
		{"no signal", "", &Checkpoint{Turn: 1, Digest: "bb"}, VerdictNoRewind, -1, "", "(no signal)"},
		{"no checkpoint", "THRASHING", nil, VerdictUnanchored, -1, "", "convergence=THRASHING fired, but no conversation checkpoint"},
		{"turn past the end", "DIVERGED", &Checkpoint{Turn: 4, Digest: "ee"}, VerdictUnanchored, -1, "", "resume=DIVERGED"},
		{"digest differs", "STARVED", &Checkpoint{Turn: 1, Digest: "ba"}, VerdictUnanchored, -1, "", "digest differs"},
		{"anchored, case-insensitive digest", "STARVED", &Checkpoint{Turn: 1, Digest: "BB"}, VerdictRewind, 1, "2,3", "rewind to turn 1"},
		{"anchored at the last turn drops nothing", "STARVED", &Checkpoint{Turn: 3, Digest: "dd"}, VerdictRewind, 3, "", ""},
	}
	for _, c := range cases {
		v, d := ClassifyRewind(c.fire, c.cp, digests)
		var dropped []string
		for _, i := range d.DroppedTurns {
			dropped = append(dropped, string(rune('0'+i)))
		}
		if v.Token != c.token || d.RewindToTurn != c.to || strings.Join(dropped, ",") != c.dropped || !strings.Contains(v.Why, c.why) {
			t.Errorf("%s: %s to %d dropped %v %q", c.name, v.Token, d.RewindToTurn, d.DroppedTurns, v.Why)
		}
	}
}
