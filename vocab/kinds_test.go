package vocab

import (
	"testing"

	"github.com/dos-go/dos/journal"
)

// TestKinds_MatchTheJournals keeps the vocabulary's kinds and the ones the
// journal accepts the same strings (the journal imports nothing of ours).
func TestKinds_MatchTheJournals(t *testing.T) {
	pairs := [][2]string{
		{KindVerdict, journal.KindVerdict}, {KindLease, journal.KindLease}, {KindIntent, journal.KindIntent},
		{KindRun, journal.KindRun}, {KindNotify, journal.KindNotify}, {KindJournal, journal.KindJournal},
		{KindHook, journal.KindHook},
	}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("vocab kind %q != journal kind %q", p[0], p[1])
		}
	}
}
