// Package version reports which dos this is: its version and the commit it
// was built from. It is the one source `dos version`, `dos --version` and
// the User-Agent of export and notify read.
package version

import (
	"runtime/debug"
)

// version and commit are set at link time (`make build` does it):
//
//	-ldflags "-X github.com/dos-go/dos/internal/version.version=v1.2.3 -X github.com/dos-go/dos/internal/version.commit=abc1234"
var version, commit string

// Info describes this build.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go_version"`
}

// Get returns this build's version information: the linked-in version,
// else the module version `go install …@v1.2.3` records, else "dev"
// (never Go's "(devel)"); the linked-in commit, else the VCS revision Go
// stamped, else "unknown".
func Get() Info {
	i := Info{Version: version, Commit: commit}
	if bi, ok := debug.ReadBuildInfo(); ok {
		i.GoVersion = bi.GoVersion
		if v := bi.Main.Version; i.Version == "" && v != "" && v != "(devel)" {
			i.Version = v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && i.Commit == "" && len(s.Value) >= 7 {
				i.Commit = s.Value[:7]
			}
		}
	}
	if i.Version == "" {
		i.Version = "dev"
	}
	if i.Commit == "" {
		i.Commit = "unknown"
	}
	return i
}

// String is the short form used in User-Agent headers: "dos/VERSION".
func (i Info) String() string { return "dos/" + i.Version }

// Line is how `dos version` and `dos --version` say it.
func (i Info) Line() string {
	return "dos " + i.Version + " (commit " + i.Commit + ", " + i.GoVersion + ")"
}
