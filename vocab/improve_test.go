package vocab

import (
	"testing"
)

func TestClassifyImprove_EveryRuleAndStreak(t *testing.T) {
	p := DefaultImprove() // max reverts 3
	p.Spend.Floor = 0.001 // from 1000 tokens
	good := ImproveEvidence{SuitePassed: true, TruthClean: true, Work: 120, BaselineWork: 100}
	with := func(f func(*ImproveEvidence)) ImproveEvidence { e := good; f(&e); return e }
	cases := []struct {
		name          string
		e             ImproveEvidence
		token, reason string
		streak        int
	}{
		{"green, clean, up: keep", good, VerdictKeep, ReasonImproved, 0},
		{"red suite reverts", with(func(e *ImproveEvidence) { e.SuitePassed = false }), VerdictRevert, ReasonSuiteRed, 1},
		{"dirty truth reverts", with(func(e *ImproveEvidence) { e.TruthClean = false }), VerdictRevert, ReasonTruthDirty, 1},
		{"red suite is named before dirty truth", with(func(e *ImproveEvidence) { e.SuitePassed, e.TruthClean = false, false }), VerdictRevert, ReasonSuiteRed, 1},
		{"flat reverts", with(func(e *ImproveEvidence) { e.Work = 100 }), VerdictRevert, ReasonNotImproved, 1},
		{"down reverts", with(func(e *ImproveEvidence) { e.Work = 90 }), VerdictRevert, ReasonNotImproved, 1},
		{"costly gain reverts", with(func(e *ImproveEvidence) { e.Tokens = 1_000_000 }), VerdictRevert, ReasonSpendCostly, 1},
		{"efficient gain keeps", with(func(e *ImproveEvidence) { e.Tokens = 20_000 }), VerdictKeep, ReasonImproved, 0},
		{"second revert in a row", with(func(e *ImproveEvidence) { e.Work, e.ConsecutiveReverts = 90, 1 }), VerdictRevert, ReasonNotImproved, 2},
		{"revert reaching max escalates", with(func(e *ImproveEvidence) { e.Work, e.ConsecutiveReverts = 90, 2 }), VerdictEscalate, ReasonNotImproved, 3},
		{"keep resets the streak", with(func(e *ImproveEvidence) { e.ConsecutiveReverts = 2 }), VerdictKeep, ReasonImproved, 0},
	}
	for _, c := range cases {
		v, streak := ClassifyImprove(c.e, p)
		if v.Token != c.token || v.Reason != c.reason || streak != c.streak {
			t.Errorf("%s: → %s/%s streak %d, want %s/%s streak %d", c.name, v.Token, v.Reason, streak, c.token, c.reason, c.streak)
		}
	}
	if (ImprovePolicy{MaxReverts: 0, Spend: DefaultEfficiency()}).Check(good) == nil {
		t.Error("max-reverts 0 accepted")
	}
	if p.Check(with(func(e *ImproveEvidence) { e.Tokens = -1 })) == nil {
		t.Error("negative tokens accepted")
	}
}
