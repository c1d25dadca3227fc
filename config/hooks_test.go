package config

import (
	"strings"
	"testing"
)

func TestParse_HooksScopeGate(t *testing.T) {
	c := Parse("/w", "/w/dos.toml", []byte("[hooks]\nscope_gate = true\n"))
	if !c.Hooks.ScopeGate || len(c.Warnings) != 0 {
		t.Fatalf("%+v %v", c.Hooks, c.Warnings)
	}
	for _, bad := range []string{"[hooks]\nscope_gate = \"yes\"\n", "[hooks]\nscope_gat = true\n", "hooks = 1\n"} {
		c := Parse("/w", "/w/dos.toml", []byte(bad))
		if c.Hooks.ScopeGate || len(c.Warnings) != 1 || c.Warnings[0].Table != "hooks" || !strings.Contains(c.Warnings[0].String(), "hooks") {
			t.Errorf("%q: %+v %v", bad, c.Hooks, c.Warnings)
		}
	}
	if Parse("/w", "/w/dos.toml", []byte("[lanes]\n")).Hooks.ScopeGate {
		t.Error("scope gate on by default")
	}
}
