package vocab

import (
	"slices"
	"testing"
)

// TestClassOf_EveryTokenOfEveryVerbHasOneClass walks the verb and view
// tables: every outcome names a known class, a token reads the same in
// every verb that returns it, and no success (exit 0) is a failure.
func TestClassOf_EveryTokenOfEveryVerbHasOneClass(t *testing.T) {
	seen := map[string]Class{}
	for _, v := range AllVerbs() {
		for _, o := range v.Outcomes {
			if !slices.Contains(Classes(), o.Class) {
				t.Errorf("%s %q has class %q, not one of %v", v.Name, o.Token, o.Class, Classes())
			}
			// A hook's exit code is the host's protocol (exit 2 blocks every
			// tool call), so every hook outcome exits 0 and its class is the
			// verdict's own.
			if o.Code == 0 && v.Kind != KindHook && o.Class != ClassOK && o.Class != ClassInfo {
				t.Errorf("%s %q exits 0 but is class %s: success never reads as trouble", v.Name, o.Token, o.Class)
			}
			if o.Token == "" {
				continue // a command's exit code, not a verdict token
			}
			if prev, ok := seen[o.Token]; ok && prev != o.Class {
				t.Errorf("%q is %s in one verb and %s in %s", o.Token, prev, o.Class, v.Name)
			}
			if v.Kind == KindHook && o.Code != 0 {
				t.Errorf("%s %q exits %d: a hook exits 0 whatever it decides", v.Name, o.Token, o.Code)
			}
			seen[o.Token] = o.Class
			if got := ClassOf(o.Token); got != o.Class {
				t.Errorf("ClassOf(%q) = %s, want %s", o.Token, got, o.Class)
			}
		}
	}
}

func TestClassOf_Rules(t *testing.T) {
	cases := map[string]Class{
		"": ClassInfo, VerdictShipped: ClassOK, VerdictReleased: ClassOK, VerdictRenewed: ClassOK,
		VerdictNotShipped: ClassWarn, VerdictRefused: ClassWarn, VerdictStalled: ClassFail, VerdictGrantsExec: ClassFail,
		StepVerified: ClassOK, StepOverClaimed: ClassFail, StepPending: ClassWarn,
		"NOT_SOMETHING_NEW": ClassWarn, "SOMETHING_NEW": ClassInfo,
	}
	for tok, want := range cases {
		if got := ClassOf(tok); got != want {
			t.Errorf("ClassOf(%q) = %s, want %s", tok, got, want)
		}
	}
}

// TestViewVerbs_CodesAreVerdictsNeverTheUsageCode holds resume and
// complete to the same exit-code rule as the kernel's verbs.
func TestViewVerbs_CodesAreVerdictsNeverTheUsageCode(t *testing.T) {
	for _, v := range ViewVerbs() {
		if v.Syscall != "" || v.Kind != "" {
			t.Errorf("view %s names a record (%s, %s): views never append", v.Name, v.Syscall, v.Kind)
		}
		for _, o := range v.Outcomes {
			if o.Code == ExitUsage {
				t.Errorf("%s %s uses exit 2", v.Name, o.Token)
			}
		}
	}
}
