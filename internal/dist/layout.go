package main

import (
	"fmt"
	"path"
	"strings"
)

// Target is one platform a release ships for.
type Target struct{ OS, Arch string }

// defaultTargets are the platforms `make dist` builds by default.
var defaultTargets = []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"}

// parseTarget reads "os/arch" (or the stage directory's "os_arch").
func parseTarget(s string) (Target, error) {
	os, arch, ok := strings.Cut(strings.Replace(s, "_", "/", 1), "/")
	if !ok || os == "" || arch == "" || strings.ContainsAny(arch, "/_") {
		return Target{}, fmt.Errorf("target %q is not os/arch (e.g. linux/amd64)", s)
	}
	return Target{os, arch}, nil
}

func (t Target) String() string { return t.OS + "/" + t.Arch }

// exe is the file name of a program on t.
func (t Target) exe(name string) string {
	if t.OS == "windows" {
		return name + ".exe"
	}
	return name
}

// archiveVersion is the version as it appears in file names: without the
// leading "v" of a tag (v1.2.0 ships as dos_1.2.0_…).
func archiveVersion(v string) string { return strings.TrimPrefix(v, "v") }

// base is the archive's name without extension, and the one directory
// every entry sits under: dos_<version>_<os>_<arch>.
func (t Target) base(version string) string {
	return "dos_" + archiveVersion(version) + "_" + t.OS + "_" + t.Arch
}

// archiveName is base plus .zip on Windows (what Explorer opens), else .tar.gz.
func (t Target) archiveName(version string) string {
	if t.OS == "windows" {
		return t.base(version) + ".zip"
	}
	return t.base(version) + ".tar.gz"
}

// The files every archive holds beside the binaries, as paths under its
// directory. The stage's common/ tree holds them; man/man1 holds a page
// per command besides.
var docFiles = []string{
	"LICENSE",
	"README.md",
	"completions/_dos", // zsh
	"completions/dos.bash",
	"completions/dos.fish",
	"completions/dos.ps1",
	"man/man1/dos.1",
	"man/man1/dos-export.1", // dos-pipes's commands are documented too
	"man/man1/dos-notify.1",
	"man/man1/dos-verify.1",
}

// binaries are the programs of an archive for t.
func (t Target) binaries() []string { return []string{t.exe("dos"), t.exe("dos-pipes")} }

// isManPage reports whether rel is a page under man/man1.
func isManPage(rel string) bool { return path.Dir(rel) == "man/man1" && strings.HasSuffix(rel, ".1") }
