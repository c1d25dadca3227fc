// Package version reports which dos this is: the module version and the
// commit it was built from.
package version

import (
	"runtime/debug"
)

// commit is set at link time: -ldflags "-X github.com/dos-go/dos/internal/version.commit=abc1234".
var commit string

// Info describes this build.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go_version"`
}

// Get returns this build's version information.
func Get() Info {
	i := Info{Version: "(devel)", Commit: commit}
	if bi, ok := debug.ReadBuildInfo(); ok {
		i.GoVersion = bi.GoVersion
		if v := bi.Main.Version; v != "" {
			i.Version = v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && i.Commit == "" && len(s.Value) >= 7 {
				i.Commit = s.Value[:7]
			}
		}
	}
	if i.Commit == "" {
		i.Commit = "unknown"
	}
	return i
}

// String is the short form used in User-Agent headers: "dos/VERSION".
func (i Info) String() string { return "dos/" + i.Version }
