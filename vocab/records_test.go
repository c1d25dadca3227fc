package vocab

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestRecordsDoc_MatchesTheVerbTable keeps docs/RECORDS.md and the verb
// table in step: every syscall has a section whose heading lists each of
// its verdicts with its exit code.
func TestRecordsDoc_MatchesTheVerbTable(t *testing.T) {
	b, err := os.ReadFile("../docs/RECORDS.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, v := range Verbs() {
		i := strings.Index(doc, "### `"+v.Syscall+"` — ")
		if i < 0 {
			t.Errorf("docs/RECORDS.md has no section for %s", v.Syscall)
			continue
		}
		heading := doc[i : i+strings.IndexByte(doc[i:], '\n')]
		for _, o := range v.Outcomes {
			want := fmt.Sprintf("%s %d", o.Token, o.Code)
			if o.Token == "" {
				want = fmt.Sprintf("exit %d", o.Code)
			}
			if o.Token == VerdictProposed {
				want = "`PROPOSED`, exit 0"
			}
			if !strings.Contains(heading, want) {
				t.Errorf("%s heading %q does not say %q", v.Syscall, heading, want)
			}
		}
		if !strings.Contains(heading, v.Kind) {
			t.Errorf("%s heading %q does not name kind %s", v.Syscall, heading, v.Kind)
		}
	}
}

func TestVerbs_EveryExitCodeIsAVerdictNeverTheUsageCode(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Verbs() {
		if seen[v.Syscall] {
			t.Errorf("%s listed twice", v.Syscall)
		}
		seen[v.Syscall] = true
		for _, o := range v.Outcomes {
			if o.Code == ExitUsage {
				t.Errorf("%s %s uses exit %d, which means bad input", v.Syscall, o.Token, ExitUsage)
			}
			if v.Code(o.Token) != o.Code {
				t.Errorf("%s Code(%s) mismatch", v.Syscall, o.Token)
			}
		}
		for _, name := range []string{v.Name, v.Syscall, strings.ReplaceAll(v.Name, " ", "-")} {
			if got, ok := LookupVerb(name); !ok || got.Syscall != v.Syscall {
				t.Errorf("LookupVerb(%q) = %v, %v", name, got.Syscall, ok)
			}
		}
	}
	for _, s := range []string{SysRunStart, SysRunEnd, SysIntentDeclare, SysIntentClaim, SysHalt, SysLeaseAcquire, SysLeaseRelease,
		SysLeaseHeartbeat, SysVerify, SysLiveness, SysProductivity, SysEfficiency, SysBreaker, SysReward, SysHookExit, SysExecCapability, SysImprove,
		SysHookPretool, SysHookPosttool, SysHookStop, SysHookMarker} {
		if !seen[s] {
			t.Errorf("syscall %s has no verb", s)
		}
	}
	if _, ok := LookupVerb("nope"); ok {
		t.Error("LookupVerb found nope")
	}
}

func TestValidToken(t *testing.T) {
	good := []string{"AUTH", "AUTH1", "a", "v1.2", "lane_one", "auth-refactor", "A" + strings.Repeat("b", 63)}
	bad := []string{"", "1AUTH", "-x", "AUTH1:", "has space", "A" + strings.Repeat("b", 64), "ünï", "a/b", "$(x)"}
	for _, s := range good {
		if !ValidToken(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range bad {
		if ValidToken(s) || CheckToken("x", s) == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestCleanLeasePath(t *testing.T) {
	cases := map[string]string{"api/": "api/", "api": "api", "./api//v2/": "api/v2/", ".": ".", "a/../b": "b", "./": "."}
	for in, want := range cases {
		if got, err := CleanLeasePath(in); err != nil || got != want {
			t.Errorf("CleanLeasePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "/etc", "..", "../x", "a/../../x", "a\x00b"} {
		if _, err := CleanLeasePath(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
