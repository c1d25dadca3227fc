package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// checksumsName is the SHA-256 list beside the archives, in the format
// `sha256sum -c` reads.
const checksumsName = "checksums.txt"

// pack writes one archive per stage/<os>_<arch>/ directory (its two
// binaries plus stage/common/'s tree) into out, then checksums.txt. It
// returns the archives' names.
func pack(stage, out, version string, mtime time.Time, log io.Writer) ([]string, error) {
	common, err := commonFiles(filepath.Join(stage, "common"))
	if err != nil {
		return nil, err
	}
	dirs, err := os.ReadDir(stage)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "common" {
			continue
		}
		t, err := parseTarget(d.Name())
		if err != nil {
			return nil, fmt.Errorf("stage %s: %w", d.Name(), err)
		}
		files := append([]file{}, common...)
		for _, b := range t.binaries() {
			src := filepath.Join(stage, d.Name(), b)
			if _, err := os.Stat(src); err != nil {
				return nil, fmt.Errorf("stage for %s: %w", t, err)
			}
			files = append(files, file{rel: b, mode: 0o755, src: src})
		}
		name := t.archiveName(version)
		if err := writeArchive(filepath.Join(out, name), t.base(version), files, mtime); err != nil {
			return nil, fmt.Errorf("write %s: %w", name, err)
		}
		fmt.Fprintf(log, "wrote %s (%d files)\n", filepath.Join(out, name), len(files))
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("stage %s holds no <os>_<arch> directory", stage)
	}
	return names, writeChecksums(out, names)
}

// commonFiles lists every file under dir as an archive file (0644).
func commonFiles(dir string) ([]file, error) {
	var out []file
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, file{rel: filepath.ToSlash(rel), mode: 0o644, src: p})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stage's common files: %w", err)
	}
	return out, nil
}

// writeChecksums writes out/checksums.txt for names, sorted.
func writeChecksums(out string, names []string) error {
	sort.Strings(names)
	var b []byte
	for _, n := range names {
		sum, err := sha256File(filepath.Join(out, n))
		if err != nil {
			return err
		}
		b = fmt.Appendf(b, "%s  %s\n", sum, n)
	}
	return os.WriteFile(filepath.Join(out, checksumsName), b, 0o644)
}

func sha256File(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
