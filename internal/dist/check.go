package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// checkOptions say what check verifies beyond the archives' contents.
type checkOptions struct {
	// Run executes the host platform's binaries (`version --json`) to see
	// the linked version.
	Run bool
}

// check verifies the release in dir: one archive per target, each listed
// in checksums.txt with its SHA-256, each holding exactly the binaries
// (built for its platform, executable) and the documentation files, the
// same man pages in all. It prints what each archive holds and returns
// every problem found, joined.
func check(dir, version string, targets []Target, o checkOptions, w io.Writer) error {
	var probs []error
	bad := func(format string, args ...any) { probs = append(probs, fmt.Errorf(format, args...)) }
	sums, err := readChecksums(filepath.Join(dir, checksumsName))
	if err != nil {
		return err
	}
	want := map[string]bool{}
	var manRef []string
	for _, t := range targets {
		name := t.archiveName(version)
		want[name] = true
		sum, err := sha256File(filepath.Join(dir, name))
		if err != nil {
			bad("%s: %v", t, err)
			continue
		}
		if sums[name] != sum {
			bad("%s: checksums.txt says %q, the file's SHA-256 is %s", name, sums[name], sum)
		}
		ents, err := readArchive(filepath.Join(dir, name))
		if err != nil {
			bad("%v", err)
			continue
		}
		man, summary := checkEntries(t, version, ents, bad)
		if manRef == nil {
			manRef = man
		} else if !slices.Equal(man, manRef) {
			bad("%s: its man pages differ from the first archive's (%d against %d)", name, len(man), len(manRef))
		}
		if o.Run && t.OS == runtime.GOOS && t.Arch == runtime.GOARCH {
			if err := runVersion(t, version, ents); err != nil {
				bad("%s: %v", name, err)
			} else {
				summary += ", `version` says " + version
			}
		}
		fmt.Fprintf(w, "%s  sha256 %.12s…  %s\n", name, sum, summary)
	}
	for name := range sums {
		if !want[name] {
			bad("checksums.txt lists %s, which is no expected target's archive", name)
		}
	}
	return errors.Join(probs...)
}

// checkEntries checks one archive's entries and returns its man pages and
// a one-line summary of what it holds.
func checkEntries(t Target, version string, ents []entry, bad func(string, ...any)) ([]string, string) {
	name, prefix := t.archiveName(version), t.base(version)+"/"
	required := append(t.binaries(), docFiles...)
	seen := map[string]bool{}
	var man, formats []string
	for _, e := range ents {
		rel, ok := strings.CutPrefix(e.name, prefix)
		if !ok {
			bad("%s: %s is not under %s", name, e.name, prefix)
			continue
		}
		seen[rel] = true
		switch {
		case slices.Contains(t.binaries(), rel):
			if e.mode&0o111 == 0 {
				bad("%s: %s is not executable (mode %v)", name, rel, e.mode)
			}
			os, arch, desc, err := identify(e.data)
			if err != nil || os != t.OS || arch != t.Arch {
				bad("%s: %s is %s (%v), not a %s program", name, rel, desc, err, t)
			}
			formats = append(formats, desc)
		case isManPage(rel):
			man = append(man, rel)
		case !slices.Contains(docFiles, rel):
			bad("%s: %s is not a file a release ships", name, rel)
		}
	}
	for _, r := range required {
		if !seen[r] {
			bad("%s: %s is missing", name, r)
		}
	}
	slices.Sort(man)
	return man, fmt.Sprintf("%d files: %s, LICENSE, README.md, 4 completions, %d man pages (%s)",
		len(ents), strings.Join(t.binaries(), ", "), len(man), strings.Join(slices.Compact(formats), ", "))
}

// identify reads a program's header: which OS and architecture it runs on.
func identify(b []byte) (goos, goarch, desc string, err error) {
	r := bytes.NewReader(b)
	if f, err := elf.NewFile(r); err == nil {
		switch f.Machine {
		case elf.EM_X86_64:
			return "linux", "amd64", "ELF x86-64", nil
		case elf.EM_AARCH64:
			return "linux", "arm64", "ELF arm64", nil
		}
		return "linux", "", "ELF " + f.Machine.String(), nil
	}
	if f, err := macho.NewFile(r); err == nil {
		switch f.Cpu {
		case macho.CpuAmd64:
			return "darwin", "amd64", "Mach-O x86-64", nil
		case macho.CpuArm64:
			return "darwin", "arm64", "Mach-O arm64", nil
		}
		return "darwin", "", "Mach-O " + f.Cpu.String(), nil
	}
	if f, err := pe.NewFile(r); err == nil {
		switch f.Machine {
		case pe.IMAGE_FILE_MACHINE_AMD64:
			return "windows", "amd64", "PE x86-64", nil
		case pe.IMAGE_FILE_MACHINE_ARM64:
			return "windows", "arm64", "PE arm64", nil
		}
		return "windows", "", fmt.Sprintf("PE machine %#x", f.Machine), nil
	}
	return "", "", "not a program", errors.New("neither ELF, Mach-O nor PE")
}

// runVersion extracts the binaries and asks each for its version.
func runVersion(t Target, version string, ents []entry) error {
	tmp, err := os.MkdirTemp("", "dos-dist-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, e := range ents {
		rel := e.name[strings.LastIndex(e.name, "/")+1:]
		if !slices.Contains(t.binaries(), rel) {
			continue
		}
		p := filepath.Join(tmp, rel)
		if err := os.WriteFile(p, e.data, 0o755); err != nil {
			return err
		}
		out, err := exec.Command(p, "version", "--json").Output()
		if err != nil {
			return fmt.Errorf("%s version: %v", rel, err)
		}
		var v struct{ Version string }
		if err := json.Unmarshal(out, &v); err != nil || v.Version != version {
			return fmt.Errorf("%s version says %q, want %q (was -ldflags -X internal/version.version set?)", rel, v.Version, version)
		}
	}
	return nil
}

// readChecksums reads "SUM  NAME" lines.
func readChecksums(name string) (map[string]string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		sum, file, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || file == "" {
			return nil, fmt.Errorf("%s:%d: not `SHA256  NAME`", name, n)
		}
		sums[file] = sum
	}
	return sums, nil
}
