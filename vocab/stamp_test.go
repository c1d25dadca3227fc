package vocab

import "testing"

func TestMatchStamp_TheGenericGrammar(t *testing.T) {
	g := DefaultStampGrammar()
	cases := []struct {
		subject, plan, phase string
		want                 bool
	}{
		{"AUTH2: refresh tokens", "AUTH", "AUTH2", true},
		{"  auth2: lower case", "AUTH", "AUTH2", true},
		{"AUTH: AUTH2 refresh", "AUTH", "AUTH2", true},
		{"AUTH AUTH2 refresh", "AUTH", "AUTH2", true},
		{"src/AUTH: AUTH6 done", "AUTH", "AUTH6", true},
		{"src/AUTH6: done", "AUTH", "AUTH6", true},
		{"a/b/AUTH6: two segments", "AUTH", "AUTH6", false},
		{"AUTH20: longer token", "AUTH", "AUTH2", false},
		{"AUTH: AUTH2.1 sub-phase", "AUTH", "AUTH2", false},
		{"AUTH2 done (no colon, no plan)", "AUTH", "AUTH2", false},
		{"fix AUTH2: in the middle", "AUTH", "AUTH2", false},
		{"AUTH1: numeric shorthand", "AUTH", "1", true},
		{"AUTH: 1 numeric shorthand", "AUTH", "1", true},
		{"AUTH 1 numeric shorthand", "AUTH", "1", true},
		{"1: the bare number", "AUTH", "1", true},
		{"AUTH 12 a longer number", "AUTH", "1", false},
		{"AUTH: Phase 12 done", "AUTH", "Phase 12", true},
		{"AUTH12: done", "AUTH", "Phase 12", true},
		{"AUTH: Phase 12 done", "AUTH", "AUTH12", true},
		{"AUTH: Phase 1 done", "AUTH", "AUTH12", false},
		{"v1.2.3: AUTH2 and more", "AUTH", "AUTH2", false},
		{"release snapshot: AUTH2: x", "AUTH", "AUTH2", false},
		{"rollup 20261120 AUTH2: x", "AUTH", "AUTH2", false},
		{"AUTH2': prime", "AUTH", "AUTH2prime", true},
		{"AUTH1: glued with no plan given", "", "AUTH1", true},
		{"AUTH: AUTH1 prefixed needs the plan", "", "AUTH1", false},
	}
	for _, c := range cases {
		if got := MatchStamp(c.subject, c.plan, c.phase, g); got != c.want {
			t.Errorf("MatchStamp(%q, %s, %s) = %v, want %v", c.subject, c.plan, c.phase, got, c.want)
		}
	}
}

func TestMatchStamp_DeclaredGrammar(t *testing.T) {
	g := StampGrammar{SubjectDirs: []string{"svc"}, BookkeepingPrefixes: []string{"chore(release)"}, ProgressMarkers: []string{"wip"}}
	cases := []struct {
		subject string
		want    bool
	}{
		{"svc/AUTH: AUTH2 done", true},
		{"AUTH: AUTH2 done", false},    // the dir is required
		{"svc/AUTH2: glued", false},    // and the glued form is off
		{"svc/AUTH: AUTH2 wip", false}, // a progress marker
		{"chore(release) svc/AUTH: AUTH2", false},
	}
	for _, c := range cases {
		if got := MatchStamp(c.subject, "AUTH", "AUTH2", g); got != c.want {
			t.Errorf("MatchStamp(%q) = %v, want %v", c.subject, got, c.want)
		}
	}
}

func TestCheckPhase(t *testing.T) {
	for _, ok := range []string{"AUTH1", "1", "Phase 12", "phase12", "v1.2"} {
		if CheckPhase(ok) != nil {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "AUTH 1", "$(x)", "phase x"} {
		if CheckPhase(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPhaseSectionPaths(t *testing.T) {
	doc := "# Plan\n## AUTH1 login\nTouches `api/auth/login.go` and api/auth/session.go.\n## AUTH10 other\nx/y.go\n- **AUTH2** refresh: api/refresh.go, https://x.io/a.b\n"
	if got := PhaseSectionPaths(doc, "AUTH1"); len(got) != 2 || got[0] != "api/auth/login.go" || got[1] != "api/auth/session.go" {
		t.Fatalf("AUTH1: %v", got)
	}
	if got := PhaseSectionPaths(doc, "AUTH2"); len(got) != 1 || got[0] != "api/refresh.go" {
		t.Fatalf("AUTH2: %v", got)
	}
}

func TestParseRegistry(t *testing.T) {
	doc := "# the registry\nversion: 2\nrecently_completed:\n  - plan: REG   # a comment\n    phase: 'REG1'\n    status: \"done\"\n    commit_sha: 0123456789ab\n  -\n    plan: X\nactive: []\n"
	rows, err := ParseRegistry([]byte(doc))
	if err != nil || len(rows) != 2 || rows[0]["plan"] != "REG" || rows[0]["phase"] != "REG1" || rows[0]["status"] != "done" || rows[0]["commit_sha"] != "0123456789ab" || rows[1]["plan"] != "X" {
		t.Fatalf("%v %v", rows, err)
	}
	for _, bad := range []string{"recently_completed: [unclosed\n", "recently_completed:\n  - plan: [a, b]\n", "recently_completed:\n  plan: x\n"} {
		if _, err := ParseRegistry([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if rows, err := ParseRegistry([]byte("other: 1\n")); err != nil || len(rows) != 0 {
		t.Fatalf("no key: %v %v", rows, err)
	}
}
