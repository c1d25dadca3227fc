package config

import (
	"testing"
	"time"
)

func env(m map[string]string) Env { return func(k string) string { return m[k] } }

func TestResolve_Precedence(t *testing.T) {
	cases := []struct {
		name          string
		wsFlag, jFlag string
		vars          map[string]string
		wantWS, wantJ string
	}{
		{"defaults", "", "", nil, "/cwd", "/cwd/.dos/journal"},
		{"env workspace", "", "", map[string]string{"DOS_WORKSPACE": "/ws"}, "/ws", "/ws/.dos/journal"},
		{"flag beats env", "/flag", "", map[string]string{"DOS_WORKSPACE": "/ws"}, "/flag", "/flag/.dos/journal"},
		{"env journal", "", "", map[string]string{"DOS_JOURNAL": "/j"}, "/cwd", "/j"},
		{"journal flag beats env", "", "rel/j", map[string]string{"DOS_JOURNAL": "/j"}, "/cwd", "/cwd/rel/j"},
		{"relative workspace", "repo", "", nil, "/cwd/repo", "/cwd/repo/.dos/journal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Resolve(c.wsFlag, c.jFlag, env(c.vars), "/cwd")
			if p.Workspace != c.wantWS || p.Journal != c.wantJ {
				t.Fatalf("got %+v, want %s %s", p, c.wantWS, c.wantJ)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90m": 90 * time.Minute, "7d": 7 * 24 * time.Hour, "1d12h": 36 * time.Hour, "0s": 0} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x", "-1d", "3dd", "d"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
