package version

import (
	"runtime/debug"
	"testing"
)

func TestInfo_LinkedVersionWinsOverTheModuleStamp(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261202-abcdef123456+dirty"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}}}
	for _, c := range []struct {
		name, linked, commit string
		bi                   *debug.BuildInfo
		want                 Info
	}{
		{"make dist from a tag", "v1.2.0", "1a2b3c4", stamped, Info{"v1.2.0", "1a2b3c4", "go1.26.8"}},
		{"make build past a tag, dirty", "v1.2.0-4-g1a2b3c4-dirty", "1a2b3c4", stamped, Info{"v1.2.0-4-g1a2b3c4-dirty", "1a2b3c4", "go1.26.8"}},
		{"go install ./cmd/... (nothing linked)", "", "", stamped, Info{"v0.0.0-20261202-abcdef123456+dirty", "abcdef1", "go1.26.8"}},
		{"no build information at all", "", "", nil, Info{"dev", "unknown", ""}},
		{"go run: the module is (devel)", "", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, Info{"dev", "unknown", "go1.26.8"}},
	} {
		if got := info(c.linked, c.commit, c.bi); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
