package vocab

import (
	"reflect"
	"testing"
)

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
