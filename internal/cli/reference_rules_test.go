package cli

import (
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// TestReferenceRules_FlagsAsTheReferenceTakesThem runs the §F rows that
// turn on how flags are read (kernel-ext.md): each was exit 2 or another
// verdict on main.
func TestReferenceRules_FlagsAsTheReferenceTakesThem(t *testing.T) {
	cases := []struct {
		args    []string
		code    int
		verdict string
		reason  string
	}{
		{[]string{"productivity", "--deltas="}, 0, "PRODUCTIVE", vocab.ReasonTooFewSteps},
		{[]string{"productivity"}, 0, "PRODUCTIVE", vocab.ReasonTooFewSteps},
		{[]string{"productivity", "--deltas=0", "--min-steps", "0"}, 4, "STALLED", vocab.ReasonLastZero},
		{[]string{"productivity", "--deltas=100", "--min-steps", "0"}, 0, "PRODUCTIVE", vocab.ReasonWorking},
		{[]string{"productivity", "--deltas=100,100", "--min-steps", "0"}, 3, "DIMINISHING", vocab.ReasonBelowFloor},
		{[]string{"efficiency", "--work", "0", "--tokens", "0", "--min-tokens", "0"}, 0, "EFFICIENT", vocab.ReasonNoTokens},
		{[]string{"efficiency", "--work", "1", "--tokens", "5000"}, 0, "EFFICIENT", vocab.ReasonEfficient},
		{[]string{"efficiency", "--work", "1", "--tokens", "5000", "--floor", "0.001"}, 3, "COSTLY", vocab.ReasonBelowFloor},
		{[]string{"reward", "--claim", "--witness", "refute", "--forgeable"}, 4, "ABSTAIN", vocab.ReasonForgeable},
		{[]string{"reward", "--witness", "confirm"}, 0, "ACCEPT", vocab.ReasonWitnessed},
		{[]string{"reward"}, 4, "ABSTAIN", vocab.ReasonNoWitness},
		{[]string{"improve", "--suite-passed", "--truth-clean", "--work", "5", "--baseline-work", "3", "--tokens", "5000"}, 0, "KEEP", vocab.ReasonImproved},
		{[]string{"improve", "--suite-passed", "--truth-clean", "--work", "2", "--baseline-work", "1", "--tokens", "1000000"}, 0, "KEEP", vocab.ReasonImproved},
		{[]string{"improve", "--suite-passed", "--truth-clean", "--work", "5", "--baseline-work", "3", "--tokens", "5000", "--efficiency-floor", "0.001"}, 3, "REVERT", vocab.ReasonSpendCostly},
	}
	for _, c := range cases {
		w := newKWorld(t)
		res, rec := w.one(t, c.args...)
		if res.code != c.code || rec.Verdict != c.verdict || rec.Detail.Map()["reason"] != c.reason {
			t.Errorf("dos %s → exit %d %s (%v), want %d %s (%s); stderr %q", strings.Join(c.args, " "), res.code, rec.Verdict, rec.Detail.Map()["reason"], c.code, c.verdict, c.reason, res.stderr)
		}
	}
	w := newKWorld(t)
	if r := dos(t, w.env, "reward", "--claim", "--no-claim"); r.code != 2 || !strings.Contains(r.stderr, "at most one of --claim / --no-claim") {
		t.Errorf("--claim --no-claim: exit %d stderr %q", r.code, r.stderr)
	}
}

// TestExecCapability_UnparsableFailsClosed: a line that does not parse is
// a GRANTS verdict, journaled with the reason unparsable, never BOUNDED.
func TestExecCapability_UnparsableFailsClosed(t *testing.T) {
	w := newKWorld(t)
	res, rec := w.one(t, "exec-capability", "--command", "echo 'unbalanced")
	if res.code != 3 || rec.Verdict != vocab.VerdictGrantsExec || rec.Detail.Map()["reason"] != vocab.ReasonUnparsable {
		t.Fatalf("exit %d record %+v", res.code, rec)
	}
}
