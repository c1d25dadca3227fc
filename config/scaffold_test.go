package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// Every scaffold loads without a warning and lints clean.
func TestScaffold_LoadsAndLintsClean(t *testing.T) {
	root := t.TempDir()
	cases := map[string]string{
		"dirs":     Scaffold(InferLanes([]string{"src", "docs", ".git", "node_modules", ".dos", "build"}), nil),
		"no-dirs":  Scaffold(nil, nil),
		"workshop": func() string { e, _ := LookupExample("workshop"); return Scaffold(nil, &e) }(),
		"monorepo": func() string { e, _ := LookupExample("monorepo"); return Scaffold(nil, &e) }(),
	}
	for name, text := range cases {
		c := Parse(root, filepath.Join(root, FileName), []byte(text))
		if len(c.Warnings) != 0 || !c.Lanes.Declared {
			t.Errorf("%s: %v", name, c.Warnings)
		}
		if fs := Lint(c, nil); len(fs) != 0 {
			t.Errorf("%s lints: %v", name, fs)
		}
		golden := filepath.Join("testdata", "scaffold", name+".toml")
		checkGolden(t, golden, text)
	}
	c := Parse(root, filepath.Join(root, FileName), []byte(cases["dirs"]))
	if strings.Join(c.Lanes.Concurrent, ",") != "docs,src" || strings.Join(c.Lanes.Exclusive, ",") != "global" {
		t.Errorf("inferred %+v", c.Lanes)
	}
	c = Parse(root, filepath.Join(root, FileName), []byte(cases["no-dirs"]))
	if len(c.Lanes.Concurrent) != 0 || strings.Join(c.Lanes.Exclusive, ",") != "main" {
		t.Errorf("no dirs %+v", c.Lanes)
	}
	if _, err := LookupExample("nope"); err == nil || !strings.Contains(err.Error(), "workshop") {
		t.Errorf("unknown example: %v", err)
	}
}

func TestInferLanes_CapsAtTwelve(t *testing.T) {
	var dirs []string
	for c := 'a'; c <= 'p'; c++ {
		dirs = append(dirs, string(c))
	}
	if got := InferLanes(dirs); len(got) != 12 || got[0] != "a" {
		t.Fatal(got)
	}
}
