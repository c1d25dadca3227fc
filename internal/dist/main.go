// Command dist packs and checks the release archives (`make dist`):
//
//	dist pack  -version V -stage DIR -out DIR [-mtime UNIX]
//	dist check -version V [-targets os/arch,...] [-run=false] DIR
//
// pack turns a stage (the Makefile's cross builds under DIR/<os>_<arch>/
// and the man pages, completions, README and LICENSE under DIR/common/)
// into dos_<version>_<os>_<arch>.tar.gz (.zip for Windows), each with one
// directory of that name inside, plus checksums.txt. Entries are sorted,
// owned by root and stamped -mtime, so a commit packs to the same bytes.
// check lists each archive and fails on anything missing, stray, built
// for the wrong platform or not matching checksums.txt. It is a program
// rather than tar and zip in the Makefile so it runs the same on macOS
// and Linux (BSD tar has no --sort or --mtime) and is tested.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "pack" && args[0] != "check") {
		fmt.Fprintln(stderr, "dist: say `pack` or `check` (see `go doc ./internal/dist`)")
		return 2
	}
	fs := flag.NewFlagSet("dist "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.String("version", "", "the version being released (git describe)")
	stage := fs.String("stage", "dist/.stage", "pack: the staged builds and documents")
	out := fs.String("out", "dist", "pack: where the archives go")
	mtime := fs.Int64("mtime", 0, "pack: every entry's time, in Unix seconds (default now)")
	targets := fs.String("targets", strings.Join(defaultTargets, ","), "check: the os/arch pairs that must each have an archive")
	runHost := fs.Bool("run", true, "check: run the host platform's binaries to see their version")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *version == "" {
		fmt.Fprintln(stderr, "dist: -version is required (make dist passes git describe)")
		return 2
	}
	switch args[0] {
	case "pack":
		t := time.Now()
		if *mtime > 0 {
			t = time.Unix(*mtime, 0)
		}
		if _, err := pack(*stage, *out, *version, t.UTC(), stdout); err != nil {
			fmt.Fprintf(stderr, "dist pack: %v\n", err)
			return 1
		}
	case "check":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "dist check: name the directory holding the archives")
			return 2
		}
		var ts []Target
		for _, s := range strings.Split(*targets, ",") {
			t, err := parseTarget(strings.TrimSpace(s))
			if err != nil {
				fmt.Fprintf(stderr, "dist check: %v\n", err)
				return 2
			}
			ts = append(ts, t)
		}
		if err := check(fs.Arg(0), *version, ts, checkOptions{Run: *runHost}, stdout); err != nil {
			fmt.Fprintf(stderr, "dist check: %v\n", strings.ReplaceAll(err.Error(), "\n", "\ndist check: "))
			return 1
		}
		fmt.Fprintf(stdout, "%d archives and checksums.txt check out\n", len(ts))
	}
	return 0
}
