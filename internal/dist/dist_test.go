package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var host = Target{runtime.GOOS, runtime.GOARCH}

// stage lays out what `make dist` stages for targets. With real, both
// binaries are this test binary (a real program for the host); else a
// few bytes that are no program at all (packing is slow enough already).
func stage(t *testing.T, real bool, targets ...Target) string {
	t.Helper()
	dir := t.TempDir()
	prog := []byte("not a program\n")
	if real {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		if prog, err = os.ReadFile(self); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range append(slices.Clone(docFiles), "man/man1/dos-journal-verify.1") {
		write(t, filepath.Join(dir, "common", rel), []byte("doc "+rel+"\n"))
	}
	for _, tg := range targets {
		for _, b := range tg.binaries() {
			write(t, filepath.Join(dir, tg.OS+"_"+tg.Arch, b), prog)
		}
	}
	return dir
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

func packed(t *testing.T, st, version string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := pack(st, out, version, time.Unix(1764662400, 0), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPack_ArchiveHoldsBinariesDocsUnderOneDirectoryAndChecksOut(t *testing.T) {
	out := packed(t, stage(t, true, host), "v1.2.0")
	name := "dos_1.2.0_" + host.OS + "_" + host.Arch + ".tar.gz"
	ents, err := readArchive(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.name)
		if strings.HasSuffix(e.name, "/dos") && e.mode != 0o755 || strings.HasSuffix(e.name, "README.md") && e.mode != 0o644 {
			t.Errorf("%s: mode %v", e.name, e.mode)
		}
	}
	dir := "dos_1.2.0_" + host.OS + "_" + host.Arch + "/"
	want := []string{dir + "LICENSE", dir + "README.md", dir + "completions/_dos", dir + "completions/dos.bash",
		dir + "completions/dos.fish", dir + "completions/dos.ps1", dir + "dos", dir + "dos-pipes", dir + "man/man1/dos-export.1",
		dir + "man/man1/dos-journal-verify.1", dir + "man/man1/dos-notify.1", dir + "man/man1/dos-verify.1", dir + "man/man1/dos.1"}
	if !slices.Equal(got, want) {
		t.Fatalf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var listing bytes.Buffer
	if err := check(out, "v1.2.0", []Target{host}, checkOptions{}, &listing); err != nil {
		t.Fatalf("check: %v", err)
	}
	if !strings.Contains(listing.String(), name) || !strings.Contains(listing.String(), "5 man pages") {
		t.Errorf("listing: %q", listing.String())
	}
	sums, _ := os.ReadFile(filepath.Join(out, checksumsName))
	if sum, _ := sha256File(filepath.Join(out, name)); string(sums) != sum+"  "+name+"\n" {
		t.Errorf("checksums.txt: %q", sums)
	}
}

func TestPack_SameStageSameBytes(t *testing.T) {
	st := stage(t, true, host)
	a, _ := os.ReadFile(filepath.Join(packed(t, st, "v1"), checksumsName))
	b, _ := os.ReadFile(filepath.Join(packed(t, st, "v1"), checksumsName))
	if !bytes.Equal(a, b) {
		t.Fatalf("two packs of one stage differ:\n%s\n%s", a, b)
	}
}

func TestPack_WindowsIsAZipOfExeFiles(t *testing.T) {
	win := Target{"windows", "amd64"}
	out := packed(t, stage(t, false, win), "abc1234-dirty")
	ents, err := readArchive(filepath.Join(out, "dos_abc1234-dirty_windows_amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.name)
	}
	for _, w := range []string{"dos_abc1234-dirty_windows_amd64/dos.exe", "dos_abc1234-dirty_windows_amd64/dos-pipes.exe", "dos_abc1234-dirty_windows_amd64/completions/dos.ps1"} {
		if !slices.Contains(names, w) {
			t.Errorf("%s missing from %v", w, names)
		}
	}
	// what was staged as dos.exe is no Windows program: check says so
	err = check(out, "abc1234-dirty", []Target{win}, checkOptions{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "dos.exe is not a program") || !strings.Contains(err.Error(), "not a windows/amd64 program") {
		t.Fatalf("want the wrong-platform binary named, got %v", err)
	}
}

func TestCheck_NamesWhatIsMissingStrayOrTampered(t *testing.T) {
	name := host.archiveName("v1")
	for _, c := range []struct {
		name   string
		spoil  func(st string)  // the stage, before pack
		tamper func(out string) // the archives, after
		says   string
	}{
		{name: "a completion not staged", spoil: func(st string) { os.Remove(filepath.Join(st, "common", "completions", "dos.fish")) },
			says: "completions/dos.fish is missing"},
		{name: "a stray file", spoil: func(st string) { write(t, filepath.Join(st, "common", "notes.txt"), []byte("x")) },
			says: "notes.txt is not a file a release ships"},
		{name: "dos-pipes not built", spoil: func(st string) { os.Remove(filepath.Join(st, host.OS+"_"+host.Arch, "dos-pipes")) },
			says: "stage for " + host.String()},
		{name: "an archive changed after its checksum", tamper: func(out string) {
			f, _ := os.OpenFile(filepath.Join(out, name), os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte("x"))
			f.Close()
		}, says: "checksums.txt says"},
		{name: "a target never built", tamper: func(out string) { os.Remove(filepath.Join(out, name)) }, says: "no such file"},
	} {
		st := stage(t, false, host)
		out := filepath.Join(t.TempDir(), "dist")
		if c.spoil != nil {
			c.spoil(st)
		}
		_, err := pack(st, out, "v1", time.Unix(0, 0), &bytes.Buffer{})
		if err == nil {
			if c.tamper != nil {
				c.tamper(out)
			}
			err = check(out, "v1", []Target{host}, checkOptions{}, &bytes.Buffer{})
		}
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v; want it to say %q", c.name, err, c.says)
		}
	}
}

func TestCheck_ExpectsEveryTarget(t *testing.T) {
	out := packed(t, stage(t, false, host), "v1")
	err := check(out, "v1", []Target{host, {"plan9", "amd64"}}, checkOptions{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "plan9/amd64") {
		t.Fatalf("a target without an archive passed: %v", err)
	}
}

func TestIdentify_ReadsThePlatformOfAProgram(t *testing.T) {
	self, _ := os.Executable()
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	goos, goarch, desc, err := identify(b)
	if err != nil || goos != host.OS || goarch != host.Arch {
		t.Fatalf("this test binary reads as %s/%s (%s, %v)", goos, goarch, desc, err)
	}
	if _, _, _, err := identify([]byte("#!/bin/sh\necho dos\n")); err == nil {
		t.Fatal("a script passed as a program")
	}
}

func TestRun_UsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{nil, {"ship"}, {"pack"}, {"check", "-version", "v1"}, {"check", "-version", "v1", "-targets", "linux", "dist"}} {
		var errb bytes.Buffer
		if code := run(args, &bytes.Buffer{}, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]Target{"linux/amd64": {"linux", "amd64"}, "windows_arm64": {"windows", "arm64"}} {
		if got, err := parseTarget(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"linux", "/amd64", "linux/", "a/b/c"} {
		if _, err := parseTarget(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
