package vocab

import (
	"reflect"
	"testing"
)

func TestClassifyReward_EveryRule(t *testing.T) {
	cases := []struct {
		name          string
		e             RewardEvidence
		token, reason string
	}{
		{"no claim", RewardEvidence{Confirm: true}, VerdictNoClaim, ReasonNoClaim},
		{"no claim even when refuted", RewardEvidence{Refute: true}, VerdictNoClaim, ReasonNoClaim},
		{"confirmed by an unforgeable witness", RewardEvidence{Claim: true, Confirm: true}, VerdictAccept, ReasonWitnessed},
		{"confirmed by a forgeable witness abstains", RewardEvidence{Claim: true, Confirm: true, Forgeable: true}, VerdictAbstain, ReasonForgeable},
		{"refuted", RewardEvidence{Claim: true, Refute: true}, VerdictRejectPoison, ReasonRefuted},
		{"refuted by a forgeable witness is still poison", RewardEvidence{Claim: true, Refute: true, Forgeable: true}, VerdictRejectPoison, ReasonRefuted},
		{"confirm and refute is poison", RewardEvidence{Claim: true, Confirm: true, Refute: true}, VerdictRejectPoison, ReasonContested},
		{"no witness abstains", RewardEvidence{Claim: true}, VerdictAbstain, ReasonNoWitness},
	}
	for _, c := range cases {
		if v := ClassifyReward(c.e); v.Token != c.token || v.Reason != c.reason {
			t.Errorf("%s: → %s/%s, want %s/%s", c.name, v.Token, v.Reason, c.token, c.reason)
		}
	}
}

func TestParseWitness(t *testing.T) {
	cases := []struct {
		in             []string
		confirm, refut bool
		bad            bool
	}{
		{[]string{"confirm"}, true, false, false},
		{[]string{"confirm,refute"}, true, true, false},
		{[]string{"refute", "CONFIRM"}, true, true, false},
		{[]string{"none"}, false, false, false},
		{[]string{"none", "confirm"}, false, false, true},
		{[]string{"maybe"}, false, false, true},
	}
	for _, c := range cases {
		cf, rf, err := ParseWitness(c.in)
		if (err != nil) != c.bad || (!c.bad && (cf != c.confirm || rf != c.refut)) {
			t.Errorf("%v → %v %v %v", c.in, cf, rf, err)
		}
	}
}

func TestClassifyHookExit_EveryRule(t *testing.T) {
	m := map[int]string{0: VerdictBlock, 3: VerdictDefer, 4: VerdictObserve, 2: VerdictPass}
	cases := []struct {
		code          int
		m             map[int]string
		token, reason string
	}{
		{0, nil, VerdictPass, ReasonExitZero},
		{2, nil, VerdictBlock, ReasonExitTwo},
		{1, nil, VerdictWarn, ReasonUnmapped},
		{127, nil, VerdictWarn, ReasonUnmapped},
		{-1, nil, VerdictWarn, ReasonUnmapped},
		{0, m, VerdictBlock, ReasonMapped}, // an explicit 0=BLOCK is honoured
		{2, m, VerdictPass, ReasonMapped},
		{3, m, VerdictDefer, ReasonMapped},
		{4, m, VerdictObserve, ReasonMapped},
		{5, m, VerdictWarn, ReasonUnmapped},
	}
	for _, c := range cases {
		if v := ClassifyHookExit(c.code, c.m); v.Token != c.token || v.Reason != c.reason {
			t.Errorf("code %d map %v → %s/%s, want %s/%s", c.code, c.m, v.Token, v.Reason, c.token, c.reason)
		}
	}
}

func TestParseHookMap(t *testing.T) {
	m, err := ParseHookMap([]string{"3=defer,4=OBSERVE", "0=BLOCK"})
	want := map[int]string{3: VerdictDefer, 4: VerdictObserve, 0: VerdictBlock}
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Fatalf("%v %v", m, err)
	}
	for _, bad := range []string{"3", "x=PASS", "3=STOP", "3=PASS,3=BLOCK"} {
		if _, err := ParseHookMap([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if d := HookMapDetail(want); d["0"] != VerdictBlock || len(d) != 3 {
		t.Fatalf("detail %v", d)
	}
}

func TestClassifyImprove_EveryRuleAndStreak(t *testing.T) {
	p := DefaultImprove() // max reverts 3, spend floor 0.001 from 1000 tokens
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
