// Package version reports which dos this is: the single source of the
// version string `dos version`, the release archives' names, the OTLP
// scope and the User-Agent all use.
//
// `make build`, `make install` and `make dist` link the version in:
//
//	-ldflags "-X github.com/dos-go/dos/internal/version.version=$(git describe --tags --always --dirty)
//	          -X github.com/dos-go/dos/internal/version.commit=$(git rev-parse --short HEAD)"
//
// so a tagged checkout says v1.2.0, one four commits past it
// v1.2.0-4-gabc1234, an untagged one its short commit, and a changed tree
// adds -dirty. A plain `go build` or `go install ./cmd/...` links nothing:
// the version is then the Go command's own stamp of the module (from its
// VCS information), else "dev".
package version

import (
	"runtime/debug"
)

// version and commit are set at link time (see the package doc); empty
// in a plain go build.
var (
	version string
	commit  string
)

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
	bi, _ := debug.ReadBuildInfo()
	return info(version, commit, bi)
}

// info is Get with the linked values and the build information given.
func info(linked, commit string, bi *debug.BuildInfo) Info {
	i := Info{Version: linked, Commit: commit}
	if bi != nil {
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
		i.Version = "dev" // never Go's "(devel)": a plain build still says what it is
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
